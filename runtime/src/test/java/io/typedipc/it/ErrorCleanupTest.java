package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.CallTimeoutException;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedLock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * the Manager keeps no socket of it. A protocol error ends the session the same way.
 */
@Timeout(90)
class ErrorCleanupTest {

  @Test
  void anErrorInAConnectionStillEndsItsSessionAndReleasesItsLock() throws Exception {
    errorInAConnection(false);
  }

  /** The same for a connection over shared memory (issue 10: everything works the same over it). */
  @Test
  void anErrorInASharedMemoryConnectionStillEndsItsSessionAndReleasesItsLock() throws Exception {
    errorInAConnection(true);
  }

  private void errorInAConnection(boolean sharedMemory) throws Exception {
    try (BoundedManager manager = BoundedManager.start(List.of("-D" + Poison.PROPERTY + "=true",
            "-D" + TestTransport.PROPERTY + "=" + sharedMemory));
        HonestClient honest = new HonestClient(manager, "service")) {
      BoundedManager.Stats before = manager.stats(false);
      ManagerClient victim = ManagerClient.builder().address("127.0.0.1", manager.port).authKey(manager.key)
          .connections(1).callTimeout(Duration.ofSeconds(30)).register(Poison.class).sharedMemory(sharedMemory).connect();
      if (victim.usesSharedMemory() != sharedMemory) {
        victim.close();
        throw new AssertionError("the victim's transport is not the one under test (shared memory: " + sharedMemory + ")");
      }
      if (sharedMemory) {
        assertTrue(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + manager.jvm.pid() + "/maps"))
            .contains("/typedipc-"), "the victim's rings are not mapped in the Manager: the check below proves nothing");
      }
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
      if (sharedMemory) { // and the victim's rings are unmapped in the Manager
        java.nio.file.Path maps = java.nio.file.Path.of("/proc/" + manager.jvm.pid() + "/maps");
        long unmapDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (java.nio.file.Files.readString(maps).contains("/typedipc-")) {
          assertTrue(System.nanoTime() - unmapDeadline < 0, "the victim's rings are still mapped in the Manager 10 s on");
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
      }

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

  /**
   * A protocol error ends the connection and the client's session just the same: a client that
   * registered a class the Manager does not know sends a value of it (through an unchecked map),
   * which the Manager cannot decode; it closes that client's connection, and the lock the client
   * held goes to another client.
   */
  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aProtocolErrorStillEndsTheSessionAndReleasesTheLock() throws Exception {
    try (BoundedManager manager = BoundedManager.start();
        HonestClient honest = new HonestClient(manager, "service")) {
      ManagerClient offender = ManagerClient.builder().address("127.0.0.1", manager.port).authKey(manager.key)
          .connections(1).callTimeout(Duration.ofSeconds(10)).register(Money.class).connect();
      try {
        offender.lock("held-by-offender").lock();
        Map stock = new HashMap();
        stock.put("coin", new Money(100, "EUR")); // the Manager has no Money registered
        String failure;
        try {
          offender.shared(TestService.class, "service").items((Map<String, Integer>) stock);
          failure = "none: the call returned";
        } catch (RuntimeException e) {
          failure = e.toString();
        }
        System.out.println("a call the Manager cannot decode failed with " + failure);
        assertTrue(failure.contains("ProtocolException"), "the undecodable call failed with " + failure);
        // the offender is still open here: only the Manager can have ended its session
        try (ManagerClient other = manager.client(Duration.ofSeconds(10))) {
          SharedLock lock = other.lock("held-by-offender");
          assertTrue(lock.tryLock(Duration.ofSeconds(5)), "the lock of a client closed for a protocol error was not released");
          lock.unlock();
        }
      } finally {
        offender.close();
      }
      honest.assertServedWithin1s();
    }
  }

  /**
   * The client's side (issue 9: pending calls failed on every exit path, Errors included): a
   * client JVM whose thread reading a reply dies of an {@code Error} (the reply is a {@link
   * Poison}) does not leave its calls hanging: that call fails at once, and so does its other call
   * pending on the same connection, instead of waiting for their deadlines.
   */
  @Test
  void anErrorReadingAReplyFailsTheClientsPendingCallsAtOnce() throws Exception {
    try (BoundedManager manager = BoundedManager.start();
        ChildJvm client = ChildJvm.start(List.of("-D" + Poison.PROPERTY + "=true"), PoisonedClientMain.class,
            manager.key, String.valueOf(manager.port))) {
      String give = client.awaitLine("GIVE ", Duration.ofSeconds(60));
      String parked = client.awaitLine("PARKED ", Duration.ofSeconds(60));
      String connected = client.awaitLine("CONNECTED ", Duration.ofSeconds(10));
      System.out.println("a client whose reply reader died of an Error: give → " + give + "; parked → " + parked
          + "; connected " + connected);
      long giveMillis = Long.parseLong(give.substring(0, give.indexOf(' ')));
      long parkedMillis = Long.parseLong(parked.substring(0, parked.indexOf(' ')));
      assertAll(
          () -> assertTrue(!give.endsWith("RETURNED") && giveMillis < 10_000,
              "the call whose reply could not be read: " + give),
          () -> assertTrue(!parked.endsWith("HUNG") && !parked.contains("ANSWERED") && parkedMillis < 10_000,
              "the other call pending on that connection: " + parked));
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
