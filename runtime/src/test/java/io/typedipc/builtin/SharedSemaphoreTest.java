package io.typedipc.builtin;

import static io.typedipc.builtin.SyncFixture.LONG;
import static io.typedipc.builtin.SyncFixture.background;
import static io.typedipc.builtin.SyncFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.Manager;
import io.typedipc.it.ChildJvm;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link SharedSemaphore} and {@link SharedBoundedSemaphore} between JVMs. */
class SharedSemaphoreTest {

  @Test
  void permitsHeldByAKilledJvmComeBackMarkedAbandoned() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ChildJvm holder = f.child("holdPermits", "s", "3", "2");
      assertEquals("1", holder.awaitLine("HELD", LONG));
      SharedSemaphore s = f.client().semaphore("s", 99); // exists: 99 is ignored
      assertTrue(s.tryAcquire());
      assertFalse(s.wasAbandoned());
      assertFalse(s.tryAcquire(Duration.ofMillis(200)));
      CompletableFuture<Boolean> waiter = background(() -> {
        s.acquire(2);
        return s.wasAbandoned();
      });
      eventually("parked", () -> s.getQueueLength() == 1);
      holder.kill();
      assertTrue(waiter.get(30, TimeUnit.SECONDS), "the permits came from the dead holder");
      assertEquals(0, s.availablePermits());
      s.release(3);
      assertEquals(3, s.availablePermits());
    }
  }

  @Test
  void aSemaphoreUsedAsASignalGetsNothingBackFromADeadClient() throws Exception {
    try (SyncFixture f = new SyncFixture(Manager.builder().semaphore("signal", 0))) {
      SharedSemaphore s = f.client().semaphore("signal", 0);
      s.release(2); // signals, then a child consumes them
      ChildJvm consumer = f.child("holdPermits", "signal", "0", "2", "consumer-alive");
      assertEquals("0", consumer.awaitLine("HELD", LONG));
      consumer.kill();
      // the lock the consumer held comes back once the Manager has ended its session; the
      // permits it consumed as signals must not
      assertTrue(f.client().lock("consumer-alive").tryLock(LONG), "the Manager did not notice the consumer die");
      assertEquals(0, s.availablePermits());
      assertFalse(s.tryAcquire());
    }
  }

  @Test
  void aBoundedSemaphoreRefusesToRiseAboveItsInitialValue() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedBoundedSemaphore s = f.client().boundedSemaphore("b", 2);
      IllegalStateException e = assertThrows(IllegalStateException.class, s::release);
      assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
      s.acquireUninterruptibly();
      s.acquire();
      assertEquals(0, s.availablePermits());
      assertFalse(s.tryAcquire(10, TimeUnit.MILLISECONDS));
      s.release(2);
      assertThrows(IllegalStateException.class, () -> s.release(1));
      assertEquals(2, s.availablePermits());
      SharedSemaphore plain = f.client().semaphore("p", 1);
      plain.release(5); // a plain semaphore may rise, as in Python and Java
      assertEquals(6, plain.availablePermits());
      assertThrows(IllegalArgumentException.class, () -> f.client().semaphore("b", 1), "b is a bounded one");
      assertThrows(IllegalArgumentException.class, () -> f.client().semaphore("neg", -1));
    }
  }
}
