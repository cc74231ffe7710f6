package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ManagerBusyException;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedLock;
import io.typedipc.internal.wire.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bound of calls one connection may have parked in a wait ({@code maxParkedCalls}), for a
 * built-in lock: a wait beyond it fails at once with {@link ManagerBusyException} and leaves no
 * trace (nothing was done), while the waits within it go on and are served. Futures are covered by
 * {@link CallFloodTest#parkedCallsBeyondTheBoundAreRefused}.
 */
@Timeout(120)
class ParkedCallsTest {
  private static final int PARKED = 2;

  private static BoundedManager manager;

  @BeforeAll
  static void startManager() throws Exception {
    manager = BoundedManager.start("maxParkedCalls=" + PARKED);
  }

  @AfterAll
  static void stopManager() {
    manager.close();
  }

  @Test
  void aLockWaitBeyondMaxParkedCallsIsRefusedAtOnceAndNothingIsDone() throws Exception {
    try (ManagerClient holder = manager.client(Duration.ofSeconds(30));
        ManagerClient waiter = manager.client(Duration.ofSeconds(30))) {
      SharedLock held = holder.lock("contended");
      held.lock();
      SharedLock lock = waiter.lock("contended");
      AtomicInteger acquired = new AtomicInteger();
      List<CompletableFuture<Void>> waits = new ArrayList<>();
      long start = 0;
      for (int i = 0; i <= PARKED; i++) { // one more than may park, from threads sharing one connection
        if (i == PARKED) {
          start = System.nanoTime();
        }
        waits.add(Background.run(() -> {
          lock.lock();
          acquired.incrementAndGet();
          lock.unlock();
        }));
        if (i < PARKED) {
          awaitQueueLength(held, i + 1); // parked before the next one comes
        }
      }
      // the last to come is refused at once: the lock is still held
      CompletableFuture<Void> last = waits.get(PARKED);
      last.exceptionally(e -> null).get(10, TimeUnit.SECONDS);
      long refusedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      List<Throwable> refusals = new ArrayList<>();
      for (CompletableFuture<Void> w : waits) {
        if (w.isDone()) {
          try {
            w.get();
            refusals.add(new AssertionError("a wait acquired a lock that is held by another client"));
          } catch (ExecutionException e) {
            refusals.add(e.getCause());
          }
        }
      }
      assertEquals(1, refusals.size(), "one wait refused, the others parked: " + refusals);
      Throwable refusal = refusals.get(0);
      assertTrue(refusal instanceof ManagerBusyException, "refused with " + refusal);
      assertTrue(String.valueOf(refusal.getMessage()).contains("maxParkedCalls"),
          "the refusal should name the bound: " + refusal.getMessage());
      assertEquals(0, acquired.get());
      // the README's Logging: a bound reached and a call refused is a WARNING an operator sees
      String logged = manager.awaitOutput("refused a call to java.util.concurrent.CompletableFuture<java.lang.Long>"
          + " acquire(long, long, long)", Duration.ofSeconds(10));
      assertTrue(logged.startsWith("WARNING") && logged.contains("already has 2 calls waiting in the Manager (its maxParkedCalls)"),
          logged);

      held.unlock(); // the parked waits get the lock in turn
      for (CompletableFuture<Void> w : waits) {
        try {
          w.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          assertTrue(e.getCause() == refusal, "a parked wait failed: " + e.getCause());
        }
      }
      assertEquals(PARKED, acquired.get(), "every parked wait got the lock");
      // nothing was done for the refused wait: it does not hold the lock, nor wait for it still
      assertTrue(held.tryLock(Duration.ofSeconds(5)), "the lock is not free after the parked waits released it");
      held.unlock();
      assertTrue(refusedAfter < 2000, "the wait beyond the bound was refused only after " + refusedAfter + " ms");
      System.out.println("maxParkedCalls=" + PARKED + ": a lock wait beyond it was refused after " + refusedAfter
          + " ms: " + refusal.getMessage());
      manager.assertServes();
    }
  }

  /** Waits until {@code n} acquires are parked on the lock. */
  private static void awaitQueueLength(SharedLock lock, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (lock.getQueueLength() < n) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(n + " acquires were not parked within 10 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  /**
   * Calls that may park (here {@code later}, a future completed 3 s on) but are read while their
   * object is busy wait in its queue, not yet parked; each must still count against the bound, so
   * that of PARKED + 1 such calls from one connection the last is refused. Today the bound is
   * checked when a call is read against the calls already parked, so all of them are let in and
   * park: a connection can have up to maxParkedCalls + maxCallsInFlight calls parked.
   */
  @Test
  void callsThatMayParkCountAgainstTheBoundWhileTheyWaitForTheirTurn() throws Exception {
    try (RawConnection staller = RawConnection.authenticated(manager.port, manager.key);
        RawConnection parker = RawConnection.authenticated(manager.port, manager.key)) {
      staller.send(RawConnection.concat(
          RawConnection.call(10, staller.openService("service"), "sleep", 1000L),
          RawConnection.call(11, staller.openService("other"), "echo", "running")));
      assertEquals(11, staller.readReply(Duration.ofSeconds(10)).id(), "the slow call runs");
      int service = parker.openService("service");
      byte[][] calls = new byte[PARKED + 1][];
      for (int i = 0; i < calls.length; i++) {
        calls[i] = RawConnection.call(20 + i, service, "later", 3000L, "late");
      }
      parker.send(RawConnection.concat(calls)); // they queue behind the slow call
      assertEquals(10, staller.readReply(Duration.ofSeconds(10)).id(), "the slow call ended");
      RawConnection.Reply first = parker.readReply(Duration.ofSeconds(10));
      long sinceSlowEnded = System.nanoTime();
      assertEquals(Protocol.FAILURE, first.type(), "call " + first.id() + " answered first, after the 3 s wait: "
          + "all " + calls.length + " calls parked with maxParkedCalls " + PARKED);
      assertEquals(20 + PARKED, first.id());
      assertEquals(Protocol.FAIL_OVERLOADED, first.body().readByte());
      assertTrue(System.nanoTime() - sinceSlowEnded < TimeUnit.SECONDS.toNanos(2));
    }
  }
}
