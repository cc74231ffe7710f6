package io.typedipc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.testing.Interrupts;
import io.typedipc.testing.TestThreads;
import io.typedipc.ChannelClosedException;
import io.typedipc.ChannelHandle;
import io.typedipc.EmptyException;
import io.typedipc.EndOfStreamException;
import io.typedipc.FullException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.Producer;
import io.typedipc.Receiver;
import io.typedipc.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The promises of the Javadoc of Producer, Receiver, Subscription and ChannelHandle, one by one. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavadocChannelsTest {
  private final AuthKey key = AuthKey.generate();
  private Manager manager;
  private ManagerClient client;

  @BeforeEach
  void start() {
    manager = Manager.builder().address(0).authKey(key).channel(Events.class, "events", 4).start();
    client = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key).connect();
  }

  @AfterEach
  void stop() {
    client.close();
    manager.close();
  }

  @Test
  void aProducersCloseIsIdempotentAndLaterSendsThrowIllegalState() {
    Producer<Events> p = client.producer(Events.class, "events");
    assertSame(p.send(), p.send());
    assertEquals("events", p.channelName());
    assertFalse(p.isClosed());
    p.send().text("a");
    p.close();
    p.close();
    assertTrue(p.isClosed());
    assertThrows(IllegalStateException.class, () -> p.send().text("b"));
    Recorder r = new Recorder();
    try (Receiver<Events> rec = client.receiver(Events.class, "events")) {
      assertTrue(rec.receive(r, Duration.ofSeconds(10)));
      assertFalse(rec.receive(r, Duration.ZERO));
    }
    assertEquals(List.of("a"), r.seen);
  }

  @Test
  void closingTheClientClosesItsProducers() {
    Producer<Events> p = client.producer(Events.class, "events");
    client.close();
    assertTrue(p.isClosed());
  }

  @Test
  void aSendWaitingForRoomEndsWithIllegalStateWhenTheProducerCloses() throws Exception {
    Producer<Events> p = client.producer(Events.class, "events");
    for (int i = 0; i < 4; i++) {
      p.send().item(0, i);
    }
    CountDownLatch started = new CountDownLatch(1);
    java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
    Thread t = new Thread(() -> {
      started.countDown();
      try {
        p.send().item(0, 4);
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.complete(e);
      }
    });
    t.start();
    started.await();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // until the send waits for room
    }
    p.close();
    Throwable e = outcome.get(10, TimeUnit.SECONDS);
    assertTrue(e instanceof IllegalStateException, String.valueOf(e));
  }

  @Test
  void aProducerWithAZeroTimeoutThrowsFullAtOnceAndANegativeOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> client.producer(Events.class, "events", Duration.ofMillis(-1)));
    Producer<Events> p = client.producer(Events.class, "events", Duration.ZERO);
    for (int i = 0; i < 4; i++) {
      p.send().item(0, i);
    }
    assertThrows(FullException.class, () -> p.send().item(0, 4));
    p.close();
  }

  /**
   * Receiver's Javadoc: "A receive is not interruptible [...] an interrupted thread goes on waiting
   * (without spinning) and finds its interrupt flag still set [...] To end a wait from another
   * thread, close() the receiver."
   */
  @Test
  void anInterruptedReceiveWaitsWithoutSpinningKeepsTheFlagAndEndsWhenClosed() throws Exception {
    Receiver<Events> rec = client.receiver(Events.class, "events");
    long[] cpuAndFlag = Interrupts.interruptedWhile(() -> assertFalse(rec.receive(new Recorder(), Duration.ofMillis(1500))));
    assertTrue(cpuAndFlag[0] < TimeUnit.MILLISECONDS.toNanos(400),
        "an interrupted receive used " + TimeUnit.NANOSECONDS.toMillis(cpuAndFlag[0]) + " ms of CPU in 1500 ms");
    assertEquals(1, cpuAndFlag[1], "the interrupt flag is kept");

    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      Thread.currentThread().interrupt();
      try {
        rec.receive(new Recorder()); // for ever
        outcome.complete(null);
      } catch (Throwable t) {
        outcome.complete(t);
      }
    }, "interrupted-receiver");
    waiter.setDaemon(true);
    waiter.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (waiter.getState() != Thread.State.WAITING && waiter.getState() != Thread.State.TIMED_WAITING
        && !outcome.isDone() && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // polling the waiter's state with a deadline
    }
    assertFalse(outcome.isDone(), "an interrupted receive for ever returned: " + outcome.getNow(null));
    CompletableFuture.runAsync(rec::close, TestThreads.EACH).get(10, TimeUnit.SECONDS);
    assertTrue(outcome.get(10, TimeUnit.SECONDS) instanceof IllegalStateException, String.valueOf(outcome.getNow(null)));
  }

  @Test
  void aReceiversEdgeStates() {
    Receiver<Events> rec = client.receiver(Events.class, "events");
    Recorder r = new Recorder();
    assertFalse(rec.receive(r, Duration.ZERO));
    assertFalse(rec.receive(r, Duration.ofMillis(50)));
    assertThrows(EmptyException.class, () -> rec.get(r, false, null));
    assertThrows(EmptyException.class, () -> rec.get(r, true, Duration.ofMillis(50)));
    assertThrows(EmptyException.class, () -> rec.get(r, true, Duration.ZERO));
    rec.close();
    rec.close();
    assertThrows(IllegalStateException.class, () -> rec.receive(r, Duration.ZERO));
  }

  @Test
  void aReceiverWhoseHandlerThrowsGivesTheMessageBackToTheHead() {
    try (Producer<Events> p = client.producer(Events.class, "events")) {
      p.send().text("first");
      p.send().text("second");
    }
    try (Receiver<Events> rec = client.receiver(Events.class, "events")) {
      RuntimeException boom = new RuntimeException("boom");
      Recorder thrower = new Recorder() {
        @Override
        public void text(String text) {
          throw boom;
        }
      };
      assertSame(boom, assertThrows(RuntimeException.class, () -> rec.receive(thrower, Duration.ofSeconds(10))));
      Recorder r = new Recorder();
      assertTrue(rec.receive(r, Duration.ofSeconds(10)));
      assertTrue(rec.receive(r, Duration.ofSeconds(10)));
      assertEquals(List.of("first", "second"), r.seen);
    }
  }

  @Test
  void aClosedChannelFailsProducersAndEndsConsumers() throws Exception {
    ChannelHandle<Events> h = client.channel(Events.class, "events");
    Producer<Events> p = h.producer();
    p.send().text("left");
    p.flush();
    Subscription s = null;
    h.close();
    h.close();
    assertTrue(h.isClosed());
    assertThrows(ChannelClosedException.class, () -> {
      for (int i = 0; i < 10; i++) {
        p.send().text("late");
        p.flush();
      }
    });
    Recorder r = new Recorder();
    try (Receiver<Events> rec = h.receiver()) {
      assertTrue(rec.receive(r, Duration.ofSeconds(10)));
      assertThrows(EndOfStreamException.class, () -> rec.receive(r, Duration.ofSeconds(10)));
      assertThrows(EndOfStreamException.class, () -> rec.receive(r));
      assertThrows(EndOfStreamException.class, () -> rec.get(r, false, null));
    }
    s = h.consume(new Recorder());
    assertTrue(s.awaitEnd(Duration.ofSeconds(10)));
    assertTrue(s.reachedEndOfStream());
    assertNull(s.failure());
    assertFalse(s.isActive());
    s.close();
  }

  @Test
  void aSubscriptionClosedEndsWithoutFailureAndCloseIsIdempotent() throws Exception {
    Subscription s = client.consume(Events.class, "events", new Recorder());
    assertTrue(s.isActive());
    assertFalse(s.awaitEnd(Duration.ZERO));
    assertFalse(s.awaitEnd(Duration.ofMillis(-5)));
    s.close();
    assertFalse(s.isActive());
    assertTrue(s.awaitEnd(Duration.ZERO));
    assertFalse(s.reachedEndOfStream());
    assertNull(s.failure());
    s.close();
  }

  @Test
  void aSubscriptionWhoseHandlerThrowsKeepsTheFailureAndGivesTheMessageBack() throws Exception {
    RuntimeException boom = new RuntimeException("boom");
    Subscription s = client.consume(Events.class, "events", new Recorder() {
      @Override
      public void text(String text) {
        throw boom;
      }
    });
    try (Producer<Events> p = client.producer(Events.class, "events")) {
      p.send().text("x");
    }
    assertTrue(s.awaitEnd(Duration.ofSeconds(10)));
    assertSame(boom, s.failure());
    assertFalse(s.reachedEndOfStream());
    assertFalse(s.isActive());
    Recorder r = new Recorder();
    try (Receiver<Events> rec = client.receiver(Events.class, "events")) {
      assertTrue(rec.receive(r, Duration.ofSeconds(10)));
    }
    assertEquals(List.of("x"), r.seen);
  }

  @Test
  void aSubscriptionClosedFromItsHandlerReturns() throws Exception {
    Subscription[] holder = new Subscription[1];
    CountDownLatch ready = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    holder[0] = client.consume(Events.class, "events", new Recorder() {
      @Override
      public void text(String text) {
        try {
          ready.await();
        } catch (InterruptedException e) {
          throw new RuntimeException(e);
        }
        holder[0].close();
        closed.countDown();
      }
    });
    ready.countDown();
    try (Producer<Events> p = client.producer(Events.class, "events")) {
      p.send().text("x");
    }
    assertTrue(closed.await(10, TimeUnit.SECONDS));
    assertTrue(holder[0].awaitEnd(Duration.ofSeconds(10)));
    assertNull(holder[0].failure());
  }

  @Test
  void introspectionAndNullArguments() {
    ChannelHandle<Events> h = client.channel(Events.class, "events");
    assertEquals("events", h.name());
    assertEquals(Events.class, h.type());
    assertEquals(4, h.capacity());
    assertTrue(h.isEmpty());
    assertFalse(h.isFull());
    try (Producer<Events> p = h.producer()) {
      for (int i = 0; i < 4; i++) {
        p.send().item(0, i);
      }
      p.flush();
    }
    assertEquals(4, h.size());
    assertTrue(h.isFull());
    assertThrows(NullPointerException.class, () -> h.consume(null));
    assertThrows(NullPointerException.class, () -> h.producer(null));
    Receiver<Events> rec = h.receiver();
    assertThrows(NullPointerException.class, () -> rec.receive(null, Duration.ZERO));
    rec.close();
  }

  @Test
  void clientChannelArguments() {
    assertThrows(IllegalArgumentException.class, () -> client.channel(Events.class, "other", 0));
    assertThrows(IllegalArgumentException.class, () -> client.channel(Events.class, "typedipc.mine", 3));
    assertThrows(IllegalArgumentException.class, () -> client.channel(Events.class, " ", 3));
    assertThrows(IllegalArgumentException.class, () -> client.channel(String.class, "x", 3));
    assertThrows(IllegalArgumentException.class, () -> client.channel(Runnable.class, "x"));
    assertThrows(io.typedipc.NoSuchObjectException.class, () -> client.channel(Events.class, "nope"));
    ChannelHandle<Events> made = client.channel(Events.class, "made", 2);
    assertEquals(2, made.capacity());
    assertEquals(2, client.channel(Events.class, "made", 7).capacity());
  }

  /** A recorder whose handler waits for {@code release} the first time, after counting down {@code entered}. */
  static class Gated extends Recorder {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public synchronized void text(String text) {
      super.text(text);
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new RuntimeException(e);
      }
    }
  }

  @Test
  void aReceiverClosedWhileItsHandlerRunsFinishesItAndTheMessageCountsAsConsumed() throws Exception {
    try (Producer<Events> p = client.producer(Events.class, "events")) {
      p.send().text("one");
      p.send().text("two");
    }
    Receiver<Events> rec = client.receiver(Events.class, "events");
    Gated g = new Gated();
    CompletableFuture<Boolean> received = CompletableFuture.supplyAsync(() -> rec.receive(g, Duration.ofSeconds(10)), TestThreads.EACH);
    assertTrue(g.entered.await(10, TimeUnit.SECONDS));
    CompletableFuture.runAsync(rec::close, TestThreads.EACH).get(10, TimeUnit.SECONDS); // does not wait for the handler
    g.release.countDown();
    assertTrue(received.get(10, TimeUnit.SECONDS));
    Recorder r = new Recorder();
    try (Receiver<Events> other = client.receiver(Events.class, "events")) {
      assertTrue(other.receive(r, Duration.ofSeconds(10)));
      assertFalse(other.receive(r, Duration.ofMillis(300)));
    }
    assertEquals(List.of("one"), g.seen);
    assertEquals(List.of("two"), r.seen);
  }

  @Test
  void aSubscriptionClosedWhileItsHandlerRunsFinishesThatMessageAndGivesTheRestBack() throws Exception {
    try (Producer<Events> p = client.producer(Events.class, "events")) {
      p.send().text("one");
      p.send().text("two");
      p.send().text("three");
    }
    Gated g = new Gated();
    Subscription s = client.consume(Events.class, "events", g);
    assertTrue(g.entered.await(10, TimeUnit.SECONDS));
    CompletableFuture<Void> closed = CompletableFuture.runAsync(s::close, TestThreads.EACH);
    assertThrows(java.util.concurrent.TimeoutException.class, () -> closed.get(300, TimeUnit.MILLISECONDS),
        "close waits for the handler");
    g.release.countDown();
    closed.get(10, TimeUnit.SECONDS);
    assertNull(s.failure());
    Recorder r = new Recorder();
    try (Receiver<Events> other = client.receiver(Events.class, "events")) {
      while (other.receive(r, Duration.ofMillis(500))) {
        // takes what is left
      }
    }
    assertEquals(List.of("one"), g.seen);
    assertEquals(List.of("two", "three"), r.seen);
  }

  @Test
  void anIdleReceiverHoldsNothingOthersCouldHave() {
    try (Producer<Events> p = client.producer(Events.class, "events")) {
      p.send().text("one");
    }
    try (Receiver<Events> first = client.receiver(Events.class, "events");
        Receiver<Events> second = client.receiver(Events.class, "events");
        Producer<Events> p = client.producer(Events.class, "events")) {
      Recorder r1 = new Recorder();
      assertTrue(first.receive(r1, Duration.ofSeconds(10)));
      p.send().text("two");
      p.send().text("three");
      p.flush();
      Recorder r2 = new Recorder();
      assertTrue(second.receive(r2, Duration.ofSeconds(10)));
      assertTrue(second.receive(r2, Duration.ofSeconds(10)));
      assertEquals(List.of("two", "three"), r2.seen);
    }
  }

  @Test
  void aChannelOfOtherMessagesIsNoChannelOfThisType() {
    RuntimeException e = assertThrows(RuntimeException.class, () -> client.channel(io.typedipc.pipe.Numbers.class, "events"));
    assertTrue(e instanceof io.typedipc.NoSuchObjectException, String.valueOf(e));
  }

  @Test
  void aManagersBuilderRefusesBadChannels() {
    Manager.Builder b = Manager.builder().address(0).authKey(key).channel(Events.class, "taken", 1);
    assertThrows(IllegalArgumentException.class, () -> b.channel(Events.class, " ", 1));
    assertThrows(IllegalArgumentException.class, () -> b.channel(Events.class, "typedipc.x", 1));
    assertThrows(IllegalArgumentException.class, () -> b.channel(Events.class, "taken", 1));
    assertThrows(IllegalArgumentException.class, () -> b.channel(Events.class, "zero", 0));
    assertThrows(IllegalArgumentException.class, () -> b.channel(Runnable.class, "notachannel", 1));
    assertThrows(IllegalArgumentException.class, () -> b.channel(io.typedipc.it.TestService.class, "shared", 1));
  }

  /**
   * Producer.send()'s Javadoc: a call that needs the Manager once the connection is gone throws the
   * connection's exception (ManagerClosedException when the Manager shut down), and after close()
   * IllegalStateException.
   */
  @Test
  void aProducerWhoseManagerShutDownFailsWithManagerClosed() {
    Producer<Events> p = client.producer(Events.class, "events");
    p.send().text("one");
    p.flush();
    manager.close();
    assertThrows(io.typedipc.ManagerClosedException.class, () -> sendUntilItFails(p));
    assertThrows(io.typedipc.ManagerClosedException.class, () -> sendUntilItFails(p));
    p.close();
    assertThrows(IllegalStateException.class, () -> p.send().text("late"));
  }

  /** The same when the Manager's JVM is killed: ConnectionLostException. */
  @Test
  void aProducerWhoseManagerJvmWasKilledFailsWithConnectionLost() throws Exception {
    AuthKey k = AuthKey.generate();
    try (io.typedipc.it.ChildJvm m = io.typedipc.it.ChildJvm.start(ChannelManagerMain.class, k, "events:4");
        ManagerClient c = ManagerClient.builder().address("127.0.0.1", Integer.parseInt(m.awaitLine("PORT ", Duration.ofSeconds(60))))
            .authKey(k).connect()) {
      Producer<Events> p = c.producer(Events.class, "events");
      p.send().text("one");
      p.flush();
      m.kill();
      assertThrows(io.typedipc.ConnectionLostException.class, () -> sendUntilItFails(p));
      assertThrows(io.typedipc.ConnectionLostException.class, () -> sendUntilItFails(p));
      p.close();
      assertThrows(IllegalStateException.class, () -> p.send().text("late"));
    }
  }

  @Test
  void aSubscriptionEndsWhenItsClientClosesOrItsManagerJvmIsKilled() throws Exception {
    Subscription s = client.consume(Events.class, "events", new Recorder());
    client.close();
    assertTrue(s.awaitEnd(Duration.ofSeconds(10)));
    assertFalse(s.isActive());
    assertFalse(s.reachedEndOfStream());
    assertNull(s.failure()); // closing the client closes its subscriptions: no failure
    AuthKey k = AuthKey.generate();
    try (io.typedipc.it.ChildJvm m = io.typedipc.it.ChildJvm.start(ChannelManagerMain.class, k, "events:4");
        ManagerClient c = ManagerClient.builder().address("127.0.0.1", Integer.parseInt(m.awaitLine("PORT ", Duration.ofSeconds(60))))
            .authKey(k).connect()) {
      Subscription lost = c.consume(Events.class, "events", new Recorder());
      Receiver<Events> receiver = c.receiver(Events.class, "events");
      CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
        try {
          receiver.receive(new Recorder());
          return null;
        } catch (Throwable e) {
          return e;
        }
      }, TestThreads.EACH);
      m.kill();
      assertTrue(lost.awaitEnd(Duration.ofSeconds(30)));
      assertFalse(lost.reachedEndOfStream());
      assertTrue(lost.failure() instanceof io.typedipc.ConnectionLostException, String.valueOf(lost.failure()));
      Throwable e = waiting.get(30, TimeUnit.SECONDS);
      assertTrue(e instanceof io.typedipc.ConnectionLostException, String.valueOf(e));
    }
  }

  /** Producer: "reuse it — it is thread-safe": one producer, many threads, each thread's messages in its order, each once. */
  @Test
  void oneProducerSharedByThreadsDeliversEachMessageOnceInEachThreadsOrder() throws Exception {
    int threads = 4;
    int each = 500;
    java.util.Map<Integer, List<Long>> got = new java.util.HashMap<>();
    try (ManagerClient other = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key).connect();
        Producer<Events> p = other.producer(Events.class, "events")) {
      Subscription s = client.consume(Events.class, "events", new Recorder() {
        @Override
        public void item(int producer, long seq) {
          got.computeIfAbsent(producer, k -> new java.util.ArrayList<>()).add(seq);
        }
      });
      List<CompletableFuture<Void>> senders = new java.util.ArrayList<>();
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
      for (int t = 0; t < threads; t++) {
        int id = t;
        senders.add(CompletableFuture.runAsync(() -> {
          for (long i = 0; i < each; i++) {
            p.send().item(id, i);
          }
        }, pool));
      }
      for (CompletableFuture<Void> f : senders) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      p.flush();
      client.channel(Events.class, "events").close();
      assertTrue(s.awaitEnd(Duration.ofSeconds(60)));
      assertTrue(s.reachedEndOfStream(), String.valueOf(s.failure()));
    }
    List<Long> expected = java.util.stream.LongStream.range(0, each).boxed().toList();
    for (int t = 0; t < threads; t++) {
      assertEquals(expected, got.get(t), "thread " + t);
    }
  }

  @Test
  void aReceiveWaitingWithoutTimeoutEndsWithEndOfStreamWhenTheChannelCloses() throws Exception {
    Receiver<Events> rec = client.receiver(Events.class, "events");
    CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        rec.receive(new Recorder());
        return null;
      } catch (Throwable e) {
        return e;
      }
    }, TestThreads.EACH);
    try (ManagerClient other = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key).connect()) {
      other.channel(Events.class, "events").close();
    }
    Throwable e = waiting.get(30, TimeUnit.SECONDS);
    assertTrue(e instanceof EndOfStreamException, String.valueOf(e));
    rec.close();
  }

  /** Sends and flushes more than the channel holds: some call must need the Manager. */
  private static void sendUntilItFails(Producer<Events> p) {
    for (int i = 0; i < 1000; i++) {
      p.send().text("more");
      p.flush();
    }
  }
}
