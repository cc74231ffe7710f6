package io.typedipc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ChannelHandle;
import io.typedipc.EmptyException;
import io.typedipc.EndOfStreamException;
import io.typedipc.FullException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.NoSuchObjectException;
import io.typedipc.Producer;
import io.typedipc.Receiver;
import io.typedipc.Subscription;
import io.typedipc.it.TestTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/channels-and-pipes.md's channel sentences no other test holds: a close while a producer's
 * messages are still in its outgoing batch, names taken by other objects, an unknown channel for
 * every factory, Python's non-blocking get, unacknowledged messages filling the capacity, and a
 * subscription ended by its own close.
 */
@Timeout(120)
class DocsChannelsTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private final AuthKey key = AuthKey.generate();
  private Manager manager;
  private final List<ManagerClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    manager = TestTransport.manager(Manager.builder()).address(0).authKey(key)
        .channel(Events.class, "events", 100_000).channel(Events.class, "two", 2).map("a-map").start();
  }

  @AfterEach
  void stop() {
    clients.forEach(ManagerClient::close);
    manager.close();
  }

  private ManagerClient client() {
    ManagerClient c = TestTransport.connect(manager.port(), key);
    clients.add(c);
    return c;
  }

  private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within " + LONG + ": " + what);
      Thread.sleep(5);
    }
  }

  /**
   * "close(): producers' later calls fail with ChannelClosedException (messages whose call already
   * returned are still delivered)": sent, not flushed, and the channel closed by another client
   * at once.
   */
  @Test
  void messagesWhoseCallReturnedBeforeACloseAreStillDelivered() throws Exception {
    ManagerClient producing = client();
    ManagerClient closing = client();
    int n = 20_000;
    Producer<Events> producer = producing.producer(Events.class, "events");
    for (int i = 0; i < n; i++) {
      producer.send().item(0, i);
    }
    closing.channel(Events.class, "events").close(); // no flush before
    Throwable flushed = null;
    try {
      producer.flush();
    } catch (RuntimeException e) {
      flushed = e;
    }
    Recorder r = new Recorder();
    try (Receiver<Events> receiver = client().receiver(Events.class, "events")) {
      try {
        while (true) {
          receiver.receive(r);
        }
      } catch (EndOfStreamException end) {
        // drained
      }
    }
    assertEquals(n, r.seen.size(), "every message whose call returned; flush " + flushed);
    for (int i = 0; i < n; i++) {
      assertEquals("0:" + i, r.seen.get(i));
    }
    assertEquals(null, flushed, "the messages were delivered, so the flush that waited for them succeeds");
  }

  /**
   * "a name taken by another object or by a channel of other messages is an
   * IllegalArgumentException"; "A name taken by an object of another type [...] fails the client's
   * call with IllegalArgumentException" (a built-in asked for under a channel's name);
   * "An unknown channel → NoSuchObjectException", through each factory.
   */
  @Test
  void namesTakenByOtherObjectsAndUnknownChannels() {
    ManagerClient client = client();
    IllegalArgumentException taken =
        assertThrows(IllegalArgumentException.class, () -> client.channel(Events.class, "a-map", 10));
    assertTrue(taken.getMessage().contains("a-map"), taken.getMessage());
    client.queue("a-queue", String.class);
    assertThrows(IllegalArgumentException.class, () -> client.channel(Events.class, "a-queue", 10));
    assertThrows(IllegalArgumentException.class, () -> client.map("events"));
    assertThrows(IllegalArgumentException.class, () -> client.queue("events", String.class));
    assertThrows(IllegalArgumentException.class, () -> client.lock("events"));
    assertThrows(IllegalArgumentException.class,
        () -> client.channel(io.typedipc.pipe.Numbers.class, "events", 10));

    assertThrows(NoSuchObjectException.class, () -> client.channel(Events.class, "nowhere"));
    assertThrows(NoSuchObjectException.class, () -> client.receiver(Events.class, "nowhere"));
    assertThrows(NoSuchObjectException.class, () -> client.consume(Events.class, "nowhere", new Recorder()));
    assertThrows(NoSuchObjectException.class, () -> client.producer(Events.class, "nowhere", Duration.ZERO));
    assertThrows(NoSuchObjectException.class, () -> client.channel(Events.class, "a-map"));
    // the failed calls created nothing
    assertThrows(NoSuchObjectException.class, () -> client.channel(Events.class, "a-queue"));
  }

  /** Python's get(block=False): a message only if one is waiting now, else EmptyException at once. */
  @Test
  void aNonBlockingGetTakesOnlyAWaitingMessage() {
    ManagerClient client = client();
    try (Receiver<Events> r = client.receiver(Events.class, "events")) {
      Recorder seen = new Recorder();
      long t0 = System.nanoTime();
      assertThrows(EmptyException.class, () -> r.get(seen, false, LONG));
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "at once, the timeout ignored");
      assertFalse(r.receive(seen, Duration.ZERO));
      Producer<Events> p = client.producer(Events.class, "events");
      p.send().text("here");
      p.flush();
      r.get(seen, false, null);
      assertEquals(List.of("here"), seen.seen);
      client.channel(Events.class, "events").close();
      // the end comes once the producer gave back the places it reserved ahead (when it idles)
      assertThrows(EndOfStreamException.class, () -> r.get(seen, true, LONG));
      assertThrows(EndOfStreamException.class, () -> r.get(seen, false, null));
    }
  }

  /**
   * "isFull() (waiting + delivered-but-unacknowledged + places reserved by producers fill the
   * capacity)"; "unacknowledged messages count against the capacity. A slow consumer slows the
   * producers".
   */
  @Test
  void messagesAConsumerHoldsUnacknowledgedFillTheCapacity() throws Exception {
    ManagerClient client = client();
    ChannelHandle<Events> two = client.channel(Events.class, "two");
    Producer<Events> p = two.producer();
    p.send().item(0, 0);
    p.send().item(0, 1);
    p.close();
    CountDownLatch handling = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();
    Recorder slow = new Recorder() {
      @Override
      public void item(int producer, long seq) {
        handling.countDown();
        try {
          goOn.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        handled.incrementAndGet();
      }
    };
    Subscription s = client().consume(Events.class, "two", slow);
    assertTrue(handling.await(30, TimeUnit.SECONDS));
    ChannelHandle<Events> seen = client().channel(Events.class, "two");
    assertTrue(seen.isFull(), "one message handled, not acknowledged; the other waiting or delivered");
    Producer<Events> tryOnly = seen.producer(Duration.ZERO);
    assertThrows(FullException.class, () -> tryOnly.send().item(1, 0));
    goOn.countDown();
    eventually("both acknowledged", () -> seen.isEmpty() && !seen.isFull());
    tryOnly.send().item(1, 1);
    tryOnly.flush();
    eventually("the third handled", () -> handled.get() == 3);
    s.close();
    assertTrue(s.awaitEnd(LONG), "close() ends a subscription");
    assertFalse(s.reachedEndOfStream(), "not the end of the stream");
    assertFalse(s.isActive());
  }
  /**
   * "StandaloneManager takes --channel orders=com.example.OrderEvents:10000": the command-line
   * form (the config-file form is StandaloneManagerTest's), carrying messages between two clients.
   */
  @Test
  void aStandaloneManagerHostsAChannelGivenOnItsCommandLine() throws Exception {
    try (io.typedipc.it.ChildJvm standalone = io.typedipc.it.ChildJvm.start(io.typedipc.StandaloneManager.class, key,
        "--port", "0", "--auth-key-env", io.typedipc.it.ChildJvm.KEY_ENV,
        "--channel", "orders=io.typedipc.channel.OrderEvents:10000")) {
      String line = standalone.awaitLine("typedipc manager listening on", LONG);
      int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).strip());
      try (ManagerClient producing = ManagerClient.connect("127.0.0.1", port, key);
          ManagerClient consuming = ManagerClient.connect("127.0.0.1", port, key)) {
        ChannelHandle<OrderEvents> orders = consuming.channel(OrderEvents.class, "orders");
        assertEquals(10_000, orders.capacity());
        try (Producer<OrderEvents> p = producing.producer(OrderEvents.class, "orders")) {
          p.send().placed(new Order(7, "sku-7", 3));
          p.send().cancelled(7);
        }
        List<String> seen = new ArrayList<>();
        OrderEvents handler = new OrderEvents() {
          @Override
          public void placed(Order order) {
            seen.add("placed " + order);
          }

          @Override
          public void cancelled(long orderId) {
            seen.add("cancelled " + orderId);
          }
        };
        try (Receiver<OrderEvents> r = orders.receiver()) {
          assertTrue(r.receive(handler, LONG));
          assertTrue(r.receive(handler, LONG));
        }
        assertEquals(List.of("placed " + new Order(7, "sku-7", 3), "cancelled 7"), seen);
        assertThrows(IllegalArgumentException.class, () -> consuming.channel(Events.class, "orders", 10),
            "a channel of other messages");
      }
    }
  }
  /**
   * "The Manager need not have OrderEvents on its classpath for that: it stores messages without
   * decoding them": a StandaloneManager started without the test classes, a channel created by a
   * client, messages carried between two clients.
   */
  @Test
  void aClientCreatedChannelNeedsNoMessageClassesInTheManager() throws Exception {
    String withoutTests = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(entry -> !entry.contains("test-classes"))
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    try (io.typedipc.it.ChildJvm standalone = io.typedipc.it.ChildJvm.start(withoutTests, io.typedipc.StandaloneManager.class, key,
        "--port", "0", "--auth-key-env", io.typedipc.it.ChildJvm.KEY_ENV)) {
      String line = standalone.awaitLine("typedipc manager listening on", LONG);
      int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).strip());
      try (ManagerClient producing = ManagerClient.connect("127.0.0.1", port, key);
          ManagerClient consuming = ManagerClient.connect("127.0.0.1", port, key)) {
        ChannelHandle<OrderEvents> audit = producing.channel(OrderEvents.class, "audit", 1_000);
        assertEquals(1_000, audit.capacity());
        try (Producer<OrderEvents> p = audit.producer()) {
          p.send().placed(new Order(1, "sku-1", 2));
        }
        List<String> seen = new ArrayList<>();
        OrderEvents handler = new OrderEvents() {
          @Override
          public void placed(Order order) {
            seen.add("placed " + order.sku());
          }

          @Override
          public void cancelled(long orderId) {
            seen.add("cancelled " + orderId);
          }
        };
        try (Receiver<OrderEvents> r = consuming.channel(OrderEvents.class, "audit", 5).receiver()) {
          assertTrue(r.receive(handler, LONG));
        }
        assertEquals(List.of("placed sku-1"), seen);
      }
    }
  }
  /**
   * "producers' later calls fail with ChannelClosedException (messages whose call already returned
   * are still delivered)", for a streaming producer that holds places reserved ahead when another
   * client closes the channel: a send into a place it holds may still return (it has not heard of
   * the close yet), and its message is delivered; once one failed every later one does, and after
   * a flush (whose reply tells it) every send fails.
   */
  @Test
  void aProducerHoldingReservedPlacesWhenTheChannelClosesLosesNothingThatReturned() throws Exception {
    ManagerClient producing = client();
    Producer<Events> producer = producing.producer(Events.class, "events");
    int before = 5_000;
    for (int i = 0; i < before; i++) {
      producer.send().item(0, i);
    }
    producer.flush();
    client().channel(Events.class, "events").close();
    int returned = 0;
    int failed = 0;
    for (int i = before; i < before + 5_000; i++) {
      try {
        producer.send().item(0, i);
        assertEquals(0, failed, "a send returned after one had failed");
        returned++;
      } catch (io.typedipc.ChannelClosedException e) {
        failed++;
      }
    }
    RuntimeException flushFailure = null;
    try {
      producer.flush();
    } catch (RuntimeException e) {
      flushFailure = e;
    }
    assertThrows(io.typedipc.ChannelClosedException.class, () -> producer.send().item(0, -1), "after the flush");
    Recorder r = new Recorder();
    try (Receiver<Events> receiver = client().receiver(Events.class, "events")) {
      try {
        while (true) {
          receiver.receive(r);
        }
      } catch (EndOfStreamException end) {
        // drained
      }
    }
    assertEquals(before + returned, r.seen.size(), returned + " sends returned after the close; flush: " + flushFailure);
  }
  /**
   * A producer JVM killed while it waits for room: what it sent stays, every place it had reserved
   * comes back ("places reserved by producers fill the capacity" only while they live), so another
   * producer can fill the channel again.
   */
  @Test
  void aKilledProducersReservedPlacesComeBack() throws Exception {
    ManagerClient client = client();
    ChannelHandle<Events> small = client.channel(Events.class, "small", 10);
    try (io.typedipc.it.ChildJvm producer = io.typedipc.it.ChildJvm.start(ProducerMain.class, key,
        Integer.toString(manager.port()), "small", "9", "1000")) {
      producer.awaitLine("READY", LONG);
      eventually("the producer fills the channel", small::isFull);
      producer.kill();
    }
    Recorder r = new Recorder();
    try (Receiver<Events> receiver = small.receiver()) {
      while (receiver.receive(r, Duration.ZERO)) {
        // draining what the dead producer sent
      }
    }
    for (int i = 0; i < r.seen.size(); i++) {
      assertEquals("9:" + i, r.seen.get(i));
    }
    eventually("the channel is empty", small::isEmpty);
    // the dead producer's places and the receiver's last acknowledgement come back a moment after
    // (its session ends when the Manager notices the kill): ten sends that may wait for room fill
    // the channel only if every place came back, else the last times out
    Producer<Events> refill = small.producer(LONG);
    for (int i = 0; i < 10; i++) {
      refill.send().item(1, i);
    }
    refill.flush();
    assertEquals(10, small.size());
    Producer<Events> tryOnly = small.producer(Duration.ZERO);
    assertThrows(FullException.class, () -> tryOnly.send().item(1, 10));
  }
}
