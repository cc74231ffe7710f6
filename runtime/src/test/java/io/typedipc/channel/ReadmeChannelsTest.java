package io.typedipc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ChannelHandle;
import io.typedipc.EndOfStreamException;
import io.typedipc.FullException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.Producer;
import io.typedipc.Receiver;
import io.typedipc.Subscription;
import io.typedipc.builtin.SharedMap;
import io.typedipc.it.TestTransport;
import io.typedipc.testing.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's section 6 ("Channels"): its sample as written, a push consumer that throws giving
 * its message back, and a slow consumer slowing its producers only.
 */
@Timeout(180)
class ReadmeChannelsTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  /** Records what an {@link OrderEvents} consumer receives. */
  static class OrderEventsHandler implements OrderEvents {
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void placed(Order order) {
      seen.add("placed " + order.id());
    }

    @Override
    public void cancelled(long orderId) {
      seen.add("cancelled " + orderId);
    }
  }

  private static Manager manager(AuthKey key) {
    return TestTransport.manager(Manager.builder()).address(0).authKey(key)
        .channel(OrderEvents.class, "orders", 10_000)
        .start();
  }

  @Test
  void theSampleRunsAsWrittenAndDoesWhatItsCommentsSay() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = manager(key);
        ManagerClient client = TestTransport.connect(manager.port(), key);
        ManagerClient other = TestTransport.connect(manager.port(), key)) {
      Order order = new Order(1, "sku-1", 2);
      OrderEventsHandler handler = new OrderEventsHandler();

      // ---- the README's sample, from here on (the Manager above)
      ChannelHandle<OrderEvents> audit = client.channel(OrderEvents.class, "audit", 1_000);   // or get-or-create from a client

      Producer<OrderEvents> orders = client.producer(OrderEvents.class, "orders");   // sends block while full
      orders.send().placed(order);
      orders.flush();                                  // the Manager holds everything sent so far
      Producer<OrderEvents> quick = client.producer(OrderEvents.class, "orders", Duration.ZERO);  // FullException at once when full
      // ---- (checked before the consumers below take anything)
      ChannelHandle<OrderEvents> seen = other.channel(OrderEvents.class, "orders");
      assertEquals(1, seen.size(), "held by the Manager after flush");
      assertEquals(10_000, seen.capacity());
      assertEquals(1_000, audit.capacity());
      assertEquals(1_000, other.channel(OrderEvents.class, "audit", 5).capacity(), "get: the existing channel");
      for (int i = 2; i <= 10_000; i++) {
        long until = System.nanoTime() + LONG.toNanos();
        while (true) {
          try {
            quick.send().cancelled(i);
            break;
          } catch (FullException e) {
            // not full yet: the first producer's reserved, unused places come back after its
            // linger (2 ms idle), later on a loaded machine; until then a non-blocking send fails
            assertTrue(seen.size() < 10_000 && System.nanoTime() < until, "full before its capacity: " + e);
            Thread.sleep(1); // polling with a deadline
          }
        }
      }
      assertTrue(seen.isFull());
      long start = System.nanoTime();
      assertThrows(FullException.class, () -> quick.send().cancelled(-1));
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "at once");
      CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> orders.send().cancelled(10_001), TestThreads.EACH);
      assertThrows(TimeoutException.class, () -> blocked.get(300, TimeUnit.MILLISECONDS), "a send blocks while full");

      // ---- the sample again
      OrderEventsHandler pushed = new OrderEventsHandler(); // the sample's `new OrderEventsHandler()`, kept to count
      Subscription s = client.consume(OrderEvents.class, "orders", pushed);  // push
      // ---- (the subscription takes everything; stopped once it has handled it all, so the pull
      // gets the rest: a message it holds unhandled when closed would go back to the channel's head)
      blocked.get(30, TimeUnit.SECONDS);
      orders.flush();
      long deadline = System.nanoTime() + LONG.toNanos();
      while (pushed.seen.size() < 10_001) { // 1 placed, 9,999 quick cancellations, the one that waited
        assertTrue(System.nanoTime() < deadline, "the subscription handles everything sent so far");
        Thread.sleep(5); // polling the handler's count with a deadline
      }
      assertEquals(0, seen.size(), "the subscription drained the channel");
      s.close();
      orders.send().placed(new Order(2, "sku-2", 1));
      orders.flush();
      boolean got;
      // ---- the sample again
      try (Receiver<OrderEvents> r = client.receiver(OrderEvents.class, "orders")) {             // pull
        got = r.receive(handler, Duration.ofSeconds(10));
      }
      ChannelHandle<OrderEvents> h = client.channel(OrderEvents.class, "orders");
      int size = h.size();
      boolean full = h.isFull();
      int capacity = h.capacity();
      orders.send().cancelled(3);
      orders.flush();
      h.close();   // consumers drain, then EndOfStreamException
      // ---- to here

      assertTrue(got);
      assertEquals(List.of("placed 2"), handler.seen);
      assertEquals(0, size);
      assertFalse(full);
      assertEquals(10_000, capacity);
      try (Receiver<OrderEvents> r = other.receiver(OrderEvents.class, "orders")) {
        assertTrue(r.receive(handler, LONG), "drained after close");
        assertThrows(EndOfStreamException.class, () -> r.receive(handler, LONG));
      }
      assertEquals(List.of("placed 2", "cancelled 3"), handler.seen);
    }
  }

  /**
   * A channel's waits are the Manager's, not calls with the client's deadline: a producer blocked
   * while full, a receive and a subscription idle for longer than the call timeout go on.
   */
  @Test
  void channelWaitsOutlastTheClientsCallTimeout() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key)
            .channel(OrderEvents.class, "orders", 1).channel(OrderEvents.class, "quiet", 10).start();
        ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
            .address("127.0.0.1", manager.port()).authKey(key).callTimeout(Duration.ofMillis(200)).connect());
        ManagerClient other = TestTransport.connect(manager.port(), key)) {
      Duration wait = Duration.ofMillis(800);
      OrderEventsHandler handler = new OrderEventsHandler();
      try (Receiver<OrderEvents> r = client.receiver(OrderEvents.class, "quiet")) {
        long start = System.nanoTime();
        assertFalse(r.receive(handler, wait));
        assertTrue(System.nanoTime() - start >= wait.toNanos() - TimeUnit.MILLISECONDS.toNanos(20));
      }
      Producer<OrderEvents> patient = client.producer(OrderEvents.class, "orders", wait);
      patient.send().cancelled(1);
      patient.flush();
      long start = System.nanoTime();
      assertThrows(FullException.class, () -> patient.send().cancelled(2));
      assertTrue(System.nanoTime() - start >= wait.toNanos() - TimeUnit.MILLISECONDS.toNanos(20));

      Producer<OrderEvents> blocking = client.producer(OrderEvents.class, "orders");
      CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
        blocking.send().cancelled(3);
        blocking.flush();
      }, TestThreads.EACH);
      OrderEventsHandler pushed = new OrderEventsHandler();
      Subscription s = client.consume(OrderEvents.class, "quiet", pushed);
      assertThrows(TimeoutException.class, () -> blocked.get(wait.toMillis(), TimeUnit.MILLISECONDS), "still blocked");
      try (Receiver<OrderEvents> r = other.receiver(OrderEvents.class, "orders")) {
        assertTrue(r.receive(handler, LONG));
        blocked.get(30, TimeUnit.SECONDS);
        assertTrue(r.receive(handler, LONG));
      }
      assertEquals(List.of("cancelled 1", "cancelled 3"), handler.seen);
      assertTrue(s.isActive(), "an idle subscription goes on: " + s.failure());
      Producer<OrderEvents> late = other.producer(OrderEvents.class, "quiet");
      late.send().cancelled(4);
      late.flush();
      long deadline = System.nanoTime() + LONG.toNanos();
      while (pushed.seen.isEmpty()) {
        assertTrue(System.nanoTime() < deadline, "the subscription receives: " + s.failure());
        Thread.sleep(5);
      }
      s.close();
      assertEquals(List.of("cancelled 4"), pushed.seen);
    }
  }

  /**
   * "h.close(); // consumers drain, then EndOfStreamException": a producer blocked on the full
   * channel at that moment fails rather than waiting forever, and a consumer waiting on an empty
   * one sees the end at once.
   */
  @Test
  void closingEndsABlockedProducerAndAWaitingConsumer() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key)
            .channel(OrderEvents.class, "full", 1).channel(OrderEvents.class, "empty", 1).start();
        ManagerClient client = TestTransport.connect(manager.port(), key);
        ManagerClient other = TestTransport.connect(manager.port(), key)) {
      Producer<OrderEvents> producer = client.producer(OrderEvents.class, "full");
      producer.send().cancelled(1);
      producer.flush();
      CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
        producer.send().cancelled(2);
        producer.flush();
      }, TestThreads.EACH);
      Receiver<OrderEvents> waiting = client.receiver(OrderEvents.class, "empty");
      CompletableFuture<Boolean> receiving = CompletableFuture.supplyAsync(() -> waiting.receive(new OrderEventsHandler(), LONG), TestThreads.EACH);
      assertThrows(TimeoutException.class, () -> CompletableFuture.anyOf(blocked, receiving).get(300, TimeUnit.MILLISECONDS));
      other.channel(OrderEvents.class, "full").close();
      other.channel(OrderEvents.class, "empty").close();
      java.util.concurrent.ExecutionException e =
          assertThrows(java.util.concurrent.ExecutionException.class, () -> blocked.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof io.typedipc.ChannelClosedException, e.getCause().toString());
      e = assertThrows(java.util.concurrent.ExecutionException.class, () -> receiving.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof EndOfStreamException, e.getCause().toString());
      waiting.close();
      OrderEventsHandler handler = new OrderEventsHandler();
      try (Receiver<OrderEvents> r = other.receiver(OrderEvents.class, "full")) {
        assertTrue(r.receive(handler, LONG));
        assertThrows(EndOfStreamException.class, () -> r.receive(handler, LONG));
      }
      assertEquals(List.of("cancelled 1"), handler.seen, "what was in the channel, not the refused message");
    }
  }

  /**
   * "exactly once when no consumer fails": a subscription closed while it holds a batch gives the
   * messages it did not handle back; with the next consumer every message is handled exactly once,
   * in order.
   */
  @Test
  void aConsumerClosedMidBatchLosesAndRepeatsNothing() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = manager(key);
        ManagerClient client = TestTransport.connect(manager.port(), key)) {
      int n = 500;
      Producer<OrderEvents> producer = client.producer(OrderEvents.class, "orders");
      for (int i = 0; i < n; i++) {
        producer.send().cancelled(i);
      }
      producer.flush();
      CountDownLatch twenty = new CountDownLatch(20);
      OrderEventsHandler first = new OrderEventsHandler() {
        @Override
        public void cancelled(long orderId) {
          super.cancelled(orderId);
          twenty.countDown();
          try {
            Thread.sleep(1); // slow enough that the close comes mid-batch
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      };
      Subscription s = client.consume(OrderEvents.class, "orders", first);
      assertTrue(twenty.await(30, TimeUnit.SECONDS));
      s.close();
      assertFalse(s.isActive());
      assertEquals(null, s.failure());
      int handledFirst = first.seen.size();
      assertTrue(handledFirst < n, "closed before the end");
      OrderEventsHandler second = new OrderEventsHandler();
      try (Receiver<OrderEvents> r = client.receiver(OrderEvents.class, "orders")) {
        while (r.receive(second, Duration.ofMillis(500))) {
          // drain
        }
      }
      List<String> all = new ArrayList<>(first.seen);
      all.addAll(second.seen);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        expected.add("cancelled " + i);
      }
      assertEquals(expected, all, "the first consumer handled " + handledFirst);

      // the same with a pull receiver closed after 20 messages
      for (int i = 0; i < n; i++) {
        producer.send().cancelled(i);
      }
      producer.flush();
      OrderEventsHandler pulled = new OrderEventsHandler();
      try (Receiver<OrderEvents> r = client.receiver(OrderEvents.class, "orders")) {
        for (int i = 0; i < 20; i++) {
          assertTrue(r.receive(pulled, LONG));
        }
      }
      try (Receiver<OrderEvents> r = client.receiver(OrderEvents.class, "orders")) {
        while (r.receive(pulled, Duration.ofMillis(500))) {
          // drain
        }
      }
      assertEquals(expected, pulled.seen);
    }
  }

  /**
   * "a consumer that dies or throws gives its unacknowledged messages back": a push handler that
   * throws ends its subscription with that failure, and the message comes to the next consumer,
   * in order with the rest.
   */
  @Test
  void aPushHandlerThatThrowsGivesItsMessagesBackInOrder() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = manager(key);
        ManagerClient client = TestTransport.connect(manager.port(), key)) {
      Producer<OrderEvents> orders = client.producer(OrderEvents.class, "orders");
      for (int i = 0; i < 50; i++) {
        orders.send().cancelled(i);
      }
      orders.flush();
      IllegalStateException boom = new IllegalStateException("cannot handle 10");
      OrderEventsHandler failing = new OrderEventsHandler() {
        @Override
        public void cancelled(long orderId) {
          if (orderId == 10) {
            throw boom;
          }
          super.cancelled(orderId);
        }
      };
      Subscription s = client.consume(OrderEvents.class, "orders", failing);
      assertTrue(s.awaitEnd(LONG));
      assertSame(boom, s.failure());
      assertFalse(s.reachedEndOfStream());
      assertEquals(10, failing.seen.size());
      OrderEventsHandler next = new OrderEventsHandler();
      try (Receiver<OrderEvents> r = client.receiver(OrderEvents.class, "orders")) {
        for (int i = 10; i < 50; i++) {
          assertTrue(r.receive(next, LONG));
        }
        assertFalse(r.receive(next, Duration.ofMillis(100)), "nothing else");
      }
      List<String> expected = new ArrayList<>();
      for (int i = 10; i < 50; i++) {
        expected.add("cancelled " + i);
      }
      assertEquals(expected, next.seen);
    }
  }

  /**
   * "a slow consumer slows producers, not the Manager's other clients": with the channel full and
   * its consumer stuck, the producer waits, while other clients' calls (and another channel's
   * producer) go on.
   */
  @Test
  void aStuckConsumerBlocksItsProducersOnlyAndOtherClientsGoOn() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key)
            .channel(OrderEvents.class, "orders", 5).channel(OrderEvents.class, "other", 5).map("m").start();
        ManagerClient consumerClient = TestTransport.connect(manager.port(), key);
        ManagerClient producerClient = TestTransport.connect(manager.port(), key);
        ManagerClient bystander = TestTransport.connect(manager.port(), key)) {
      CountDownLatch unstick = new CountDownLatch(1);
      CountDownLatch stuck = new CountDownLatch(1);
      OrderEventsHandler slow = new OrderEventsHandler() {
        @Override
        public void cancelled(long orderId) {
          stuck.countDown();
          try {
            unstick.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          super.cancelled(orderId);
        }
      };
      Subscription s = consumerClient.consume(OrderEvents.class, "orders", slow);
      Producer<OrderEvents> producer = producerClient.producer(OrderEvents.class, "orders");
      CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 100; i++) {
          producer.send().cancelled(i);
        }
        producer.flush();
      }, TestThreads.EACH);
      assertTrue(stuck.await(30, TimeUnit.SECONDS));
      ChannelHandle<OrderEvents> orders = bystander.channel(OrderEvents.class, "orders");
      long deadline = System.nanoTime() + LONG.toNanos();
      while (!orders.isFull()) {
        assertTrue(System.nanoTime() < deadline, "the channel fills up");
        Thread.sleep(5);
      }
      assertThrows(TimeoutException.class, () -> producing.get(300, TimeUnit.MILLISECONDS), "the producer waits");

      SharedMap<String, Integer> m = bystander.map("m");
      for (int i = 0; i < 100; i++) {
        m.merge("calls", 1, io.typedipc.builtin.Merge.SUM);
      }
      assertEquals(100, m.get("calls"), "other clients' calls go on");
      Producer<OrderEvents> elsewhere = producerClient.producer(OrderEvents.class, "other", Duration.ofSeconds(10));
      elsewhere.send().cancelled(1);
      elsewhere.flush();
      assertEquals(1, bystander.channel(OrderEvents.class, "other").size(), "another channel's producer too");

      unstick.countDown();
      producing.get(30, TimeUnit.SECONDS);
      deadline = System.nanoTime() + LONG.toNanos();
      while (slow.seen.size() < 100) {
        assertTrue(System.nanoTime() < deadline, "the consumer gets everything once unstuck");
        Thread.sleep(5);
      }
      s.close();
      for (int i = 0; i < 100; i++) {
        assertEquals("cancelled " + i, slow.seen.get(i));
      }
    }
  }
}
