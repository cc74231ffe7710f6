package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.typedipc.AuthKey;
import io.typedipc.CallTimeoutException;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClient;
import io.typedipc.NoSuchObjectException;
import io.typedipc.Producer;
import io.typedipc.SerializationException;
import io.typedipc.Subscription;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedMap;
import io.typedipc.channel.Events;
import io.typedipc.channel.Recorder;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The public Javadoc of {@link ManagerClient} and its builder, sentence by sentence where no other
 * test held it, against one Manager in a JVM of its own ({@link TestManagerMain}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientApiTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static AuthKey key;
  private static ChildJvm managerJvm;
  private static int port;

  @BeforeAll
  static void startManager() throws Exception {
    key = AuthKey.generate();
    managerJvm = ChildJvm.start(TestManagerMain.class, key);
    port = Integer.parseInt(managerJvm.awaitLine("PORT", WAIT));
  }

  @AfterAll
  static void stopManager() {
    managerJvm.close();
  }

  /**
   * withTimeout: "Another proxy for the same remote object whose calls have the given deadline
   * (Duration.ZERO for none). The original proxy is unchanged. @throws IllegalArgumentException if
   * proxy is not a proxy of this client, or timeout is negative". A proxy of another client was
   * taken, and its copy called through that other client.
   */
  @Test
  void withTimeoutChangesOnlyTheCopyAndRefusesWhatIsNotAProxyOfThisClient() throws Exception {
    try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
            .address("127.0.0.1", port).authKey(key).callTimeout(Duration.ofMillis(300)).connect());
        ManagerClient other = TestTransport.connect(port, key)) {
      TestService service = client.shared(TestService.class, "concurrent");
      TestService patient = client.withTimeout(service, Duration.ZERO);
      CompletableFuture<String> late = patient.later(1_000, "no deadline");
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> service.later(1_000, "the client's deadline").get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertInstanceOf(CallTimeoutException.class, e.getCause(), "the original proxy keeps the client's 300 ms");
      assertEquals("no deadline", late.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      SharedMap<String, Integer> map = client.map("with-timeout");
      map.put("a", 1);
      assertEquals(1, client.withTimeout(map, Duration.ofSeconds(5)).get("a"), "a built-in map is a proxy too");

      TestService othersProxy = other.shared(TestService.class, "concurrent");
      IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
          () -> client.withTimeout(othersProxy, Duration.ofSeconds(5)));
      assertTrue(foreign.getMessage().contains("another ManagerClient"), foreign.getMessage());
      assertThrows(IllegalArgumentException.class, () -> client.withTimeout("not a proxy", Duration.ofSeconds(5)));
      assertThrows(IllegalArgumentException.class, () -> client.withTimeout(null, Duration.ofSeconds(5)));
      assertThrows(IllegalArgumentException.class, () -> client.withTimeout(service, Duration.ofMillis(-1)));
      assertEquals("still mine", other.withTimeout(othersProxy, Duration.ofSeconds(5)).echo("still mine"));
    }
  }

  /**
   * close(): "Closes the connection; calls still pending fail with ConnectionLostException" (see
   * ClientCloseTest) — and after it the client's own methods fail as its proxies do, with
   * ConnectionLostException, not with whatever a closed connection happens to throw; isConnected()
   * is false, managerAddress() still names the Manager, toString() says "closed" (and never shows
   * the key), and a second close does nothing.
   */
  @Test
  void aClosedClientSaysSoAndItsMethodsFailWithConnectionLost() throws Exception {
    ManagerClient client = TestTransport.connect(port, key);
    InetSocketAddress manager = new InetSocketAddress("127.0.0.1", port);
    assertEquals("ManagerClient[127.0.0.1:" + port + "]", client.toString());
    TestService service = client.shared(TestService.class, "service");
    io.typedipc.ChannelHandle<Events> handle = client.channel(Events.class, "after-close-handle", 4);
    client.close();
    assertFalse(client.isConnected());
    assertEquals(manager, client.managerAddress());
    assertEquals("ManagerClient[127.0.0.1:" + port + ", closed]", client.toString());
    assertFalse(client.toString().contains(key.toBase64()));
    Map<String, Executable> calls = new LinkedHashMap<>();
    calls.put("shared", () -> client.shared(TestService.class, "service"));
    calls.put("map", () -> client.map("after-close"));
    calls.put("value", () -> client.value("after-close-value", 1));
    calls.put("intArray", () -> client.intArray("after-close-ints", 2));
    calls.put("lock", () -> client.lock("after-close-lock"));
    calls.put("queue", () -> client.queue("after-close-queue", String.class));
    calls.put("channel", () -> client.channel(Events.class, "after-close-channel", 4));
    calls.put("producer", () -> client.producer(Events.class, "after-close-channel"));
    calls.put("remove", () -> client.remove("after-close"));
    calls.put("a channel handle's producer", handle::producer); // the client's factories, through a handle kept
    calls.put("a channel handle's receiver", handle::receiver);
    calls.put("a channel handle's consume", () -> handle.consume(new Recorder()));
    calls.put("introspect", client::introspect);
    calls.put("a proxy", () -> service.echo("x"));
    calls.forEach((name, call) -> assertInstanceOf(ConnectionLostException.class,
        assertThrows(RuntimeException.class, call, name), name));
    client.close();
  }

  /**
   * close(): "Channel producers still open are flushed first, and consumers stopped." Every message
   * a producer's send returned for reaches the channel, though the client was closed right after
   * the last send; the producer says it is closed; a consumer's subscription has ended, and
   * messages sent later stay in the channel for others.
   */
  @Test
  void closingTheClientFlushesItsProducersAndStopsItsConsumers() throws Exception {
    int messages = 300;
    try (ManagerClient other = TestTransport.connect(port, key)) {
      ManagerClient client = TestTransport.connect(port, key);
      client.channel(Events.class, "close-flushes", messages + 10);
      Producer<Events> producer = client.producer(Events.class, "close-flushes");
      byte[] payload = new byte[4 * 1024];
      for (int i = 0; i < messages; i++) {
        producer.send().payload(payload); // no flush
      }
      CountDownLatch handled = new CountDownLatch(1);
      client.channel(Events.class, "close-flushes-too", 4);
      Subscription consumer = client.consume(Events.class, "close-flushes-too", new Recorder() {
        @Override
        public void text(String text) {
          handled.countDown();
        }
      });
      other.producer(Events.class, "close-flushes-too").send().text("first");
      assertTrue(handled.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the consumer never got the first message");
      client.close();
      assertTrue(producer.isClosed());
      assertEquals(messages, other.channel(Events.class, "close-flushes").size(), "every message sent before the close");
      assertTrue(consumer.awaitEnd(WAIT), "the consumer still runs after its client closed");
      assertFalse(consumer.isActive());
      try (Producer<Events> later = other.producer(Events.class, "close-flushes-too")) {
        later.send().text("second");
      }
      assertEquals(1, other.channel(Events.class, "close-flushes-too").size(), "taken by a stopped consumer");
    }
  }

  /**
   * Builder.address: "replaces addresses given before"; addresses(...): "replaces addresses given
   * before". Given a dead address first, the client connects only to the one given last, and with
   * one address it does not reconnect by default.
   */
  @Test
  void eachAddressSettingReplacesTheOneBefore() throws Exception {
    int dead;
    try (ServerSocket gone = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = gone.getLocalPort();
    }
    InetSocketAddress live = new InetSocketAddress("127.0.0.1", port);
    try (ManagerClient client = TestTransport.client(ManagerClient.builder()
        .addresses(new InetSocketAddress("127.0.0.1", dead), new InetSocketAddress("localhost", dead))
        .address("127.0.0.1", port).authKey(key)).connect()) {
      assertEquals(live, client.managerAddress());
    }
    ConnectionLostException e = assertThrows(ConnectionLostException.class, () -> ManagerClient.builder()
        .address("127.0.0.1", port).addresses(new InetSocketAddress("127.0.0.1", dead)).authKey(key).connect());
    assertTrue(e.getMessage().contains(Integer.toString(dead)) && !e.getMessage().contains(Integer.toString(port)),
        e.getMessage());
  }

  /**
   * Builder.maxFrameSize: the largest frame the client accepts from the Manager — and the largest it
   * sends. A reply over it fails that call with SerializationException (the Manager, told the
   * client's limit in the handshake, does not send it); a call over it fails before anything is
   * sent, with a message naming the frame limit; the connection serves the next call either way.
   */
  @Test
  void theClientsFrameLimitBoundsWhatItReceivesAndWhatItSends() throws Exception {
    int limit = 4 * 1024;
    try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
        .address("127.0.0.1", port).authKey(key).maxFrameSize(limit).connect())) {
      SharedList<String> list = client.list("frame-limit");
      for (int i = 0; i < 3; i++) {
        list.add("x".repeat(2_000)); // each call fits
      }
      SerializationException reply = assertThrows(SerializationException.class, list::toList);
      assertTrue(reply.getMessage().contains("frame limit of " + limit), reply.getMessage());
      assertEquals(3, list.size());
      TestService service = client.shared(TestService.class, "service");
      SerializationException call = assertThrows(SerializationException.class, () -> service.echoBytes(new byte[2 * limit]));
      assertTrue(call.getMessage().contains("frame limit"), call.getMessage());
      assertEquals(100, service.echoBytes(new byte[100]).length);
      assertTrue(client.isConnected());
    }
  }

  /**
   * shared(type, name): "@throws NoSuchObjectException if the Manager has no object of that name
   * and type" (NoSuchObjectException: "or it has one of another type"); "@throws
   * IllegalArgumentException if type has no generated binding" — and a {@code @Channel} interface
   * is refused as not {@code @Shared}. The same name with its own type then works: a failed lookup
   * changes nothing.
   */
  @Test
  void sharedRefusesAnotherTypeAndATypeWithoutBinding() {
    try (ManagerClient client = TestTransport.connect(port, key)) {
      NoSuchObjectException otherType = assertThrows(NoSuchObjectException.class, () -> client.shared(Box.class, "service"));
      assertTrue(otherType.getMessage().contains("'service' is a " + TestService.class.getName()), otherType.getMessage());
      assertThrows(NoSuchObjectException.class, () -> client.shared(TestService.class, "box"));
      IllegalArgumentException unbound = assertThrows(IllegalArgumentException.class, () -> client.shared(Runnable.class, "service"));
      assertTrue(unbound.getMessage().contains("no typedipc binding for java.lang.Runnable"), unbound.getMessage());
      @io.typedipc.annotation.Shared
      interface Local {
        int get();
      }
      IllegalArgumentException local = assertThrows(IllegalArgumentException.class, () -> client.shared(Local.class, "service"));
      assertTrue(local.getMessage().contains("it is a local interface"), local.getMessage()); // the processor never sees one
      IllegalArgumentException channel = assertThrows(IllegalArgumentException.class, () -> client.shared(Events.class, "service"));
      assertTrue(channel.getMessage().contains("is a @Channel interface, not @Shared"), channel.getMessage());
      assertEquals("found", client.shared(TestService.class, "service").echo("found"));
      assertTrue(client.isConnected());
    }
  }

  /**
   * close() with a thread blocked in a producer's send, waiting for room in a full channel: the
   * close returns promptly (it used to take the 35 s the producer's close waits for its thread,
   * which waited for the blocked send's reservation), and the send ends with the
   * IllegalStateException of a closed producer instead of waiting for room that may never come.
   * What was sent before is in the channel.
   */
  @Test
  void closeEndsASendBlockedOnAFullChannel() throws Exception {
    try (ManagerClient other = TestTransport.connect(port, key)) {
      ManagerClient client = TestTransport.connect(port, key);
      client.channel(Events.class, "close-full", 1);
      Producer<Events> producer = client.producer(Events.class, "close-full");
      producer.send().text("fills it");
      producer.flush();
      CompletableFuture<Void> blocked = Background.run(() -> producer.send().text("no room"));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (other.introspect().parkedCalls() < 1) { // the send's reservation waits in the Manager
        assertTrue(System.nanoTime() < deadline, "the send never waited for room: " + other.introspect().toText());
        Thread.sleep(5); // polling the Manager's view, with a deadline
      }
      assertFalse(blocked.isDone());
      long closing = System.nanoTime();
      client.close();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
      assertTrue(millis < 10_000, "close() took " + millis + " ms");
      ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertInstanceOf(IllegalStateException.class, e.getCause());
      assertTrue(e.getCause().getMessage().contains("is closed"), e.getCause().getMessage());
      assertEquals(1, other.channel(Events.class, "close-full").size());
    }
  }

  /**
   * Builder.connectTimeout: "How long to wait for the TCP connection" — a listener whose backlog
   * is full lets a connect hang (Linux drops the SYN), and connect() fails with
   * ConnectionLostException after the client's 500 ms, not the handshake timeout's 20 s. A host
   * name that does not resolve fails at once with ConnectionLostException saying so (it used to
   * end in ": null").
   */
  @Test
  void connectFailsAfterTheConnectTimeoutAndSaysWhenAHostIsUnknown() throws Exception {
    ConnectionLostException unknown = assertThrows(ConnectionLostException.class,
        () -> ManagerClient.builder().address("no-such-host.invalid", 6000).authKey(key).connect());
    assertTrue(unknown.getMessage().contains("no-such-host.invalid:6000") && unknown.getMessage().contains("unknown host")
        && !unknown.getMessage().endsWith("null"), unknown.getMessage());

    List<java.net.Socket> backlog = new java.util.ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", silent.getLocalPort());
      boolean full = false;
      for (int i = 0; i < 20 && !full; i++) { // fills the accept queue, never accepted, until a connect hangs
        java.net.Socket s = new java.net.Socket();
        try {
          s.connect(address, 300);
          backlog.add(s);
        } catch (java.net.SocketTimeoutException e) {
          s.close();
          full = true;
        }
      }
      // a connect that hangs needs a host that drops SYNs to a full accept queue (Linux does); where
      // every connect is answered, there is no timeout to try
      assumeTrue(full, "the listener's backlog never filled: connects do not hang here");
      long start = System.nanoTime();
      ConnectionLostException e = assertThrows(ConnectionLostException.class, () -> ManagerClient.builder()
          .address("127.0.0.1", address.getPort()).authKey(key).connectTimeout(Duration.ofMillis(500))
          .handshakeTimeout(Duration.ofSeconds(20)).connect());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis >= 400 && millis < 10_000, "connect failed after " + millis + " ms, not after its 500 ms connect timeout");
      assertTrue(e.getMessage().contains("did not answer in time") && e.getMessage().contains("connect timeout of 500 ms")
          && !e.getMessage().contains("TLS"), e.getMessage()); // nothing answered: no hint at the Manager's protocol
    } finally {
      for (java.net.Socket s : backlog) {
        s.close();
      }
    }
  }

  /**
   * map, queue, lock, …: "@throws IllegalArgumentException if name is taken by an object of another
   * type" — with a message in the types the user holds (SharedQueue, SharedLock, SharedCondition),
   * not the Manager's internal wire interfaces.
   */
  @Test
  void aNameTakenByAnotherKindIsRefusedNamingTheTypesUsersHold() {
    try (ManagerClient client = TestTransport.connect(port, key)) {
      client.map("kind-map");
      client.lock("kind-lock");
      Map<String, Executable> calls = new LinkedHashMap<>();
      calls.put("'kind-map' is already a SharedMap, not a SharedQueue",
          () -> client.queue("kind-map", String.class));
      calls.put("'kind-map' is already a SharedMap, not a SharedCondition",
          () -> client.condition("kind-map"));
      calls.put("'kind-lock' is already a SharedLock, not a SharedMap",
          () -> client.map("kind-lock"));
      calls.put("'kind-lock' is already a SharedLock, not a channel",
          () -> client.channel(Events.class, "kind-lock", 4));
      calls.put("'service' is already an object of io.typedipc.it.TestService, not a SharedMap", () -> client.map("service"));
      calls.put("a shared object needs a non-blank name", () -> client.map(" "));
      calls.forEach((message, call) -> assertEquals(message,
          assertThrows(IllegalArgumentException.class, call, message).getMessage()));
    }
  }
}
