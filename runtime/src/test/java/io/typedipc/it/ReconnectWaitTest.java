package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClient;
import io.typedipc.ReconnectPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README §3, Reconnecting: "Later calls wait while the client reconnects, up to their own
 * deadline, and go to the new Manager; an async method too waits on its calling thread for the new
 * connection (or its deadline) before it returns its future." A call made while its Manager is down waits for its
 * deadline, no less, and then fails with {@link ConnectionLostException}, unsent; a call with a
 * longer deadline made meanwhile goes to the Manager restarted on the port.
 */
class ReconnectWaitTest {

  @Test
  @Timeout(180)
  void callsMadeWhileReconnectingWaitUpToTheirDeadline() throws Exception {
    AuthKey key = AuthKey.generate();
    ChildJvm first = ChildJvm.start(ReconnectManagerMain.class, key, "0");
    ChildJvm second = null;
    try {
      int port = Reconnects.port(first);
      try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
          .address("127.0.0.1", port).authKey(key)
          .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofMillis(200), 100_000)
              .withLivenessCheck(Duration.ofMillis(200)))
          .connect())) {
        TestService service = client.shared(TestService.class, "service");
        assertEquals(1, service.increment());
        first.kill();
        Reconnects.awaitTrue(() -> !client.isConnected(), "the client noticed the loss");

        TestService brief = client.withTimeout(service, Duration.ofSeconds(2));
        long started = System.nanoTime();
        ConnectionLostException e = assertThrows(ConnectionLostException.class, brief::increment);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(waitedMillis >= 1_900, "failed after " + waitedMillis + " ms, before its 2 s deadline");
        assertTrue(waitedMillis < 30_000, "failed only after " + waitedMillis + " ms");
        assertTrue(e.getMessage().contains("not sent"), e.getMessage());

        // "an async method too waits on its calling thread for the new connection (or its deadline)
        // before it returns its future"
        started = System.nanoTime();
        CompletableFuture<Integer> unsent = brief.incrementAsync();
        waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(waitedMillis >= 1_900, "returned after " + waitedMillis + " ms, before its 2 s deadline");
        java.util.concurrent.ExecutionException failed =
            assertThrows(java.util.concurrent.ExecutionException.class, () -> unsent.get(0, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof ConnectionLostException, String.valueOf(failed.getCause()));

        TestService patient = client.withTimeout(service, Duration.ofSeconds(120));
        CompletableFuture<Integer> waiting = new CompletableFuture<>();
        Background.run(() -> waiting.complete(patient.increment())).exceptionally(t -> {
          waiting.completeExceptionally(t);
          return null;
        });
        assertFalse(waiting.isDone());
        second = ChildJvm.start(ReconnectManagerMain.class, key, Integer.toString(port));
        assertEquals(port, Reconnects.port(second));
        assertEquals(1, waiting.get(120, TimeUnit.SECONDS), "sent once, to the restarted Manager");
        assertTrue(client.isConnected());
      }
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }
  /**
   * README §3, Reconnecting: "A Manager that closes gracefully still ends what it ends as it shuts
   * down (a parked wait, a call past its close timeout) with ManagerClosedException, as without
   * reconnecting."
   */
  @Test
  @Timeout(120)
  void aGracefulCloseEndsAReconnectingClientsParkedWaitWithManagerClosed() throws Exception {
    AuthKey key = AuthKey.generate();
    io.typedipc.Manager manager = TestTransport.manager(io.typedipc.Manager.builder().address(0).authKey(key)
        .closeTimeout(Duration.ofMillis(500))).share(TestService.class, "service", new TestServiceImpl(),
        io.typedipc.Dispatch.CONCURRENT).start();
    try (ManagerClient holder = TestTransport.connect(manager.port(), key);
        ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
            .address("127.0.0.1", manager.port()).authKey(key)
            .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofMillis(100), 3)).connect())) {
      holder.lock("held").lock();
      io.typedipc.builtin.SharedLock lock = client.lock("held");
      TestService service = client.shared(TestService.class, "service");
      CompletableFuture<Void> parked = Background.run(lock::lock);
      CompletableFuture<Void> running = Background.run(() -> service.sleep(60_000));
      Reconnects.awaitTrue(() -> manager.introspect().callsInFlight() >= 2, "the wait and the call arrived");
      manager.close();
      for (CompletableFuture<Void> call : List.of(parked, running)) {
        java.util.concurrent.ExecutionException e =
            assertThrows(java.util.concurrent.ExecutionException.class, () -> call.get(60, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof io.typedipc.ManagerClosedException, String.valueOf(e.getCause()));
      }
    } finally {
      manager.close();
    }
  }

  /**
   * README §3, Reconnecting: after a graceful close, "Later calls wait while the client reconnects,
   * up to their own deadline, and go to the new Manager". A call made on a connection nobody had read
   * since the close (a second thread's) found the Manager's shutdown notice only after sending, and
   * failed with ManagerClosedException; the notice now says the Manager answered every call it read,
   * so the call, never run, goes to the Manager started next on the port.
   */
  @Test
  @Timeout(120)
  void aCallSentOnAnUnreadConnectionAfterAGracefulCloseGoesToTheNextManager() throws Exception {
    AuthKey key = AuthKey.generate();
    io.typedipc.Manager first = TestTransport.manager(io.typedipc.Manager.builder().address(0).authKey(key))
        .share(TestService.class, "service", new TestServiceImpl()).start();
    int port = first.port();
    io.typedipc.Manager next = null;
    java.util.concurrent.ExecutorService secondThread = java.util.concurrent.Executors.newSingleThreadExecutor();
    try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
        .address("127.0.0.1", port).authKey(key)
        .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofMillis(200), 1_000)).connect())) {
      TestService service = client.shared(TestService.class, "service");
      assertEquals(1, service.increment()); // the connecting thread: the first connection
      assertEquals(2, secondThread.submit(service::increment).get(30, TimeUnit.SECONDS)); // a second one
      first.close(); // graceful: every call it read is answered, then each connection gets the notice
      CompletableFuture<Integer> later = new CompletableFuture<>();
      secondThread.execute(() -> {
        try {
          later.complete(service.increment());
        } catch (Throwable t) {
          later.completeExceptionally(t);
        }
      });
      next = TestTransport.manager(io.typedipc.Manager.builder().address(port).authKey(key))
          .share(TestService.class, "service", new TestServiceImpl()).start();
      assertEquals(1, later.get(60, TimeUnit.SECONDS), "run once, by the next Manager");
    } finally {
      secondThread.shutdownNow();
      first.close();
      if (next != null) {
        next.close();
      }
    }
  }
}
