package io.typedipc.internal.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.channel.Events;
import io.typedipc.channel.Recorder;
import io.typedipc.channel.Shape;
import io.typedipc.internal.Bindings;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.SharedBinding;
import io.typedipc.testing.TestThreads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The batching sender that pipes and channel producers share, over a transport the test controls:
 * order, batch limits, the bound on buffered batches, flush, close and failures. The tests with
 * one sending thread run twice: with the callers' lock, and in exclusive mode (one thread, no lock,
 * the thread shipping committed parts of a batch).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BatchingSenderTest {
  private static final long LONG = TimeUnit.SECONDS.toNanos(30);
  private static final SharedBinding EVENTS = Bindings.load(List.of(Events.class)).of(Events.class);
  private static final Serialization SERIALIZATION =
      Serialization.create(List.of(EVENTS.descriptor()), List.of(Shape.class), Serialization.DEFAULT_MAX_DEPTH);
  private static final int HEADER = 4;

  /**
   * A channel producer's places reserved ahead, whose reply comes while the closed sender's thread
   * decides to end: just after it looked for places to give back, just before it looked for a
   * reservation still out. Those places must still be given back, in an empty shipment, before the
   * thread ends; they stayed reserved in the Manager until the client disconnected (a channel then
   * looked full to others, found when CI's refill of a channel after a producer closed met
   * FullException).
   */
  @Test
  void placesAReservationBringsWhileTheClosedThreadEndsAreGivenBack() {
    ReservingAhead sender = new ReservingAhead();
    sender.close();
    assertEquals(List.of(25), sender.givenBack);
  }

  /** A sender with a reservation out whose reply arrives exactly in that moment. */
  private static final class ReservingAhead extends BatchingSender {
    private volatile boolean reserving = true;
    private volatile boolean answered;
    private volatile int credits;
    final List<Integer> givenBack = new java.util.concurrent.CopyOnWriteArrayList<>();

    ReservingAhead() {
      super(new MessageCodec(EVENTS.descriptor(), SERIALIZATION), "test-reserving", HEADER, 1024, 1024, 1024, 2, 0, 0,
          true); // with idle duties, as a channel producer
      start();
    }

    @Override
    boolean emptyShipmentDue(boolean idle) {
      absorb();
      boolean due = credits > 0 && !reserving && (idle || isClosing());
      if (isClosing() && reserving) {
        answered = true; // the reply, on the connection's reader, right after this look
      }
      return due;
    }

    @Override
    boolean holdsOpen() {
      absorb();
      return reserving;
    }

    @Override
    void prepare(Batch batch) {
      absorb();
      if (batch.count == 0) {
        givenBack.add(credits);
        credits = 0;
      }
    }

    private void absorb() {
      if (answered) {
        answered = false;
        credits += 25;
        reserving = false;
      }
    }

    @Override
    void ship(Batch batch) {}

    @Override
    RuntimeException stopped(MethodDescriptor method, boolean closed, Throwable failure) {
      return new IllegalStateException(closed ? "closed" : "failed");
    }

    @Override
    RuntimeException flushFailed(long lost, Throwable failure) {
      return new IllegalStateException(lost + " lost");
    }

    @Override
    String target() {
      return "the test";
    }
  }

  /** One shipment: its messages' bytes and count. */
  private record Shipment(byte[] messages, int count) {}

  /** A sender whose transport records batches; a test may hold shipping up or make it fail. */
  private static final class Recording extends BatchingSender {
    final LinkedBlockingQueue<Shipment> shipped = new LinkedBlockingQueue<>();
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile RuntimeException failWith;
    volatile int shipping;

    Recording(int batchBytes, int maxBatchBytes, int buffers) {
      this(batchBytes, maxBatchBytes, buffers, 0);
    }

    Recording(int batchBytes, int maxBatchBytes, int buffers, long lingerNanos) {
      super(new MessageCodec(EVENTS.descriptor(), SERIALIZATION), "test-sender", HEADER, batchBytes, maxBatchBytes,
          maxBatchBytes, buffers, lingerNanos, 2 * lingerNanos, false);
      start();
    }

    @Override
    void ship(Batch batch) throws Exception {
      shipping++;
      gate.await();
      if (failWith != null) {
        throw failWith;
      }
      shipped.add(new Shipment(Arrays.copyOfRange(batch.bytes(), HEADER, batch.length()), batch.count));
    }

    @Override
    void shipPart(Batch batch, int headerAt, int end, int count) throws Exception {
      shipping++;
      gate.await();
      if (failWith != null) {
        throw failWith;
      }
      shipped.add(new Shipment(Arrays.copyOfRange(batch.publishedBytes(), headerAt + HEADER, end), count));
    }

    @Override
    RuntimeException stopped(MethodDescriptor method, boolean closed, Throwable failure) {
      return new IllegalStateException(closed ? "closed" : "failed: " + failure.getMessage());
    }

    @Override
    RuntimeException flushFailed(long lost, Throwable failure) {
      return new IllegalStateException(lost + " lost: " + failure);
    }

    @Override
    String target() {
      return "the test";
    }

    Events proxy() {
      return (Events) EVENTS.newProxy(this);
    }

    /** Every message shipped so far, decoded, in order. */
    List<String> received() throws Exception {
      Recorder r = new Recorder();
      MessageCodec.Decoder d = new MessageCodec(EVENTS.descriptor(), SERIALIZATION).decoder();
      for (Shipment s : new ArrayList<>(shipped)) {
        d.reset(s.messages(), 0, s.messages().length, s.count());
        while (d.remaining() > 0) {
          d.dispatchNext(EVENTS.newDispatcher(r));
        }
        assertTrue(d.exhausted(), "a shipment holds exactly its messages");
      }
      d.release();
      return r.seen;
    }
  }

  private final List<Recording> senders = new ArrayList<>();

  private Recording sender(int batchBytes, int maxBatchBytes, int buffers) {
    return sender(batchBytes, maxBatchBytes, buffers, false);
  }

  private Recording sender(int batchBytes, int maxBatchBytes, int buffers, boolean exclusive) {
    Recording s = new Recording(batchBytes, maxBatchBytes, buffers);
    senders.add(s);
    if (exclusive) {
      s.exclusive();
    }
    return s;
  }

  /** How a thread of this sender waits: for good with the callers' lock, timed in exclusive mode. */
  private static Thread.State waiting(Recording s) {
    return s.isExclusive() ? Thread.State.TIMED_WAITING : Thread.State.WAITING;
  }

  @AfterEach
  void closeAll() {
    for (Recording s : senders) {
      s.gate.countDown();
      s.failWith = null;
      try {
        s.close();
      } catch (RuntimeException e) {
        // a test made it fail
      }
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + LONG;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(1);
    }
  }

  @ParameterizedTest(name = "exclusive: {0}")
  @ValueSource(booleans = {false, true})
  void aLoneMessageLeavesWithoutAFlushAndAStreamKeepsItsOrder(boolean exclusive) throws Exception {
    Recording s = sender(1024, 64 * 1024, 3, exclusive);
    Events out = s.proxy();
    out.text("alone");
    await(() -> !s.shipped.isEmpty(), "a lone message is shipped without a flush");
    assertEquals(1, s.shipped.peek().count(), "by itself");

    List<String> expected = new ArrayList<>(List.of("alone"));
    for (int i = 0; i < 20_000; i++) {
      out.item(1, i);
      expected.add("1:" + i);
    }
    s.flush();
    assertEquals(expected, s.received());
    for (Shipment sh : s.shipped) {
      assertTrue(sh.messages().length <= 1024 + 64, "a batch is handed over once it holds batchBytes");
    }
  }

  @ParameterizedTest(name = "exclusive: {0}")
  @ValueSource(booleans = {false, true})
  void aLingeringSenderStillShipsALoneMessageAtOnceAndAFlushedBatchAtOnce(boolean exclusive) throws Exception {
    Recording s = new Recording(64 * 1024, 64 * 1024, 3, TimeUnit.SECONDS.toNanos(20)); // lingers 20 s at a time
    senders.add(s);
    if (exclusive) {
      s.exclusive();
    }
    Events out = s.proxy();
    long t0 = System.nanoTime();
    out.text("alone");
    await(() -> !s.shipped.isEmpty(), "the lone message is shipped");
    s.gate = new CountDownLatch(1);
    out.text("held"); // the thread ships it and waits at the gate
    await(() -> s.shipping == 2, "the thread is shipping it");
    out.text("a");
    out.text("b"); // two waiting when the thread comes back: it lingers for more
    s.gate.countDown();
    Thread thread = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("test-sender")
        && t.getState() != Thread.State.TERMINATED).findFirst().orElseThrow();
    await(() -> thread.getState() == Thread.State.TIMED_WAITING, "the thread lingers");
    s.flush(); // wakes it: the batch is shipped now, not after the linger
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "nothing waited for the linger");
    assertEquals(List.of("alone", "held", "a", "b"), s.received());
  }

  @ParameterizedTest(name = "exclusive: {0}")
  @ValueSource(booleans = {false, true})
  void closeRightAfterASendStillShipsIt(boolean exclusive) throws Exception {
    // close() races the thread's last look at the state: a message sent just before must still go
    // (a smoke test: the window the thread's decision to end once had is a few instructions wide)
    for (int i = 0; i < 500; i++) {
      Recording s = new Recording(64 * 1024, 64 * 1024, 2);
      if (exclusive) {
        s.exclusive();
      }
      if (i % 2 == 1) {
        await(() -> Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("test-sender")
            && t.getState() == waiting(s)), "the thread waits for work");
      }
      s.proxy().item(1, i);
      s.close(); // throws if the message was not shipped
      assertEquals(1, s.shipped.size(), "iteration " + i);
    }
  }

  @ParameterizedTest(name = "exclusive: {0}")
  @ValueSource(booleans = {false, true})
  void aThreadWritingAMessageIsRefusedASendAFlushAndACloseInsteadOfWaitingForItself(boolean exclusive) throws Exception {
    // what a serializer of a message's arguments could do to its own sender: the callers' lock it
    // holds is not reentrant, so each must be refused before it would wait for ever
    Recording s = sender(1024, 64 * 1024, 2, exclusive);
    MethodDescriptor text = EVENTS.descriptor().methods().stream()
        .filter(m -> m.name().equals("text")).findFirst().orElseThrow();
    io.typedipc.spi.MessageWriter writing = s.begin(text);
    IllegalStateException send = assertThrows(IllegalStateException.class, () -> s.begin(text));
    assertEquals("cannot send text to the test while this thread writes text to it", send.getMessage());
    IllegalStateException flush = assertThrows(IllegalStateException.class, s::flush);
    assertEquals("cannot flush the test while this thread writes text to it", flush.getMessage());
    IllegalStateException close = assertThrows(IllegalStateException.class, s::close);
    assertEquals("cannot close the test while this thread writes text to it", close.getMessage());
    writing.close(); // abandoned: nothing of it is shipped
    s.proxy().text("after");
    if (!exclusive) { // the lock was released: another caller gets it
      CompletableFuture.runAsync(() -> s.proxy().text("from another thread"), TestThreads.EACH)
          .get(30, TimeUnit.SECONDS);
    }
    s.flush();
    assertEquals(exclusive ? List.of("after") : List.of("after", "from another thread"), s.received());
  }

  @Test
  void concurrentCallersEachKeepTheirOrder() throws Exception {
    Recording s = sender(4096, 64 * 1024, 2);
    Events out = s.proxy();
    int threads = 4;
    int each = 10_000;
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int producer = t;
      all.add(CompletableFuture.runAsync(() -> {
        for (int i = 0; i < each; i++) {
          out.item(producer, i);
        }
      }, TestThreads.EACH));
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
    s.flush();
    long[] next = new long[threads];
    List<String> got = s.received();
    assertEquals(threads * each, got.size());
    for (String m : got) {
      String[] p = m.split(":");
      int producer = Integer.parseInt(p[0]);
      assertEquals(next[producer]++, Long.parseLong(p[1]), "producer " + producer + "'s messages in order");
    }
  }

  @ParameterizedTest(name = "exclusive: {0}")
  @ValueSource(booleans = {false, true})
  void callersBlockOnceEveryBatchBufferIsTakenAndGoOnWhenOneIsShipped(boolean exclusive) throws Exception {
    Recording s = sender(1000, 64 * 1024, 3, exclusive);
    s.gate = new CountDownLatch(1); // the transport is stuck
    Events out = s.proxy();
    byte[] kilobyte = new byte[1000];
    int[] sent = new int[1];
    Thread producer = new Thread(() -> {
      for (int i = 0; i < 100; i++) {
        out.payload(kilobyte);
        sent[0] = i + 1;
      }
    });
    producer.start();
    await(() -> s.shipping == 1 && producer.getState() == waiting(s), "the producer waits for room");
    assertTrue(sent[0] <= 3, "at most one message per buffer was accepted: " + sent[0]);
    // the waiting caller does not hold the callers' lock: a channel's reservation reply, which
    // takes it on the connection's reader thread, must never wait behind a stuck transport
    assertTrue(s.lock.tryLock(10, TimeUnit.SECONDS), "the lock is free while a caller waits for room");
    s.lock.unlock();
    s.gate.countDown();
    producer.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(producer.isAlive());
    s.flush();
    assertEquals(100, s.received().size());
  }

  @ParameterizedTest(name = "exclusive: {0}")
  @ValueSource(booleans = {false, true})
  void aMessageThatWouldOverfillABatchStartsTheNextOne(boolean exclusive) throws Exception {
    Recording s = sender(1_500, 1_700, 3, exclusive);
    s.gate = new CountDownLatch(1); // hold shipping, so both messages meet in the batch being filled
    Events out = s.proxy();
    out.payload(new byte[900]); // below batchBytes: the batch stays open
    await(() -> s.shipping == 1, "the lone first message is being shipped");
    out.payload(new byte[900]);
    out.payload(new byte[900]); // with the one before: more than 1,700 bytes
    s.gate.countDown();
    s.flush();
    assertEquals(List.of("payload 900", "payload 900", "payload 900"), s.received());
    for (Shipment sh : s.shipped) {
      assertTrue(sh.messages().length <= 1_700, "no shipment beyond maxBatchBytes: " + sh.messages().length);
    }
    assertEquals(3, s.shipped.size());
  }

  @ParameterizedTest(name = "exclusive: {0}")
  @ValueSource(booleans = {false, true})
  void flushWaitsForShippingCloseShipsEverythingThenRefuses(boolean exclusive) throws Exception {
    Recording s = sender(64 * 1024, 64 * 1024, 2, exclusive);
    s.gate = new CountDownLatch(1);
    Events out = s.proxy();
    out.text("a");
    out.text("b");
    Thread flusher = new Thread(s::flush);
    flusher.start();
    await(() -> flusher.getState() == Thread.State.WAITING && s.shipping == 1, "flush waits for the transport");
    s.gate.countDown();
    flusher.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(flusher.isAlive());
    out.text("c");
    s.close();
    assertEquals(List.of("a", "b", "c"), s.received());
    IllegalStateException late = assertThrows(IllegalStateException.class, () -> out.text("late"));
    assertEquals("closed", late.getMessage());
    s.close(); // idempotent
    assertTrue(s.isClosed());
  }

  @ParameterizedTest(name = "exclusive: {0}")
  @ValueSource(booleans = {false, true})
  void aTransportFailureFailsFlushAndLaterSends(boolean exclusive) throws Exception {
    Recording s = sender(64 * 1024, 64 * 1024, 2, exclusive);
    s.failWith = new IllegalStateException("the wire broke");
    Events out = s.proxy();
    out.text("lost");
    IllegalStateException flush = assertThrows(IllegalStateException.class, s::flush);
    assertTrue(flush.getMessage().startsWith("1 lost"), flush.getMessage());
    IllegalStateException send = assertThrows(IllegalStateException.class, () -> out.text("after"));
    assertTrue(send.getMessage().contains("the wire broke"), send.getMessage());
  }
}
