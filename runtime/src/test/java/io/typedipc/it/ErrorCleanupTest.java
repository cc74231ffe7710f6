package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.CallTimeoutException;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedLock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection whose Manager thread dies of an {@link Error} (here: deserializing a {@link Poison},
 * whose constructor throws {@code AssertionError} in the Manager's JVM) is still cleaned up: the
 * call fails instead of hanging, the client's session ends so the lock it held is released, and
 * the Manager keeps no socket of it.
 */
@Timeout(90)
class ErrorCleanupTest {

  @Test
  void anErrorInAConnectionStillEndsItsSessionAndReleasesItsLock() throws Exception {
    try (BoundedManager manager = BoundedManager.start(List.of("-D" + Poison.PROPERTY + "=true"));
        HonestClient honest = new HonestClient(manager, "service")) {
      BoundedManager.Stats before = manager.stats(false);
      ManagerClient victim = ManagerClient.builder().address("127.0.0.1", manager.port).authKey(manager.key)
          .connections(1).callTimeout(Duration.ofSeconds(30)).register(Poison.class).connect();
      String failure;
      long failedAfterMillis;
      boolean connectionSurvived;
      try {
        SharedLock lock = victim.lock("held-by-victim");
        lock.lock();
        PoisonSink sink = victim.shared(PoisonSink.class, "sink");
        assertEquals(2, sink.ping());

        long start = System.nanoTime();
        CompletableFuture<Void> poisoned = Background.run(() -> sink.take(new Poison()));
        try {
          poisoned.get(10, TimeUnit.SECONDS);
          failure = "none: the call returned";
        } catch (ExecutionException e) {
          failure = e.getCause().toString();
          if (e.getCause() instanceof CallTimeoutException) {
            failure = "hung until its call timeout: " + failure;
          }
        } catch (TimeoutException e) {
          failure = "hung: no answer in 10 s";
        }
        failedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("the poisoned call failed after " + failedAfterMillis + " ms with " + failure);

        // If the Manager kept the connection (it answered the call with a failure and carried on),
        // the session is alive and the lock rightly still held: the victim gives it back itself.
        connectionSurvived = victim.isConnected() && answers(victim.withTimeout(sink, Duration.ofSeconds(3)))
            && unlocked(lock);
      } catch (RuntimeException e) {
        victim.close();
        throw e;
      }

      boolean lockFreed;
      try (ManagerClient other = manager.client()) {
        SharedLock lock = other.lock("held-by-victim");
        lockFreed = lock.tryLock(Duration.ofSeconds(5));
        if (lockFreed) {
          lock.unlock();
        }
      }
      victim.close();

      // every socket of the victim's is closed in the Manager
      BoundedManager.Stats after = manager.stats(false);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (after.sockets() > before.sockets() && System.nanoTime() - deadline < 0) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        after = manager.stats(false);
      }
      System.out.println("Manager before: " + before + ", after: " + after + ", connection survived: " + connectionSurvived);
      String poisonFailure = failure;
      long took = failedAfterMillis;
      BoundedManager.Stats end = after;
      assertAll(
          () -> assertTrue(!poisonFailure.startsWith("none") && !poisonFailure.startsWith("hung") && took < 5_000,
              "the poisoned call should fail promptly; it failed after " + took + " ms with " + poisonFailure),
          () -> assertTrue(lockFreed, "another client could not get the lock the victim held within 5 s"
              + (connectionSurvived ? " (after the victim unlocked it)" : " (the victim's session never ended)")),
          () -> assertTrue(end.sockets() <= before.sockets(), "the Manager still has " + (end.sockets() - before.sockets())
              + " more sockets open than before the victim connected: " + before + " → " + end));
      honest.assertServedWithin1s();
      manager.assertServes();
    }
  }

  /** Unlocks if this client still holds the lock (it does not if its session ended meanwhile). */
  private static boolean unlocked(SharedLock lock) {
    try {
      lock.unlock();
      return true;
    } catch (IllegalMonitorStateException | io.typedipc.TypedIpcException e) {
      return false;
    }
  }

  private static boolean answers(PoisonSink sink) {
    try {
      return sink.ping() == 2;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
