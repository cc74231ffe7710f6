package io.typedipc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ChannelClosedException;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestTransport;
import io.typedipc.testing.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PipeEnd#exclusiveSender()}: the one-thread sender that takes no lock. Everything a pipe
 * promises holds through it (order, large messages, lone messages leaving at once, back-pressure,
 * flush and close); a second thread is refused, and so is a switch after the first message.
 */
@Timeout(120)
class ExclusiveSenderTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private final AuthKey key = AuthKey.generate();

  /** Records numbers and the sizes of word lists, in arrival order. */
  static final class Collect implements Numbers {
    final List<Long> numbers = new ArrayList<>();
    final List<String> words = new ArrayList<>();

    @Override
    public void number(long n) {
      numbers.add(n);
    }

    @Override
    public void words(List<String> w) {
      words.add(w.size() == 1 && w.get(0).length() > 100 ? "big@" + numbers.size() : String.valueOf(w));
    }
  }

  /** A pipe whose two ends are in this JVM: {@code [sending end, receiving end]}. */
  private Ends open() throws Exception {
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    CompletableFuture<PipeEnd<Void, Numbers>> accepted = CompletableFuture.supplyAsync(() -> listener.accept(LONG), TestThreads.EACH);
    PipeEnd<Numbers, Void> out = Pipe.connect(listener.token(), key, Numbers.class, Void.class);
    return new Ends(out, accepted.get(30, TimeUnit.SECONDS));
  }

  record Ends(PipeEnd<Numbers, Void> out, PipeEnd<Void, Numbers> in) implements AutoCloseable {
    @Override
    public void close() {
      out.close();
      in.close();
    }
  }

  @Test
  void aChildSendingThroughItsExclusiveSenderDeliversEverythingInOrder() throws Exception {
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    int n = 300_000;
    try (ChildJvm child = ChildJvm.start(PipeChildMain.class, key, "send-exclusive", listener.token(), Integer.toString(n));
        PipeEnd<Void, Numbers> end = TestTransport.checked(listener.accept(LONG))) {
      Collect c = new Collect();
      assertEquals(n + 1, end.drain(c));
      for (int i = 0; i < n; i++) {
        assertEquals(i, c.numbers.get(i));
      }
      assertEquals(List.of("[42, hello]"), c.words);
      child.awaitLine("DONE", LONG);
    }
  }

  @Test
  void loneMessagesLeaveAtOnceBothWays() throws Exception {
    try (ChildJvm child = ChildJvm.start(PipeChildMain.class, key, "echo", "2000", "exclusive")) {
      String token = child.awaitLine("TOKEN", LONG);
      try (PipeEnd<Numbers, Replies> end = TestTransport.checked(Pipe.connect(token, key, Numbers.class, Replies.class))) {
        Numbers out = end.exclusiveSender();
        List<String> replies = new ArrayList<>();
        Replies handler = replies::add;
        for (int i = 0; i < 2_000; i++) { // each reply waits for its request: nothing to batch with
          out.number(i);
          assertTrue(end.receive(handler, LONG), "the reply to " + i);
          assertEquals("got " + i, replies.get(i));
        }
      }
      child.awaitLine("CLOSED", LONG);
    }
  }

  @Test
  void largeMessagesAmongSmallOnesKeepTheirPlace() throws Exception {
    String big = "x".repeat(3_000_000); // grows a batch buffer, and moves to a batch of its own
    try (Ends p = open()) {
      CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
        Numbers out = p.out().exclusiveSender();
        for (int round = 0; round < 4; round++) {
          for (int i = 0; i < 50_000; i++) {
            out.number(round * 100_000L + i);
          }
          out.words(List.of(big));
        }
        out.number(-1);
        p.out().close();
      }, TestThreads.EACH);
      Collect c = new Collect();
      p.in().drain(c);
      sent.get(60, TimeUnit.SECONDS);
      assertEquals(List.of("big@50000", "big@100000", "big@150000", "big@200000"), c.words);
      assertEquals(200_001, c.numbers.size());
      for (int round = 0; round < 4; round++) {
        for (int i = 0; i < 50_000; i++) {
          assertEquals(round * 100_000L + i, c.numbers.get(round * 50_000 + i));
        }
      }
    }
  }

  @Test
  void anotherThreadIsRefusedAndSendsNothing() throws Exception {
    try (Ends p = open()) {
      Numbers out = p.out().exclusiveSender();
      out.number(1);
      AtomicReference<Throwable> other = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try {
          p.out().sender().number(2); // the same proxy: it belongs to the first thread now
        } catch (Throwable e) {
          other.set(e);
        }
      }, "intruder");
      t.start();
      t.join(30_000);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
        throw other.get();
      });
      assertTrue(e.getMessage().contains("may send to the pipe") && e.getMessage().contains("intruder"), e.getMessage());
      out.number(3);
      p.out().close();
      Collect c = new Collect();
      p.in().drain(c);
      assertEquals(List.of(1L, 3L), c.numbers);
    }
  }

  /** "calling this again once it is [in this mode] returns the same proxy", messages sent or not. */
  @Test
  void choosingItAgainAfterMessagesReturnsTheSameProxy() throws Exception {
    try (Ends p = open()) {
      Numbers out = p.out().exclusiveSender();
      out.number(1);
      assertSame(out, p.out().exclusiveSender());
      p.out().exclusiveSender().number(2);
      p.out().close();
      Collect c = new Collect();
      p.in().drain(c);
      assertEquals(List.of(1L, 2L), c.numbers);
    }
  }

  @Test
  void choosingItAfterTheFirstMessageOrOnAReceivingEndIsRefused() throws Exception {
    try (Ends p = open()) {
      p.out().sender().number(1);
      IllegalStateException late = assertThrows(IllegalStateException.class, () -> p.out().exclusiveSender());
      assertTrue(late.getMessage().contains("before the first message"), late.getMessage());
      IllegalStateException receiving = assertThrows(IllegalStateException.class, () -> p.in().exclusiveSender());
      assertTrue(receiving.getMessage().contains("only receives"), receiving.getMessage());
      p.out().sender().number(2); // still the thread-safe sender
      p.out().close();
      Collect c = new Collect();
      p.in().drain(c);
      assertEquals(List.of(1L, 2L), c.numbers);
    }
  }

  @Test
  void aSenderTheReaderDoesNotKeepUpWithWaitsAndLosesNothing() throws Exception {
    try (Ends p = open()) {
      int n = 400_000; // several batch buffers' worth: the sender must wait for the reader
      CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
        Numbers out = p.out().exclusiveSender();
        for (int i = 0; i < n; i++) {
          out.number(i);
        }
        p.out().flush();
      }, TestThreads.EACH);
      Collect c = new Collect();
      while (c.numbers.size() < 1_000) { // read slowly at first, so that the sender's buffers fill
        p.in().receive(c, LONG);
      }
      p.in().drain(new Numbers() {
        @Override
        public void number(long v) {
          c.number(v);
          if (c.numbers.size() == n) {
            p.out().close(); // after the sending thread's flush: all of it was written
          }
        }

        @Override
        public void words(List<String> words) {}
      });
      sent.get(60, TimeUnit.SECONDS);
      assertEquals(n, c.numbers.size());
      for (int i = 0; i < n; i++) {
        assertEquals(i, c.numbers.get(i));
      }
    }
  }

  @Test
  void aSenderWaitingForRoomFailsWhenTheOtherEndsProcessDies() throws Exception {
    try (ChildJvm child = ChildJvm.start(PipeChildMain.class, key, "stall")) {
      String token = child.awaitLine("TOKEN", LONG);
      try (PipeEnd<Numbers, Void> end = Pipe.connect(token, key, Numbers.class, Void.class)) {
        child.awaitLine("ACCEPTED", LONG);
        Numbers out = end.exclusiveSender();
        List<String> message = List.of("y".repeat(1_000));
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        Thread sending = new Thread(() -> {
          try {
            while (true) {
              out.words(message); // until the batch buffers and the socket are full
            }
          } catch (Throwable e) {
            failed.complete(e);
          }
        }, "sending");
        sending.setDaemon(true);
        sending.start();
        awaitWaitingForRoom(sending);
        child.kill(); // kill -9: its socket closes under unread data
        Throwable e = failed.get(60, TimeUnit.SECONDS);
        assertTrue(e instanceof ChannelClosedException && e.getMessage().contains("is gone"), String.valueOf(e));
      }
    }
  }

  @Test
  void flushWaitsUntilWrittenAndCloseFromAnotherThreadAfterTheLastSendDeliversAll() throws Exception {
    try (Ends p = open()) {
      Numbers out = p.out().exclusiveSender();
      for (int i = 0; i < 10; i++) {
        out.number(i);
      }
      p.out().flush();
      Collect c = new Collect();
      for (int i = 0; i < 10; i++) {
        assertTrue(p.in().receive(c, LONG));
      }
      out.number(10);
      CompletableFuture.runAsync(() -> p.out().close(), TestThreads.EACH).get(30, TimeUnit.SECONDS);
      p.in().drain(c);
      assertEquals(11, c.numbers.size());
      assertEquals(10L, c.numbers.get(10));
    }
  }

  /** Waits until {@code thread} waits for a free batch buffer in exclusive mode. */
  private static void awaitWaitingForRoom(Thread thread) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      StackTraceElement[] stack = thread.getStackTrace();
      boolean waiting = java.util.Arrays.stream(stack).anyMatch(f -> f.getMethodName().equals("awaitBufferExclusive"))
          && thread.getState() == Thread.State.TIMED_WAITING;
      if (waiting) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(thread + " did not wait for room within 30 s: " + java.util.Arrays.toString(stack));
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}
