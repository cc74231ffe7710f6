package io.typedipc.builtin;

import static io.typedipc.builtin.SyncFixture.LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ManagerClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's "InterruptedException from a waiting put/get" and the facades' promise that an
 * interrupt racing with a grant loses nothing (the wait is withdrawn, or it completed and returns
 * with the interrupt status set): threads waiting on a queue and a lock, interrupted at random
 * while elements and the lock are handed to them, neither lose nor duplicate an element nor leave
 * the lock held, and none gets another exception (a thread's first call, opening a connection,
 * once failed with ConnectionLostException when interrupted).
 */
@Timeout(180)
class InterruptRaceTest {

  @Test
  void interruptsRacingWithQueueGetsLoseAndDuplicateNothing() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      SharedQueue<Integer> q = client.queue("q", Integer.class);
      int n = 3_000;
      List<Integer> got = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger interrupted = new AtomicInteger();
      List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
      List<Thread> consumers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Thread t = new Thread(() -> {
          while (!stop.get()) {
            try {
              Integer e = q.poll(java.time.Duration.ofMillis(50));
              if (e != null) {
                got.add(e);
              }
            } catch (InterruptedException e) {
              interrupted.incrementAndGet();
            } catch (RuntimeException e) {
              unexpected.add(e);
            }
            Thread.interrupted(); // a completed wait keeps the status: clear it for the next
          }
        });
        t.start();
        consumers.add(t);
      }
      Thread interrupter = interrupter(consumers, stop);
      SharedQueue<Integer> producer = f.client().queue("q", Integer.class);
      for (int i = 0; i < n; i++) {
        producer.put(i);
      }
      long deadline = System.nanoTime() + LONG.toNanos();
      while (got.size() < n && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      stop.set(true);
      interrupter.join();
      for (Thread t : consumers) {
        t.join(TimeUnit.SECONDS.toMillis(30));
      }
      List<Integer> sorted = new ArrayList<>(got);
      Collections.sort(sorted);
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        expected.add(i);
      }
      assertEquals(List.of(), unexpected);
      assertEquals(expected, sorted, interrupted + " waits were interrupted");
      assertTrue(q.isEmpty());
      System.out.printf("FIGURE %d queue waits interrupted, %d elements each got once%n", interrupted.get(), n);
    }
  }

  @Test
  void interruptsRacingWithLockGrantsLeaveNoLockHeld() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      SharedLock lock = client.lock("l");
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger acquired = new AtomicInteger();
      AtomicInteger interrupted = new AtomicInteger();
      AtomicInteger inside = new AtomicInteger();
      AtomicBoolean overlap = new AtomicBoolean();
      List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Thread t = new Thread(() -> {
          while (!stop.get()) {
            try {
              lock.lockInterruptibly();
            } catch (InterruptedException e) {
              interrupted.incrementAndGet();
              continue;
            } catch (RuntimeException e) {
              unexpected.add(e);
              continue;
            }
            try {
              if (inside.incrementAndGet() != 1) {
                overlap.set(true);
              }
              acquired.incrementAndGet();
              inside.decrementAndGet();
            } finally {
              lock.unlock();
            }
            Thread.interrupted();
          }
        });
        t.start();
        threads.add(t);
      }
      Thread interrupter = interrupter(threads, stop);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acquired.get() < 2_000 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      stop.set(true);
      interrupter.join();
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(t.isAlive(), "a thread is stuck");
      }
      assertTrue(acquired.get() >= 2_000, "acquired " + acquired + " times, interrupted " + interrupted);
      assertEquals(List.of(), unexpected);
      assertFalse(overlap.get(), "two threads held the lock at once");
      assertFalse(lock.isLocked(), "a withdrawn or granted wait left the lock held");
      assertEquals(0, lock.getQueueLength());
      System.out.printf("FIGURE %d lock acquisitions, %d interrupted%n", acquired.get(), interrupted.get());
    }
  }

  private static Thread interrupter(List<Thread> targets, AtomicBoolean stop) {
    Thread t = new Thread(() -> {
      while (!stop.get()) {
        targets.get(ThreadLocalRandom.current().nextInt(targets.size())).interrupt();
        try {
          Thread.sleep(0, ThreadLocalRandom.current().nextInt(500_000));
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }
}
