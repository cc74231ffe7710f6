package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/transport.md: "A call parked in a wait (a lock acquire, ...) leaves the window — waiting
 * costs no server thread and must not stop the connection." With a window of one call in flight,
 * a connection with several lock acquires parked still has its other calls read and answered.
 */
@Timeout(120)
class ParkedCallsLeaveTheWindowTest {
  private static final int WAITERS = 4;

  @Test
  void callsParkedInAWaitDoNotStopTheConnectionsOtherCalls() throws Exception {
    try (BoundedManager manager = BoundedManager.start("maxCallsInFlight=1");
        ManagerClient holder = manager.client(Duration.ofSeconds(30));
        ManagerClient waiter = manager.client(Duration.ofSeconds(30))) {
      SharedLock held = holder.lock("contended");
      held.lock();
      SharedLock lock = waiter.lock("contended");
      AtomicInteger acquired = new AtomicInteger();
      List<CompletableFuture<Void>> waits = new ArrayList<>();
      for (int i = 0; i < WAITERS; i++) { // threads sharing the waiter's one connection
        waits.add(Background.run(() -> {
          lock.lock();
          acquired.incrementAndGet();
          lock.unlock();
        }));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (held.getQueueLength() < WAITERS) {
        assertTrue(System.nanoTime() - deadline < 0, "only " + held.getQueueLength() + " acquires parked within 30 s");
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }

      TestService service = waiter.shared(TestService.class, "service");
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        assertEquals("still read " + i, service.echo("still read " + i));
      }
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(tookMillis < 10_000, "20 calls behind " + WAITERS + " parked waits took " + tookMillis + " ms");
      assertEquals(0, acquired.get());

      held.unlock();
      for (CompletableFuture<Void> w : waits) {
        w.get(30, TimeUnit.SECONDS);
      }
      assertEquals(WAITERS, acquired.get());
    }
  }
}
