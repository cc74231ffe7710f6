package io.typedipc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.EndOfStreamException;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.it.ChildJvm;
import io.typedipc.testing.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's section 7 ("Pipes"): its sample as written, the other process a child JVM; and a
 * duplex pipe whose two ends send and receive at the same time.
 */
@Timeout(180)
class ReadmePipesTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  @Test
  void theSampleRunsAsWrittenAndTheEndComesAfterWhatWasSent() throws Exception {
    AuthKey key = AuthKey.generate();
    List<Long> got = new ArrayList<>();
    Numbers handler = new Numbers() {
      @Override
      public void number(long n) {
        got.add(n);
      }

      @Override
      public void words(List<String> words) {
        throw new AssertionError("not sent");
      }
    };
    boolean polled;
    // ---- the README's sample, from here on
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class);
    // … start the other process with listener.token() (see 8. for handing it to a child JVM)
    try (ChildJvm other = ChildJvm.start(PipeChildMain.class, key, "readme", listener.token())) {
      try (PipeEnd<Void, Numbers> in = listener.accept(Duration.ofSeconds(30))) {
        in.receive(handler);                       // recv()
        polled = in.poll(Duration.ofSeconds(1));            // poll()
        // ---- (the other process closed its end after its one message)
        assertThrows(EndOfStreamException.class, () -> in.receive(handler));
      }
      other.awaitLine("DONE", LONG);
    }
    assertEquals(List.of(42L), got);
    assertTrue(polled, "poll: receive would return at once, here with the end of the stream");
  }

  /**
   * "receiving through an end after its own close() throws IllegalStateException": a misuse, not
   * the end of the stream (the other end is still open); the other end gets what was sent, then
   * its end of the stream.
   */
  /** The other end of {@code listener}'s pipe, connecting on another thread while the test accepts. */
  private static CompletableFuture<PipeEnd<Replies, Numbers>> connecting(PipeListener<Numbers, Replies> listener, AuthKey key) {
    return CompletableFuture.supplyAsync(() -> Pipe.connect(listener.token(), key, Replies.class, Numbers.class), TestThreads.EACH);
  }

  @Test
  void receivingThroughAnEndAfterItsOwnCloseIsRefused() throws Exception {
    AuthKey key = AuthKey.generate();
    PipeListener<Numbers, Replies> listener = Pipe.listen(key, Numbers.class, Replies.class);
    CompletableFuture<PipeEnd<Replies, Numbers>> connecting = connecting(listener, key);
    CollectedNumbers got = new CollectedNumbers();
    try (PipeEnd<Numbers, Replies> closing = listener.accept(LONG);
        PipeEnd<Replies, Numbers> open = connecting.get(30, TimeUnit.SECONDS)) {
      closing.sender().number(7);
      closing.close();
      Replies ignored = text -> { };
      for (var attempt : List.<org.junit.jupiter.api.function.Executable>of(
          () -> closing.receive(ignored), () -> closing.receive(ignored, Duration.ZERO),
          () -> closing.poll(Duration.ZERO), () -> closing.drain(ignored))) {
        IllegalStateException e = assertThrows(IllegalStateException.class, attempt);
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
      }
      assertEquals(1, open.drain(got));
    }
    assertEquals(List.of(7L), got.numbers);
  }

  /**
   * "A pipe's messages are limited by the default 16 MiB frame: a larger one fails with
   * SerializationException at the send, and nothing is sent" — through an exclusive sender too,
   * and from the accepting end; the pipe goes on, in order, after the refused message.
   */
  @Test
  void anOverLimitMessageIsRefusedThroughAnExclusiveSenderAndFromTheAcceptingEnd() throws Exception {
    AuthKey key = AuthKey.generate();
    PipeListener<Numbers, Replies> listener = Pipe.listen(key, Numbers.class, Replies.class);
    CompletableFuture<PipeEnd<Replies, Numbers>> connecting = connecting(listener, key);
    String tooBig = "x".repeat(16 * 1024 * 1024 + 1);
    try (PipeEnd<Numbers, Replies> accepted = listener.accept(LONG);
        PipeEnd<Replies, Numbers> connected = connecting.get(30, TimeUnit.SECONDS)) {
      Numbers numbers = accepted.exclusiveSender();
      numbers.number(1);
      io.typedipc.SerializationException e =
          assertThrows(io.typedipc.SerializationException.class, () -> numbers.words(List.of(tooBig)));
      assertTrue(e.getMessage().contains("more than the limit of"), e.getMessage());
      numbers.number(2);
      accepted.flush();
      Replies replies = connected.exclusiveSender();
      replies.reply("a");
      assertThrows(io.typedipc.SerializationException.class, () -> replies.reply(tooBig));
      replies.reply("b");
      connected.flush();

      List<String> got = new ArrayList<>();
      Numbers collect = new Numbers() {
        @Override
        public void number(long n) {
          got.add("number " + n);
        }

        @Override
        public void words(List<String> words) {
          got.add("words");
        }
      };
      assertTrue(connected.receive(collect, LONG));
      assertTrue(connected.receive(collect, LONG));
      assertFalse(connected.poll(Duration.ofMillis(200)), "nothing of the refused message");
      assertTrue(accepted.receive(got::add, LONG));
      assertTrue(accepted.receive(got::add, LONG));
      assertFalse(accepted.poll(Duration.ofMillis(200)), "nothing of the refused message");
      assertEquals(List.of("number 1", "number 2", "a", "b"), got);
    }
  }

  /**
   * "Python's Pipe(duplex): each end sends one @Channel interface and receives another": both
   * ends sending many messages at once, each receiving on another thread, lose and reorder
   * nothing.
   */
  @Test
  void bothEndsOfADuplexPipeSendAndReceiveAtTheSameTime() throws Exception {
    AuthKey key = AuthKey.generate();
    int n = 50_000;
    PipeListener<Replies, Numbers> listener = Pipe.listen(key, Replies.class, Numbers.class);
    CompletableFuture<PipeEnd<Numbers, Replies>> connecting =
        CompletableFuture.supplyAsync(() -> Pipe.connect(listener.token(), key, Numbers.class, Replies.class), TestThreads.EACH);
    try (PipeEnd<Replies, Numbers> a = listener.accept(LONG); PipeEnd<Numbers, Replies> b = connecting.get(30, TimeUnit.SECONDS)) {
      List<Long> numbers = new ArrayList<>();
      List<String> replies = new ArrayList<>();
      CompletableFuture<Void> aReceives = CompletableFuture.runAsync(() -> {
        Numbers h = new Numbers() {
          @Override
          public void number(long x) {
            numbers.add(x);
          }

          @Override
          public void words(List<String> words) {}
        };
        for (int i = 0; i < n; i++) {
          a.receive(h, LONG);
        }
      }, TestThreads.EACH);
      CompletableFuture<Void> bReceives = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < n; i++) {
          b.receive(replies::add, LONG);
        }
      }, TestThreads.EACH);
      CompletableFuture<Void> aSends = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < n; i++) {
          a.sender().reply("r" + i);
        }
        a.flush();
      }, TestThreads.EACH);
      for (long i = 0; i < n; i++) {
        b.sender().number(i);
      }
      b.flush();
      CompletableFuture.allOf(aReceives, bReceives, aSends).get(120, TimeUnit.SECONDS);
      assertEquals(n, numbers.size());
      assertEquals(n, replies.size());
      for (int i = 0; i < n; i++) {
        assertEquals(i, numbers.get(i));
        assertEquals("r" + i, replies.get(i));
      }
      assertFalse(a.poll(Duration.ZERO), "nothing more");
    }
  }
}
