package io.typedipc.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.Dispatch;
import io.typedipc.spi.InterfaceDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The turn of a serial object, taken and handed on without a lock: calls from many threads run one
 * at a time, each exactly once, each thread's in the order it made them. The two narrow races of
 * the hand-over (a call queued just as the holder gives the turn up; a connection's next call
 * arriving in that moment) are played out exactly, through a mailbox that acts at those moments.
 */
@Timeout(60)
class ExportedObjectTurnTest {
  private static final InterfaceDescriptor NO_METHODS = new InterfaceDescriptor(Runnable.class, "0", List.of(), List.of());

  @Test
  void callsFromManyThreadsRunOneAtATimeExactlyOnceInEachThreadsOrder() throws Exception {
    ExecutorService executor = Executors.newCachedThreadPool();
    try {
      ExportedObject object = new ExportedObject("turns", new Object(), NO_METHODS, null, Dispatch.SERIAL, executor);
      int threads = 4;
      int perThread = 50_000;
      AtomicInteger running = new AtomicInteger();
      AtomicInteger overlaps = new AtomicInteger();
      int[] lastSeen = new int[threads];
      int[] outOfOrder = new int[1];
      CountDownLatch done = new CountDownLatch(threads * perThread);
      List<Thread> callers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int caller = t;
        callers.add(new Thread(() -> {
          for (int i = 1; i <= perThread; i++) {
            int seq = i;
            object.submit(() -> {
              if (running.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
              }
              if (lastSeen[caller] != seq - 1) { // guarded by the turn itself
                outOfOrder[0]++;
              }
              lastSeen[caller] = seq;
              running.decrementAndGet();
              done.countDown();
            });
          }
        }));
      }
      callers.forEach(Thread::start);
      assertTrue(done.await(50, TimeUnit.SECONDS), done.getCount() + " calls never ran (stranded in the queue)");
      for (Thread c : callers) {
        c.join();
      }
      assertEquals(0, overlaps.get(), "calls that ran while another one of the object's ran");
      assertEquals(0, outOfOrder[0], "calls that ran out of their thread's order");
      for (int t = 0; t < threads; t++) {
        assertEquals(perThread, lastSeen[t]);
      }
      assertEquals(0, object.queuedCalls());
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aLongQueueIsHandedToTheExecutorAfterABoundedBatch() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "turn-executor"));
    try {
      ExportedObject object = new ExportedObject("batch", new Object(), NO_METHODS, null, Dispatch.SERIAL, executor);
      assertTrue(object.enter());
      int queuedCalls = 1_000;
      List<String> ranOn = new ArrayList<>();
      CountDownLatch done = new CountDownLatch(queuedCalls);
      for (int i = 0; i < queuedCalls; i++) {
        assertTrue(!object.queue(() -> {
          ranOn.add(Thread.currentThread().getName());
          done.countDown();
        }), "the turn is held: the call must wait in the queue");
      }
      assertEquals(queuedCalls, object.queuedCalls());
      object.leave(); // runs a bounded batch here, then hands the turn on
      assertTrue(done.await(30, TimeUnit.SECONDS));
      long here = ranOn.stream().filter(n -> n.equals(Thread.currentThread().getName())).count();
      assertTrue(here > 0 && here < queuedCalls, "ran " + here + " of " + queuedCalls + " calls on the thread that left the turn");
      assertEquals(queuedCalls - here, ranOn.stream().filter("turn-executor"::equals).count());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!object.enter()) { // the executor gives the turn up just after the last call
        assertTrue(System.nanoTime() < deadline, "the turn was never given up");
        Thread.onSpinWait();
      }
      object.leave();
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * A mailbox that runs an action at the moments the hand-over argues about, once each: when the
   * holder finds it empty, and when the holder, having given the turn up, looks at it again.
   */
  private static final class HookedMailbox extends ConcurrentLinkedQueue<Runnable> {
    Runnable onEmptyPoll;
    Runnable beforeLookAgain;

    @Override
    public Runnable poll() {
      Runnable call = super.poll();
      Runnable hook = onEmptyPoll;
      if (call == null && hook != null) {
        onEmptyPoll = null;
        hook.run(); // the queue was found empty: what arrives now arrives after the holder looked
      }
      return call;
    }

    @Override
    public boolean isEmpty() {
      Runnable hook = beforeLookAgain;
      if (hook != null) {
        beforeLookAgain = null;
        hook.run();
      }
      return super.isEmpty();
    }
  }

  @Test
  void aCallQueuedJustAsTheHolderFindsTheQueueEmptyStillRuns() {
    HookedMailbox mailbox = new HookedMailbox();
    ExportedObject object = new ExportedObject("handover", new Object(), NO_METHODS, null, Dispatch.SERIAL,
        Runnable::run, mailbox);
    List<String> ran = new ArrayList<>();
    assertTrue(object.enter(), "the object is idle: the first call takes the turn");
    mailbox.onEmptyPoll = () -> assertFalse(object.queue(() -> ran.add("late call")),
        "the turn is still held when the holder has just found the queue empty: the call waits");

    object.leave();

    assertEquals(List.of("late call"), ran, "the call queued in the hand-over ran before the holder left");
    assertEquals(0, object.queuedCalls());
    assertTrue(object.enter(), "the turn was given up after the late call");
    object.leave();
  }

  @Test
  void aConnectionsNextCallDoesNotOvertakeItsCallQueuedInTheHandOver() {
    HookedMailbox mailbox = new HookedMailbox();
    ExportedObject object = new ExportedObject("order", new Object(), NO_METHODS, null, Dispatch.SERIAL,
        Runnable::run, mailbox);
    List<String> ran = new ArrayList<>();
    assertTrue(object.enter()); // another connection's call holds the turn
    mailbox.onEmptyPoll = () -> assertFalse(object.queue(() -> ran.add("first")),
        "the turn is still held: the connection's first call waits");
    mailbox.beforeLookAgain = () -> { // the turn is free for a moment; the same connection's next call arrives, as a reader runs it
      Runnable second = () -> ran.add("second");
      if (object.enterSoon()) {
        second.run();
        object.leave();
      } else if (object.queue(second)) {
        object.leave();
      }
    };

    object.leave();

    assertEquals(List.of("first", "second"), ran, "calls of one connection ran out of their order");
    assertEquals(0, object.queuedCalls());
  }
}
