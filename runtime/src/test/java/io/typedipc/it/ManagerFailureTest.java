package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ConnectionLostException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.ManagerClosedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What clients see when the Manager dies or closes. */
class ManagerFailureTest {

  @Test
  void killedManagerFailsEveryPendingCallAtOnce() throws Exception {
    AuthKey key = AuthKey.generate();
    try (ChildJvm managerJvm = ChildJvm.start(TestManagerMain.class, key)) {
      int port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(30)));
      try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key)
          .callTimeout(Duration.ZERO).connect()) {
        TestService service = client.shared(TestService.class, "service");
        CompletableFuture<Void> syncCall = Background.run(() -> service.sleep(120_000));
        CompletableFuture<String> asyncCall = service.later(120_000, "never");
        Thread.sleep(500);
        long killedAt = System.nanoTime();
        managerJvm.kill();

        ExecutionException sync = assertThrows(ExecutionException.class, () -> syncCall.get(10, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionLostException.class, sync.getCause());
        ExecutionException async = assertThrows(ExecutionException.class, () -> asyncCall.get(10, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionLostException.class, async.getCause());
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        assertTrue(tookMillis < 5_000, "pending calls failed only after " + tookMillis + " ms");

        assertThrows(ConnectionLostException.class, () -> service.echo("anyone?"));
        assertFalse(client.isConnected());
      }
    }
  }

  @Test
  void aClientKilledMidCallCostsOthersNothing() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key)
            .share(TestService.class, "service", new TestServiceImpl()).start();
        ManagerClient survivor = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      TestService service = survivor.shared(TestService.class, "service");
      try (ChildJvm dying = ChildJvm.start(DyingClientMain.class, key, Integer.toString(manager.port()))) {
        dying.awaitLine("CALLING", Duration.ofSeconds(30));
        Thread.sleep(200); // inside sleep(1000) on the Manager
        dying.kill();
      }
      // the dead client's running call finishes, its reply goes nowhere; its queued call never came
      assertEquals(2, service.increment());
      assertEquals("still here", service.echo("still here"));
    }
  }

  @Test
  void gracefulCloseFinishesRunningCallsAndRefusesNewOnes() throws Exception {
    AuthKey key = AuthKey.generate();
    Manager manager = Manager.builder().address(0).authKey(key)
        .share(TestService.class, "service", new TestServiceImpl()).start();
    try (ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      TestService service = client.shared(TestService.class, "service");
      CompletableFuture<String> running = service.later(800, "finished");
      Thread.sleep(200);
      CompletableFuture<Void> closing = Background.run(manager::close);
      Thread.sleep(200);
      CompletionException refused = assertThrows(CompletionException.class, () -> service.later(0, "new").join());
      assertTrue(refused.getCause() instanceof ManagerClosedException
          || refused.getCause() instanceof ConnectionLostException, String.valueOf(refused.getCause()));
      assertEquals("finished", running.get(10, TimeUnit.SECONDS));
      closing.get(10, TimeUnit.SECONDS);
      assertTrue(manager.awaitTermination(Duration.ofSeconds(1)));
      assertThrows(ManagerClosedException.class, () -> service.echo("after close"));
    } finally {
      manager.close();
    }
  }
}
