package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ConnectionLostException;
import io.typedipc.Dispatch;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.Producer;
import io.typedipc.Subscription;
import io.typedipc.channel.Events;
import io.typedipc.channel.Recorder;
import io.typedipc.builtin.SharedEvent;
import io.typedipc.testing.TestThreads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@code ManagerClient.close()} promises: calls still pending fail with {@link
 * ConnectionLostException} (asynchronous ones and a thread blocked in a synchronous one, at once,
 * not at their deadlines), and the client's proxies fail after it with the same exception. The
 * Manager runs in this JVM so that its view of the calls in flight tells when they have arrived;
 * the client is its peer over loopback, as any.
 */
@Timeout(120)
class ClientCloseTest {
  private static final long WAIT_SECONDS = 30;
  private final AuthKey key = AuthKey.generate();
  private Manager manager;

  @BeforeEach
  void start() {
    // a short close timeout: the Manager's close waits for a parked call of a client that left
    manager = TestTransport.manager(Manager.builder().address(0).authKey(key).closeTimeout(Duration.ofMillis(500)))
        .share(TestService.class, "concurrent", new TestServiceImpl(), Dispatch.CONCURRENT)
        .start();
  }

  @AfterEach
  void stop() {
    manager.close();
  }

  @Test
  void pendingCallsFailWithConnectionLostAtOnceWhenTheClientCloses() throws Exception {
    ManagerClient client = TestTransport.connect(manager.port(), key);
    TestService service = client.shared(TestService.class, "concurrent");
    SharedEvent never = client.event("never-set");
    CompletableFuture<String> async = service.later(60_000, "too late");
    CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
      try {
        never.await(); // a synchronous call parked in the Manager, no deadline of its own
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, TestThreads.EACH);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (manager.introspect().callsInFlight() < 2) {
      assertTrue(System.nanoTime() < deadline, "the two calls never reached the Manager: " + manager.introspect());
      Thread.sleep(5); // polling the Manager's view, with a deadline
    }

    long closing = System.nanoTime();
    client.close();
    ExecutionException a = assertThrows(ExecutionException.class, () -> async.get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertInstanceOf(ConnectionLostException.class, a.getCause());
    ExecutionException s = assertThrows(ExecutionException.class, () -> blocked.get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertInstanceOf(ConnectionLostException.class, s.getCause());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
    assertTrue(millis < 10_000, "the pending calls failed " + millis + " ms after close");
  }

  @Test
  void aProxyFailsWithConnectionLostAfterItsClientClosed() throws Exception {
    ManagerClient client = TestTransport.connect(manager.port(), key);
    TestService service = client.shared(TestService.class, "concurrent");
    TestService neverCalled = client.shared(TestService.class, "concurrent"); // a proxy never called before the close
    assertEquals("before", service.echo("before"));
    client.close();
    assertInstanceOf(ConnectionLostException.class, assertThrows(RuntimeException.class, () -> service.echo("after")));
    assertInstanceOf(ConnectionLostException.class, assertThrows(RuntimeException.class, () -> neverCalled.get()));
    // an async method returns at once, and its future fails: it never throws
    for (TestService proxy : new TestService[] {service, neverCalled}) {
      CompletableFuture<String> after = proxy.later(0, "after");
      ExecutionException e = assertThrows(ExecutionException.class, () -> after.get(WAIT_SECONDS, TimeUnit.SECONDS));
      assertInstanceOf(ConnectionLostException.class, e.getCause());
    }
    client.close(); // a second close does nothing
  }

  @Test
  void closingAnIdleClientTakesNoTime() {
    ManagerClient client = TestTransport.connect(manager.port(), key);
    client.shared(TestService.class, "concurrent").echo("x");
    long t0 = System.nanoTime();
    client.close();
    assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() < 5_000, "close took long");
  }

  /**
   * README, Failures: "A handle used after it was closed throws IllegalStateException ("… is
   * closed") instead, as the JDK's closed objects do: a producer or receiver closed with its
   * client, as after its own close()."
   */
  @Test
  void aClosedClientsProducersAndReceiversThrowIllegalStateException() {
    try (Manager channels = TestTransport.manager(Manager.builder().address(0).authKey(key))
        .channel(Events.class, "events", 8).start()) {
      ManagerClient client = TestTransport.connect(channels.port(), key);
      Producer<Events> producer = client.producer(Events.class, "events");
      Events send = producer.send();
      send.text("before");
      io.typedipc.Receiver<Events> receiver = client.receiver(Events.class, "events");
      client.close();
      IllegalStateException sent = assertThrows(IllegalStateException.class, () -> send.text("after"));
      assertTrue(sent.getMessage().contains("is closed"), sent.getMessage());
      IllegalStateException received = assertThrows(IllegalStateException.class,
          () -> receiver.receive(new Recorder(), Duration.ofSeconds(1)));
      assertTrue(received.getMessage().contains("is closed"), received.getMessage());
    }
  }

  /**
   * close() after the connection was lost (here the Manager closed): there is nothing left to
   * flush to, but the client's producers are still closed by it — Producer.isClosed(): "Whether
   * close() was called (or the client that made this producer was closed)"; later sends throw
   * IllegalStateException (ConnectionLostException if the producer failed first) — and its
   * consumers stopped. close() used to leave them as they were
   * when the connection was lost.
   */
  @Test
  void closeAfterTheConnectionWasLostStillClosesProducersAndStopsConsumers() throws Exception {
    Manager gone = TestTransport.manager(Manager.builder().address(0).authKey(key).closeTimeout(Duration.ofMillis(500)))
        .channel(Events.class, "produced", 8).channel(Events.class, "consumed", 8).start();
    ManagerClient client = TestTransport.connect(gone.port(), key);
    Producer<Events> producer = client.producer(Events.class, "produced");
    producer.send().text("delivered");
    producer.flush();
    Subscription consumer = client.consume(Events.class, "consumed", new Recorder());
    gone.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (client.isConnected()) {
      assertTrue(System.nanoTime() < deadline, "the client never saw its Manager close");
      Thread.sleep(5); // polling with a deadline
    }
    long closing = System.nanoTime();
    client.close();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
    assertTrue(millis < 10_000, "close() took " + millis + " ms");
    assertTrue(producer.isClosed(), "the producer of a closed client");
    // a closed producer refuses sends; one whose sender failed first (its last put met the lost
    // connection) says so instead
    RuntimeException send = assertThrows(RuntimeException.class, () -> producer.send().text("after"));
    assertTrue(send instanceof IllegalStateException && send.getMessage().contains("is closed")
        || send instanceof ConnectionLostException && send.getMessage().contains("failed and sends no more"), send.toString());
    assertTrue(consumer.awaitEnd(Duration.ofSeconds(WAIT_SECONDS)), "the consumer of a closed client still runs");
  }

  /**
   * close() does not wait for a connection that another thread's first call is still opening (a
   * client opens its extra connections lazily, ManagerClient.Builder.connections): it aborts that
   * open, and the call fails with ConnectionLostException. Here the second connection reaches a
   * relay that never answers its handshake; close() used to wait for the handshake's timeout.
   */
  @Test
  void closeAbortsAConnectionStillOpeningInsteadOfWaitingForIt() throws Exception {
    try (FirstOnlyRelay relay = new FirstOnlyRelay(manager.port())) {
      ManagerClient client = ManagerClient.builder().address("127.0.0.1", relay.port()).authKey(key)
          .connections(2).handshakeTimeout(Duration.ofSeconds(60)).connect();
      TestService service = client.shared(TestService.class, "concurrent");
      assertEquals("first", service.echo("first")); // this thread's calls go over the first connection
      CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> service.echo("second"), TestThreads.EACH);
      assertTrue(relay.silentAccepted.await(WAIT_SECONDS, TimeUnit.SECONDS), "the second connection never reached the relay");

      long closing = System.nanoTime();
      client.close();
      long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
      assertTrue(closeMillis < 10_000, "close() took " + closeMillis + " ms");
      ExecutionException e = assertThrows(ExecutionException.class, () -> second.get(WAIT_SECONDS, TimeUnit.SECONDS));
      assertInstanceOf(ConnectionLostException.class, e.getCause());
      assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
      long failedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
      assertTrue(failedMillis < 10_000, "the opening call failed " + failedMillis + " ms after close");
    }
  }

  /** Relays its first connection to the Manager and holds every later one open without a word. */
  private static final class FirstOnlyRelay implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final CountDownLatch silentAccepted = new CountDownLatch(1);

    FirstOnlyRelay(int managerPort) throws IOException {
      Thread acceptor = new Thread(() -> {
        try {
          Socket first = keep(server.accept());
          Socket upstream = keep(new Socket(InetAddress.getLoopbackAddress(), managerPort));
          pump(first, upstream);
          pump(upstream, first);
          while (true) {
            keep(server.accept());
            silentAccepted.countDown();
          }
        } catch (IOException closed) {
          // the relay closed
        }
      }, "relay-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private Socket keep(Socket s) {
      sockets.add(s);
      return s;
    }

    private static void pump(Socket from, Socket to) {
      Thread t = new Thread(() -> {
        try {
          from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ended) {
          // either side closed
        } finally {
          closeQuietly(from);
          closeQuietly(to);
        }
      }, "relay-pump");
      t.setDaemon(true);
      t.start();
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closed anyway
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      sockets.forEach(FirstOnlyRelay::closeQuietly);
    }
  }
}
