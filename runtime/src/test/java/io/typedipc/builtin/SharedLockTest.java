package io.typedipc.builtin;

import static io.typedipc.builtin.SyncFixture.LONG;
import static io.typedipc.builtin.SyncFixture.background;
import static io.typedipc.builtin.SyncFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ManagerClient;
import io.typedipc.it.ChildJvm;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link SharedLock} and {@link SharedRLock} between JVMs: ownership, timeouts, dead holders. */
class SharedLockTest {

  @Test
  void aLockHeldInAnotherJvmTimesOutHereAndIsReleasedWithAnAbandonedMarkWhenThatJvmIsKilled() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ChildJvm holder = f.child("holdLock", "l");
      holder.awaitLine("HELD", LONG);
      SharedLock lock = f.client().lock("l");
      assertTrue(lock.isLocked());
      assertFalse(lock.isHeldByCurrentThread());
      assertFalse(lock.tryLock());
      long start = System.nanoTime();
      assertFalse(lock.tryLock(Duration.ofMillis(300)));
      assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(290), "tryLock waited its timeout");
      assertThrows(IllegalMonitorStateException.class, lock::unlock, "not the owner");

      CompletableFuture<Boolean> waiter = background(() -> {
        lock.lock();
        try {
          return lock.wasAbandoned();
        } finally {
          lock.unlock();
        }
      });
      eventually("the waiter is parked", () -> lock.getQueueLength() == 1);
      holder.kill();
      assertTrue(waiter.get(30, TimeUnit.SECONDS), "the waiter saw the lock was abandoned");

      lock.lock(); // handed over cleanly this time
      try {
        assertFalse(lock.wasAbandoned());
        assertTrue(lock.isHeldByCurrentThread());
      } finally {
        lock.unlock();
      }
      assertFalse(lock.isLocked());
    }
  }

  @Test
  void ownershipIsPerThreadAndTheLockIsNotReentrant() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedLock lock = f.client().lock("l");
      lock.lock();
      try {
        IllegalMonitorStateException again = assertThrows(IllegalMonitorStateException.class, lock::lock);
        assertTrue(again.getMessage().contains("not reentrant"), again.getMessage());
        assertFalse(lock.tryLock());
        // docs/built-ins.md: the holder's timed tryLock returns false at once, not after its time
        long start = System.nanoTime();
        assertFalse(lock.tryLock(Duration.ofSeconds(30)));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "the holder's timed tryLock waited");
        assertFalse(background(lock::tryLock).get(), "another thread of the same client");
        ExecutionException e = assertThrows(ExecutionException.class, () -> background(() -> {
          lock.unlock();
          return null;
        }).get());
        assertTrue(e.getCause() instanceof IllegalMonitorStateException, e.toString());
      } finally {
        lock.unlock();
      }
      assertThrows(IllegalMonitorStateException.class, lock::unlock);
      UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class, lock::newCondition);
      assertTrue(u.getMessage().contains("condition(String)"), u.getMessage());
      IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> f.client().rlock("l"));
      assertTrue(kind.getMessage().contains("already"), kind.getMessage());
    }
  }

  @Test
  void waitersGetTheLockInArrivalOrderAndAnInterruptedOneWithdraws() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      SharedLock lock = client.lock("l");
      lock.lock();
      StringBuffer order = new StringBuffer();
      CompletableFuture<Void> first = background(() -> {
        lock.lock();
        order.append('1');
        lock.unlock();
        return null;
      });
      eventually("first parked", () -> lock.getQueueLength() == 1);
      Thread[] interruptible = new Thread[1];
      CompletableFuture<Boolean> second = background(() -> {
        interruptible[0] = Thread.currentThread();
        try {
          lock.lockInterruptibly();
          lock.unlock();
          return false;
        } catch (InterruptedException e) {
          return !Thread.currentThread().isInterrupted(); // thrown with the status cleared
        }
      });
      eventually("second parked", () -> lock.getQueueLength() == 2);
      CompletableFuture<Void> third = background(() -> {
        assertTrue(lock.tryLock(30, TimeUnit.SECONDS));
        order.append('3');
        lock.unlock();
        return null;
      });
      eventually("third parked", () -> lock.getQueueLength() == 3);
      interruptible[0].interrupt();
      assertTrue(second.get(30, TimeUnit.SECONDS), "lockInterruptibly threw InterruptedException");
      assertEquals(2, lock.getQueueLength(), "the interrupted request was withdrawn");
      lock.unlock();
      first.get(30, TimeUnit.SECONDS);
      third.get(30, TimeUnit.SECONDS);
      assertEquals("13", order.toString());
    }
  }

  @Test
  void aReentrantLockCountsHoldsAndADeadHolderReleasesThemAll() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedRLock lock = f.client().rlock("r");
      lock.lock();
      lock.lock();
      assertEquals(2, lock.getHoldCount());
      assertTrue(lock.tryLock());
      assertEquals(3, lock.getHoldCount());
      assertEquals(0, (int) background(lock::getHoldCount).get());
      ExecutionException e = assertThrows(ExecutionException.class, () -> background(() -> {
        lock.unlock();
        return null;
      }).get());
      assertTrue(e.getCause() instanceof IllegalMonitorStateException, e.toString());
      lock.unlock();
      lock.unlock();
      assertTrue(lock.isLocked());
      lock.unlock();
      assertFalse(lock.isLocked());
      assertThrows(IllegalMonitorStateException.class, lock::unlock);

      ChildJvm holder = f.child("holdRLock", "r");
      assertEquals("2", holder.awaitLine("HELD", LONG));
      assertFalse(lock.tryLock(Duration.ofMillis(100)));
      CompletableFuture<Boolean> waiter = background(() -> lock.tryLock(LONG));
      eventually("the waiter is parked", () -> lock.getQueueLength() == 1);
      holder.kill();
      assertTrue(waiter.get(30, TimeUnit.SECONDS));
      assertTrue(lock.isLocked());
      // the waiter thread holds it now; its flag is per thread, so check through the Manager
      assertEquals(0, lock.getHoldCount(), "held by the waiter's thread, not this one");
    }
  }

  @Test
  void aManagerClosingEndsParkedWaitsAtOnce() throws Exception {
    SyncFixture f = new SyncFixture();
    try (f) {
      SharedLock lock = f.client().lock("l");
      lock.lock();
      SharedLock other = f.client().lock("l");
      CompletableFuture<Void> waiter = background(() -> {
        other.lock();
        return null;
      });
      eventually("parked", () -> lock.getQueueLength() == 1);
      long start = System.nanoTime();
      f.manager.close();
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "close did not wait for the parked lock()");
      ExecutionException e = assertThrows(ExecutionException.class, () -> waiter.get(30, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof io.typedipc.TypedIpcException, e.toString());
    }
  }
}
