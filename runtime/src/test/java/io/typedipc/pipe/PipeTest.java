package io.typedipc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.AuthenticationException;
import io.typedipc.ChannelClosedException;
import io.typedipc.EndOfStreamException;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.VersionMismatchException;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestTransport;
import io.typedipc.testing.TestThreads;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Pipes between this JVM and a child: one-way and duplex, poll, close and end of stream, misuse. */
class PipeTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private final AuthKey key = AuthKey.generate();

  /** Records what it receives. */
  static final class Collect implements Numbers, Replies {
    final List<Long> numbers = new ArrayList<>();
    final List<String> texts = new ArrayList<>();

    @Override
    public void number(long n) {
      numbers.add(n);
    }

    @Override
    public void words(List<String> words) {
      texts.add(String.valueOf(words));
    }

    @Override
    public void reply(String text) {
      texts.add(text);
    }
  }

  @Test
  void theChildSendsTheParentReceivesEverythingInOrderThenTheEnd() throws Exception {
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    int n = 200_000;
    try (ChildJvm child = ChildJvm.start(PipeChildMain.class, key, "send", listener.token(), Integer.toString(n));
        PipeEnd<Void, Numbers> end = TestTransport.checked(listener.accept(LONG))) {
      Collect c = new Collect();
      assertEquals(n + 1, end.drain(c));
      for (int i = 0; i < n; i++) {
        assertEquals(i, c.numbers.get(i));
      }
      assertEquals(List.of("[42, hello]"), c.texts);
      assertTrue(end.poll(Duration.ZERO), "poll: receive would return at once (with the end of the stream)");
      assertThrows(EndOfStreamException.class, () -> end.receive(c));
      assertTrue(end.isOtherEndClosed());
      child.awaitLine("DONE", LONG);
      assertThrows(IllegalStateException.class, end::sender);
    }
  }

  @Test
  void duplexWithTheChildListeningPollRepliesAndTheChildsClose() throws Exception {
    try (ChildJvm child = ChildJvm.start(PipeChildMain.class, key, "echo", "3")) {
      String token = child.awaitLine("TOKEN", LONG);
      try (PipeEnd<Numbers, Replies> end = TestTransport.checked(Pipe.connect(token, key, Numbers.class, Replies.class))) {
        Collect c = new Collect();
        assertFalse(end.poll(Duration.ofMillis(200)), "nothing waiting yet");
        Numbers out = end.sender();
        out.number(1);
        assertTrue(end.poll(LONG));
        assertTrue(end.receive(c, LONG));
        out.number(2);
        out.number(3);
        end.receive(c);
        end.receive(c);
        assertEquals(List.of("got 1", "got 2", "got 3"), c.texts);
        child.awaitLine("CLOSED", LONG); // it closed its end after three
        assertThrows(EndOfStreamException.class, () -> end.receive(c, LONG));
        ChannelClosedException closed = assertThrows(ChannelClosedException.class, () -> out.number(4));
        assertTrue(closed.getMessage().contains("other end"), closed.getMessage());
      }
    }
  }

  @Test
  void closingOurEndEndsTheChildsReceivingAfterItDrained() throws Exception {
    try (ChildJvm child = ChildJvm.start(PipeChildMain.class, key, "echo", "1000")) {
      String token = child.awaitLine("TOKEN", LONG);
      try (PipeEnd<Numbers, Replies> end = TestTransport.checked(Pipe.connect(token, key, Numbers.class, Replies.class))) {
        for (int i = 0; i < 5; i++) {
          end.sender().number(i);
        }
      }
      assertEquals("5", child.awaitLine("EOF", LONG));
      child.awaitLine("CLOSED", LONG);
    }
  }

  @Test
  void endsThatDisagreeOrHoldAnotherKeyAreRefused() throws Exception {
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    CompletableFuture<PipeEnd<Void, Numbers>> accepted = CompletableFuture.supplyAsync(() -> listener.accept(LONG), TestThreads.EACH);
    VersionMismatchException e = assertThrows(VersionMismatchException.class,
        () -> Pipe.connect(listener.token(), key, Replies.class, Void.class));
    assertTrue(e.getMessage().contains(Numbers.class.getName()) && e.getMessage().contains(Replies.class.getName()), e.getMessage());
    assertThrows(ExecutionException.class, () -> accepted.get(10, TimeUnit.SECONDS));

    // a process without the key, and one that connects and says nothing, are refused; neither
    // spoils the pipe: the listener goes on until the end with the key connects (an audit: either
    // one used to end the listener's only attempt)
    PipeListener<Void, Numbers> other = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    CompletableFuture<PipeEnd<Void, Numbers>> accepting = CompletableFuture.supplyAsync(() -> other.accept(LONG), TestThreads.EACH);
    AuthenticationException wrongKey =
        assertThrows(AuthenticationException.class, () -> Pipe.connect(other.token(), AuthKey.generate(), Numbers.class, Void.class));
    assertTrue(wrongKey.getMessage().contains("the listening pipe end at") && wrongKey.getMessage().contains("rejected this connecting pipe end's auth key"),
        wrongKey.getMessage());
    try (Socket silent = new Socket(other.address().getAddress(), other.address().getPort());
        PipeEnd<Numbers, Void> out = Pipe.connect(other.token(), key, Numbers.class, Void.class);
        PipeEnd<Void, Numbers> in = accepting.get(30, TimeUnit.SECONDS)) {
      out.sender().number(7);
      out.flush();
      CollectedNumbers got = new CollectedNumbers();
      assertTrue(in.receive(got, LONG));
      assertEquals(List.of(7L), got.numbers);
      assertTrue(silent.isConnected());
    }

    // nobody with the key: the wait ends at its timeout, with the last refusal
    PipeListener<Void, Numbers> third = Pipe.listen(key, Void.class, Numbers.class);
    CompletableFuture<PipeEnd<Void, Numbers>> refused = CompletableFuture.supplyAsync(
        () -> third.accept(Duration.ofMillis(500)), TestThreads.EACH);
    assertThrows(AuthenticationException.class, () -> Pipe.connect(third.token(), AuthKey.generate(), Numbers.class, Void.class));
    ExecutionException failed = assertThrows(ExecutionException.class, () -> refused.get(30, TimeUnit.SECONDS));
    assertTrue(failed.getCause() instanceof AuthenticationException, String.valueOf(failed.getCause()));

    assertThrows(IllegalArgumentException.class, () -> Pipe.listen(key, Void.class, Void.class));
    assertThrows(IllegalArgumentException.class, () -> Pipe.listen(key, io.typedipc.it.TestService.class, Void.class));
  }

  @Test
  void aLargeMessageAfterSmallOnesTravelsInAFrameOfItsOwnWithinTheLimit() throws Exception {
    AuthKey key = AuthKey.generate();
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    // just under the 16 MiB frame limit by itself, over it together with the small messages before it
    String big = "x".repeat(16_770_000);
    CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
      try (PipeEnd<Numbers, Void> out = Pipe.connect(listener.token(), key, Numbers.class, Void.class)) {
        for (int round = 0; round < 3; round++) {
          for (int i = 0; i < 2_000; i++) {
            out.sender().number(round * 10_000 + i);
          }
          out.sender().words(List.of(big));
        }
        out.sender().number(-1);
      }
    }, TestThreads.EACH);
    List<Long> numbers = new ArrayList<>();
    int[] bigOnes = {0};
    try (PipeEnd<Void, Numbers> in = TestTransport.checked(listener.accept(Duration.ofSeconds(30)))) {
      in.drain(new Numbers() {
        @Override
        public void number(long n) {
          numbers.add(n);
        }

        @Override
        public void words(List<String> words) {
          assertEquals(big.length(), words.get(0).length());
          bigOnes[0]++;
          assertEquals(bigOnes[0] * 2_000, numbers.size(), "in order with the small messages");
        }
      });
    }
    sent.get(60, TimeUnit.SECONDS);
    assertEquals(3, bigOnes[0]);
    assertEquals(6_001, numbers.size());
    assertEquals(-1L, numbers.get(6_000));
  }

  @Test
  void sendingOnAnEndThatWasClosedIsAChannelClosedException() throws Exception {
    AuthKey key = AuthKey.generate();
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    CompletableFuture<PipeEnd<Void, Numbers>> accepted = CompletableFuture.supplyAsync(() -> listener.accept(Duration.ofSeconds(30)), TestThreads.EACH);
    PipeEnd<Numbers, Void> out = Pipe.connect(listener.token(), key, Numbers.class, Void.class);
    Numbers sender = out.sender();
    sender.number(1);
    out.close();
    ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> sender.number(2));
    assertTrue(e.getMessage().contains("this end of the pipe was closed; number was not sent"), e.getMessage());
    try (PipeEnd<Void, Numbers> in = accepted.get(30, TimeUnit.SECONDS)) {
      List<Long> got = new ArrayList<>();
      in.drain(new Numbers() {
        @Override
        public void number(long n) {
          got.add(n);
        }

        @Override
        public void words(List<String> words) {}
      });
      assertEquals(List.of(1L), got);
    }
  }

  @Test
  void closeReturnsWhileAnotherThreadIsReceivingAndTheOtherEndStaysOpen() throws Exception {
    AuthKey key = AuthKey.generate();
    PipeListener<Numbers, Numbers> listener = Pipe.listen(key, Numbers.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    CompletableFuture<PipeEnd<Numbers, Numbers>> accepted = CompletableFuture.supplyAsync(() -> listener.accept(Duration.ofSeconds(30)), TestThreads.EACH);
    try (PipeEnd<Numbers, Numbers> other = Pipe.connect(listener.token(), key, Numbers.class, Numbers.class)) {
      PipeEnd<Numbers, Numbers> end = accepted.get(30, TimeUnit.SECONDS);
      Thread receiving = new Thread(() -> {
        try {
          end.receive(new Numbers() {
            @Override
            public void number(long n) {}

            @Override
            public void words(List<String> words) {}
          });
        } catch (RuntimeException e) {
          // the end of the stream, once the other end answers the close
        }
      });
      receiving.setDaemon(true);
      receiving.start();
      awaitBlockedIn(receiving, "receive"); // if it were not blocked yet, close() would have nothing to wake
      CompletableFuture<Void> closed = CompletableFuture.runAsync(end::close, TestThreads.EACH);
      closed.get(5, TimeUnit.SECONDS); // the other end is still open and silent
    }
  }

  /**
   * Waits until {@code thread} is inside a method named {@code method} and blocked there: parked,
   * waiting for a monitor, or in a native call (a selector or a socket read).
   */
  private static void awaitBlockedIn(Thread thread, String method) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      StackTraceElement[] stack = thread.getStackTrace();
      boolean inside = java.util.Arrays.stream(stack).anyMatch(f -> f.getMethodName().equals(method));
      Thread.State state = thread.getState();
      boolean blocked = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED
          || (state == Thread.State.RUNNABLE && stack.length > 0 && stack[0].isNativeMethod());
      if (inside && blocked) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(thread + " did not block in " + method + " within 10 s; it is " + state + " at "
            + java.util.Arrays.toString(stack));
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }
}
