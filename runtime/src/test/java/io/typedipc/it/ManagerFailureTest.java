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
import java.util.concurrent.CountDownLatch;
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
      try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder()).address("127.0.0.1", port).authKey(key)
          .callTimeout(Duration.ZERO).connect());
          ManagerClient probe = TestTransport.connect(port, key)) {
        TestService service = client.shared(TestService.class, "service");
        CompletableFuture<Void> syncCall = Background.run(() -> service.sleep(120_000));
        CompletableFuture<String> asyncCall = service.later(120_000, "never");
        Busy.awaitBusy(probe, "service"); // both calls are in the Manager (they went out in this order)
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
  void anIdleClientSeesThatItsManagerWasKilledWithoutMakingACall() throws Exception {
    AuthKey key = AuthKey.generate();
    try (ChildJvm managerJvm = ChildJvm.start(TestManagerMain.class, key)) {
      int port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(30)));
      try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
          .address("127.0.0.1", port).authKey(key).connections(2).connect())) {
        TestService service = client.shared(TestService.class, "service");
        assertEquals("hi", service.echo("hi"));
        assertTrue(client.isConnected());
        managerJvm.kill();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.isConnected()) { // no call is made: nothing else would notice
          assertTrue(System.nanoTime() < deadline, "10 s after its Manager was killed, the idle client is still connected");
          Thread.sleep(10); // polling with a deadline
        }
        assertThrows(ConnectionLostException.class, () -> service.echo("anyone?"));
      }
    }
  }

  @Test
  void aClientKilledMidCallCostsOthersNothing() throws Exception {
    AuthKey key = AuthKey.generate();
    CountDownLatch sleeping = new CountDownLatch(1);
    TestServiceImpl impl = new TestServiceImpl() {
      @Override
      public void sleep(long millis) {
        sleeping.countDown();
        super.sleep(millis);
      }
    };
    try (Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key)
            .share(TestService.class, "service", impl).start();
        ManagerClient survivor = TestTransport.connect(manager.port(), key)) {
      TestService service = survivor.shared(TestService.class, "service");
      try (ChildJvm dying = ChildJvm.start(DyingClientMain.class, key, Integer.toString(manager.port()))) {
        assertTrue(sleeping.await(30, TimeUnit.SECONDS), "the dying client's sleep(1000) never started");
        dying.kill(); // inside sleep(1000) on the Manager
      }
      // the dead client's running call finishes, its reply goes nowhere; its queued call never came
      assertEquals(2, service.increment());
      assertEquals("still here", service.echo("still here"));
    }
  }

  @Test
  void gracefulCloseFinishesRunningCallsAndRefusesNewOnes() throws Exception {
    AuthKey key = AuthKey.generate();
    CountDownLatch running800 = new CountDownLatch(1);
    TestServiceImpl impl = new TestServiceImpl() {
      @Override
      public CompletableFuture<String> later(long millis, String value) {
        if (millis == 800) {
          running800.countDown();
        }
        return super.later(millis, value);
      }
    };
    Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key)
        .share(TestService.class, "service", impl).start();
    try (ManagerClient client = TestTransport.connect(manager.port(), key)) {
      TestService service = client.shared(TestService.class, "service");
      CompletableFuture<String> running = service.later(800, "finished");
      assertTrue(running800.await(10, TimeUnit.SECONDS), "the 800 ms call never started");
      CompletableFuture<Void> closing = Background.run(manager::close);
      // new calls are accepted until the close has begun, then refused
      CompletionException refused = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (refused == null && System.nanoTime() - deadline < 0) {
        try {
          service.later(0, "new").join();
        } catch (CompletionException e) {
          refused = e;
        }
      }
      assertTrue(refused != null, "calls were still accepted 10 s after close() began");
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
