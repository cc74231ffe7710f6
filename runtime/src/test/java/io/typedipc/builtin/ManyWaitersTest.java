package io.typedipc.builtin;

import static io.typedipc.builtin.SyncFixture.LONG;
import static io.typedipc.builtin.SyncFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.it.ChildJvm;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A thousand waiters on one lock, one queue, one event and one barrier — 4,000 parked calls from
 * five client JVMs — do not cost the Manager (this JVM) a thread each, the Manager keeps answering
 * other calls meanwhile, and every wait completes once released.
 */
class ManyWaitersTest {
  private static final int CHILDREN = 5;
  private static final int PER_CHILD = 200;
  private static final int WAITERS = CHILDREN * PER_CHILD;

  @Test
  void thousandsOfParkedWaitsCostNoManagerThreads() throws Exception {
    Manager.Builder builder = Manager.builder()
        .lock("w-lock").queue("w-queue", 0).event("w-event").barrier("w-barrier", WAITERS + 1).event("ping");
    try (SyncFixture f = new SyncFixture(builder)) {
      ManagerClient client = f.client();
      SharedLock lock = client.lock("w-lock");
      SharedBarrier barrier = client.barrier("w-barrier", WAITERS + 1);
      SharedEvent ping = client.event("ping");
      lock.lock();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      int before = threads.getThreadCount();

      List<ChildJvm> children = new ArrayList<>();
      for (int i = 0; i < CHILDREN; i++) {
        children.add(f.child("waiters", "w", Integer.toString(PER_CHILD)));
      }
      for (ChildJvm c : children) {
        assertEquals(Integer.toString(4 * PER_CHILD), c.awaitLine("PARKED", LONG));
      }
      eventually("every acquire and barrier wait is parked",
          () -> lock.getQueueLength() == WAITERS && barrier.getNumberWaiting() == WAITERS);
      int parked = threads.getThreadCount();

      long start = System.nanoTime();
      int pings = 200;
      for (int i = 0; i < pings; i++) {
        ping.isSet();
      }
      long pingMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start) / pings;
      System.out.printf("FIGURE manager threads: %d before, %d with %d parked calls (%+d); other calls meanwhile %d µs each%n",
          before, parked, 4 * WAITERS, parked - before, pingMicros);
      assertTrue(parked - before < 60, "the Manager grew from " + before + " to " + parked + " threads for " + 4 * WAITERS + " parked calls");
      assertTrue(pingMicros < 50_000, "calls to another object took " + pingMicros + " µs each while waits were parked");

      start = System.nanoTime();
      lock.unlock(); // passes through all 1,000 waiters, each releasing it at once
      eventually("the lock went round", () -> !lock.isLocked() && lock.getQueueLength() == 0);
      long handOffMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
      client.event("w-event").set();
      SharedQueue<Integer> queue = client.queue("w-queue", Integer.class);
      for (int i = 0; i < WAITERS; i++) {
        queue.put(i);
      }
      assertEquals(0, barrier.await(LONG), "the last party trips it");
      for (ChildJvm c : children) {
        assertEquals("lock=" + PER_CHILD + " queue=" + PER_CHILD + " event=" + PER_CHILD + " barrier=" + PER_CHILD,
            c.awaitLine("DONE", LONG));
      }
      assertTrue(queue.isEmpty());
      System.out.printf("FIGURE lock handed through %d waiters in 5 JVMs in %d ms (%d µs per hand-off and release)%n",
          WAITERS, handOffMicros / 1000, handOffMicros / WAITERS);
    }
  }

  /**
   * The README's "A blocked lock(), get(), put(), acquire(), await() or join() is a pending reply
   * in the Manager" for the calls the test above leaves out: puts into a full queue, semaphore
   * acquires, condition awaits and joins, made by blocked threads of a client JVM through the
   * public API, cost the Manager no thread each.
   */
  @Test
  void blockedPutsAcquiresConditionAwaitsAndJoinsCostNoManagerThreads() throws Exception {
    int perKind = 150;
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      SharedQueue<Integer> full = client.queue("b-full", Integer.class, 1);
      full.put(-1);
      SharedSemaphore semaphore = client.semaphore("b-sem", 0);
      SharedCondition condition = client.condition("b-cond");
      JoinableQueue<Integer> joinable = client.joinableQueue("b-jq", Integer.class, 0);
      joinable.put(-1);
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      int before = threads.getThreadCount();
      ChildJvm child = f.child("blockers", "b", Integer.toString(perKind));
      assertEquals(Integer.toString(4 * perKind), child.awaitLine("STARTED", LONG));
      eventually("every call is parked", () -> f.manager.introspect().parkedCalls() == 4 * perKind);
      int parked = threads.getThreadCount();
      System.out.printf("FIGURE manager threads: %d before, %d with %d parked puts, acquires, awaits and joins (%+d)%n",
          before, parked, 4 * perKind, parked - before);
      assertTrue(parked - before < 30, "the Manager grew from " + before + " to " + parked + " threads for "
          + 4 * perKind + " parked calls");

      for (int i = 0; i <= perKind; i++) {
        full.get(LONG);
      }
      semaphore.release(perKind);
      condition.lock().lock();
      try {
        condition.signalAll();
      } finally {
        condition.lock().unlock();
      }
      joinable.get(LONG);
      joinable.taskDone();
      String done = child.awaitLine("DONE", LONG);
      assertEquals("put=" + perKind + " acquire=" + perKind + " await=" + perKind + " join=" + perKind, done, child.output());
    }
  }

  @Test
  void uncontendedLockRoundTrips() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedLock lock = f.client().lock("l");
      for (int i = 0; i < 2000; i++) { // warm up
        lock.lock();
        lock.unlock();
      }
      int n = 5000;
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        lock.lock();
        lock.unlock();
      }
      long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
      System.out.printf("FIGURE uncontended lock()+unlock(): %.1f µs per pair (2 round trips), same host%n", (double) micros / n);
      assertTrue(micros / n < 100_000);
    }
  }
}
