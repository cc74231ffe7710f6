package io.typedipc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ConnectionLostException;
import io.typedipc.EndOfStreamException;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.testing.Interrupts;
import io.typedipc.testing.TestThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The waits of a pipe's ends take any duration: one nobody answers in time fails as documented,
 * a null one is named, and one too long to count in nanoseconds waits instead of failing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipeWaitsTest {
  private static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);
  private final AuthKey key = AuthKey.generate();

  /**
   * Javadoc of accept: "@throws ConnectionLostException if nobody connected in time". It threw
   * IllegalStateException("the pipe listener is closed") instead: the message was built from the
   * listener's address after the listener was closed.
   */
  @Test
  void anAcceptNobodyAnswersInTimeFailsWithConnectionLost() {
    for (Duration timeout : List.of(Duration.ofMillis(200), Duration.ZERO, Duration.ofSeconds(-1))) {
      PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class);
      String token = listener.token();
      ConnectionLostException e = assertThrows(ConnectionLostException.class, () -> listener.accept(timeout), timeout.toString());
      assertTrue(e.getMessage().startsWith("no process connected to the pipe at " + token + " within "), e.getMessage());
    }
  }

  /** A token whose port is not a number used to fail with NumberFormatException: For input string. */
  @Test
  void aTokenWithoutAPortIsRefusedClearly() {
    for (String token : List.of("127.0.0.1:abc", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:-5", "127.0.0.1:", "127.0.0.1:1/shm2")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Pipe.connect(token, key, Numbers.class, Void.class), token);
      assertEquals("a pipe token is host:port with a port in 1..65535, not '" + token + "'", e.getMessage());
    }
  }

  @Test
  void aNullTimeoutIsNamed() throws Exception {
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class);
    NullPointerException e = assertThrows(NullPointerException.class, () -> listener.accept(null));
    assertEquals("timeout", e.getMessage());
    try (Ends ends = Ends.open(listener, key)) {
      assertEquals("timeout", assertThrows(NullPointerException.class, () -> ends.in.receive(new CollectedNumbers(), null)).getMessage());
      assertEquals("timeout", assertThrows(NullPointerException.class, () -> ends.in.poll(null)).getMessage());
    }
  }

  /**
   * A wait of an interrupted thread waits without spinning: a selector returns at once while its
   * thread's interrupt flag is set, and an interrupted poll or receive used a whole CPU until it
   * ended (an audit: about 2 s of CPU in 2 s). The flag is kept for the caller.
   */
  @Test
  void anInterruptedWaitDoesNotSpin() throws Exception {
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class);
    try (Ends ends = Ends.open(listener, key)) {
      long[] cpuAndFlag = Interrupts.interruptedWhile(() -> assertFalse(ends.in.poll(Duration.ofMillis(1500))));
      assertTrue(cpuAndFlag[0] < TimeUnit.MILLISECONDS.toNanos(400),
          "an interrupted poll used " + TimeUnit.NANOSECONDS.toMillis(cpuAndFlag[0]) + " ms of CPU in 1500 ms");
      assertEquals(1, cpuAndFlag[1], "the interrupt flag is kept");
    }
  }

  /** An interrupted accept used to say "accepting the pipe's other end failed: null". */
  @Test
  void anInterruptedAcceptSaysItWasInterruptedAndKeepsTheFlag() throws Exception {
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class);
    String token = listener.token();
    CompletableFuture<Object[]> outcome = new CompletableFuture<>();
    Thread acceptor = new Thread(() -> {
      Thread.currentThread().interrupt();
      ConnectionLostException e = assertThrows(ConnectionLostException.class, () -> listener.accept(Duration.ofSeconds(30)));
      outcome.complete(new Object[] {e.getMessage(), Thread.currentThread().isInterrupted()});
    });
    acceptor.start();
    Object[] got = outcome.get(30, TimeUnit.SECONDS);
    assertTrue(((String) got[0]).contains("was interrupted") && ((String) got[0]).contains(token), (String) got[0]);
    assertEquals(true, got[1], "the interrupt flag is kept");
  }

  /** Duration.ofMillis(Long.MAX_VALUE) used to fail each of these waits with ArithmeticException. */
  @Test
  void aWaitTooLongToCountInNanosecondsWaits() throws Exception {
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class);
    CompletableFuture<PipeEnd<Numbers, Void>> out = CompletableFuture.supplyAsync(
        () -> Pipe.connect(listener.token(), key, Numbers.class, Void.class), TestThreads.EACH);
    try (PipeEnd<Void, Numbers> in = listener.accept(FOREVER); PipeEnd<Numbers, Void> sender = out.get(30, TimeUnit.SECONDS)) {
      CollectedNumbers c = new CollectedNumbers();
      assertFalse(in.poll(Duration.ZERO), "nothing sent yet");
      sender.sender().number(7);
      sender.flush();
      assertTrue(in.poll(FOREVER));
      assertTrue(in.receive(c, FOREVER));
      sender.sender().number(8);
      sender.flush();
      assertTrue(in.receive(c, FOREVER));
      assertEquals(List.of(7L, 8L), c.numbers);
    }
  }

  /**
   * Javadoc of poll: "Duration#ZERO: look only" at whether receive would return at once, "with a
   * message, or with the end of the stream". A zero wait never read the socket once the last read
   * had found nothing: a message that had arrived, or the other end's close, stayed unseen by
   * poll(ZERO) and receive(handler, ZERO) for good.
   */
  @Test
  void aZeroWaitLooksAtWhatArrivedAndAtTheEnd() throws Exception {
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class);
    try (Ends ends = Ends.open(listener, key)) {
      CollectedNumbers c = new CollectedNumbers();
      assertFalse(ends.in.poll(Duration.ZERO), "nothing sent yet");
      ends.out.sender().number(7);
      ends.out.flush();
      assertTrue(eventually(() -> ends.in.poll(Duration.ZERO)), "poll(ZERO) never saw the message that arrived");
      assertTrue(ends.in.receive(c, Duration.ZERO));
      assertFalse(ends.in.receive(c, Duration.ZERO), "nothing more sent");
      ends.out.sender().number(8);
      ends.out.flush();
      assertTrue(eventually(() -> ends.in.receive(c, Duration.ZERO)), "receive(h, ZERO) never took the message that arrived");
      assertEquals(List.of(7L, 8L), c.numbers);
      ends.out.close();
      assertTrue(eventually(() -> ends.in.poll(Duration.ZERO)), "poll(ZERO) never saw the end of the stream");
      assertThrows(EndOfStreamException.class, () -> ends.in.receive(c, Duration.ZERO));
    }
  }

  /** Whether {@code condition} turned true within 20 s, asked every millisecond. */
  static boolean eventually(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    return true;
  }

  /** A receiving end and the sending end connected to it. */
  private record Ends(PipeEnd<Void, Numbers> in, PipeEnd<Numbers, Void> out) implements AutoCloseable {
    static Ends open(PipeListener<Void, Numbers> listener, AuthKey key) throws Exception {
      CompletableFuture<PipeEnd<Numbers, Void>> out = CompletableFuture.supplyAsync(
          () -> Pipe.connect(listener.token(), key, Numbers.class, Void.class), TestThreads.EACH);
      PipeEnd<Void, Numbers> in = listener.accept(Duration.ofSeconds(30));
      return new Ends(in, out.get(30, TimeUnit.SECONDS));
    }

    @Override
    public void close() {
      out.close();
      in.close();
    }
  }
}
