package io.typedipc.builtin;

import static io.typedipc.builtin.SyncFixture.LONG;
import static io.typedipc.builtin.SyncFixture.background;
import static io.typedipc.builtin.SyncFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ManagerClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link SharedCondition} between JVMs, and {@link SharedEvent}. */
class SharedConditionTest {

  @Test
  void aWaiterHereIsSignalledFromAnotherJvmAndHoldsTheLockAgain() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedCondition c = f.client().condition("c");
      SharedRLock lock = (SharedRLock) c.lock();
      lock.lock();
      lock.lock();
      try {
        f.child("signal", "c");
        assertTrue(c.await(LONG), "signalled, not timed out");
        assertEquals(2, lock.getHoldCount(), "both holds are back");
        assertFalse(lock.wasAbandoned());
      } finally {
        lock.unlock();
        lock.unlock();
      }
    }
  }

  @Test
  void waitingAndSignallingNeedTheLockAndTimeoutsReturnFalseWithTheLockHeld() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      SharedLock lock = client.lock("l");
      SharedCondition notEmpty = lock.condition("notEmpty");
      assertEquals("l#notEmpty", notEmpty.name());
      assertThrows(IllegalMonitorStateException.class, notEmpty::await);
      assertThrows(IllegalMonitorStateException.class, notEmpty::signal);
      lock.lock();
      try {
        long start = System.nanoTime();
        assertFalse(notEmpty.await(Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(190));
        assertTrue(lock.isHeldByCurrentThread());
        assertTrue(notEmpty.awaitNanos(1_000_000) <= 0);
        AtomicInteger calls = new AtomicInteger();
        assertFalse(notEmpty.awaitFor(() -> calls.incrementAndGet() > 100, Duration.ofMillis(100)));
        assertTrue(notEmpty.awaitFor(() -> true, Duration.ZERO));
        // a thread interrupted before it waits: Condition's contract, with a message like the others
        Thread.currentThread().interrupt();
        InterruptedException early = assertThrows(InterruptedException.class, () -> notEmpty.await(Duration.ofSeconds(30)));
        assertEquals("interrupted before waiting; nothing was asked of the Manager", early.getMessage());
        assertFalse(Thread.interrupted(), "the interrupt status is cleared, as Condition.await does");
        assertTrue(lock.isHeldByCurrentThread(), "the lock is still held");
      } finally {
        lock.unlock();
      }
    }
  }

  @Test
  void signalWakesOneInOrderSignalAllWakesEveryoneAndInterruptReacquires() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedCondition c = f.client().condition("c");
      SharedCondition other = f.client().condition("c"); // another client: other JVMs alike
      StringBuffer woke = new StringBuffer();
      CompletableFuture<?>[] waiters = new CompletableFuture<?>[3];
      for (int i = 0; i < 3; i++) {
        char id = (char) ('a' + i);
        int expected = i + 1;
        waiters[i] = background(() -> {
          other.lock().lock();
          try {
            other.await();
            woke.append(id);
          } finally {
            other.lock().unlock();
          }
          return null;
        });
        eventually("waiter " + id, () -> c.getWaitQueueLength() == expected);
      }
      c.lock().lock();
      c.signal();
      c.lock().unlock();
      waiters[0].get(30, TimeUnit.SECONDS);
      assertEquals("a", woke.toString());
      c.lock().lock();
      c.signalAll();
      c.lock().unlock();
      waiters[1].get(30, TimeUnit.SECONDS);
      waiters[2].get(30, TimeUnit.SECONDS);
      assertEquals("abc", woke.toString());

      Thread[] t = new Thread[1];
      CompletableFuture<Boolean> interrupted = background(() -> {
        t[0] = Thread.currentThread();
        other.lock().lock();
        try {
          other.await();
          return false;
        } catch (InterruptedException e) {
          return other.lock().isHeldByCurrentThread();
        } finally {
          other.lock().unlock();
        }
      });
      eventually("parked", () -> c.getWaitQueueLength() == 1);
      t[0].interrupt();
      assertTrue(interrupted.get(30, TimeUnit.SECONDS), "InterruptedException, with the lock held again");
      assertEquals(0, c.getWaitQueueLength());
    }
  }

  @Test
  void signalNWakesThatManyWaitersOfOtherJvmsInOneCall() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedCondition c = f.client().condition("c");
      io.typedipc.it.ChildJvm child = f.child("waitOnCondition", "c", "3");
      eventually("three threads of the other JVM wait", () -> c.getWaitQueueLength() == 3);
      c.lock().lock();
      try {
        assertEquals(2, c.signal(2), "woke two");
        assertEquals(0, c.signal(0));
      } finally {
        c.lock().unlock();
      }
      child.awaitLine("WOKE", LONG);
      child.awaitLine("WOKE", LONG);
      assertEquals(1, c.getWaitQueueLength(), "the third still waits");
      c.lock().lock();
      try {
        assertEquals(1, c.signal(5), "fewer waited than asked for");
      } finally {
        c.lock().unlock();
      }
      child.awaitLine("WOKE", LONG);
      assertThrows(IllegalMonitorStateException.class, () -> c.signal(1));
      assertThrows(IllegalArgumentException.class, () -> c.signal(-1));
    }
  }

  @Test
  void anEventReleasesWaitersInOtherJvmsAndTimesOut() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedEvent e = f.client().event("go");
      assertFalse(e.isSet());
      assertFalse(e.await(Duration.ofMillis(100)));
      var child = f.child("awaitEvent", "go");
      child.awaitLine("WAITING", LONG);
      e.set();
      assertEquals("true", child.awaitLine("EVENT", LONG));
      assertTrue(e.isSet());
      assertTrue(e.await(Duration.ZERO));
      e.clear();
      assertFalse(e.await(Duration.ZERO));
    }
  }
}
