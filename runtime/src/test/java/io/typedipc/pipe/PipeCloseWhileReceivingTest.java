package io.typedipc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PipeEnd's "closing from another thread is how to end a wait": a thread waiting in {@code receive}
 * or {@code drain} when its end is closed ends at once with {@link IllegalStateException}, whether
 * the other end (in another JVM) ever sends or closes again — before, it waited until the other
 * end closed or died, for ever if that end only sent and stayed open.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipeCloseWhileReceivingTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private final AuthKey key = AuthKey.generate();

  /** A receiving end whose other end sends, then stays open and silent. */
  @Test
  void closingEndsAReceiveWaitingForASilentSender() throws Exception {
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    try (ChildJvm child = ChildJvm.start(PipeChildMain.class, key, "send-and-wait", listener.token(), "3");
        PipeEnd<Void, Numbers> end = TestTransport.checked(listener.accept(LONG))) {
      child.awaitLine("SENT ", LONG);
      Collected got = new Collected();
      for (int i = 0; i < 3; i++) {
        end.receive(got);
      }
      assertClosingEnds(end, () -> {
        end.receive(got);
        return null;
      }, () -> true);
      assertEquals(List.of(0L, 1L, 2L), got.numbers);
    }
  }

  /** The same for a drain, the loop of receives a receiving thread usually runs. */
  @Test
  void closingEndsADrainWaitingForASilentSender() throws Exception {
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    try (ChildJvm child = ChildJvm.start(PipeChildMain.class, key, "send-and-wait", listener.token(), "3");
        PipeEnd<Void, Numbers> end = TestTransport.checked(listener.accept(LONG))) {
      child.awaitLine("SENT ", LONG);
      Collected got = new Collected();
      assertClosingEnds(end, () -> end.drain(got), () -> got.numbers.size() == 3);
      assertEquals(List.of(0L, 1L, 2L), got.numbers);
    }
  }

  /**
   * A duplex end: closing it wakes its receiving thread at once, and the other end still gets
   * the end of the stream after everything this end sent.
   */
  @Test
  void closingADuplexEndEndsItsReceiveAndTheOtherEndSeesTheEnd() throws Exception {
    try (ChildJvm child = ChildJvm.start(PipeChildMain.class, key, "echo", "1000")) {
      String token = child.awaitLine("TOKEN ", LONG);
      PipeEnd<Numbers, Replies> end = TestTransport.checked(Pipe.connect(token, key, Numbers.class, Replies.class));
      List<String> replies = new ArrayList<>();
      end.sender().number(1);
      end.receive(replies::add);
      assertEquals(List.of("got 1"), replies);
      assertClosingEnds(end, () -> {
        end.receive(replies::add);
        return null;
      }, () -> true);
      assertEquals("1", child.awaitLine("EOF ", LONG), "the other end received the one number, then the end of the stream");
    }
  }

  /**
   * The README's "close() first writes what was sent, so when the other end has stopped reading it
   * waits until that end reads or goes away", and "a send blocked on full buffers fails with
   * ChannelClosedException".
   */
  @Test
  void closeWaitsForAnEndThatDoesNotReadAndReturnsWhenItGoes() throws Exception {
    try (ChildJvm child = ChildJvm.start(PipeChildMain.class, key, "stall")) {
      String token = child.awaitLine("TOKEN ", LONG);
      PipeEnd<Numbers, Void> end = TestTransport.checked(Pipe.connect(token, key, Numbers.class, Void.class));
      child.awaitLine("ACCEPTED ", LONG);
      List<String> big = List.of("x".repeat(1 << 20));
      CompletableFuture<Throwable> sending = new CompletableFuture<>();
      Thread sender = new Thread(() -> {
        try {
          while (true) {
            end.sender().words(big); // until the buffers are full and a send blocks, then fails
          }
        } catch (Throwable e) {
          sending.complete(e);
        }
      }, "sender");
      sender.setDaemon(true);
      sender.start();
      assertTrue(PipeWaitsTest.eventually(() -> sender.getState() == Thread.State.WAITING
          || sender.getState() == Thread.State.TIMED_WAITING), "the sender never blocked: " + sender.getState());
      CompletableFuture<Void> closing = CompletableFuture.runAsync(end::close, io.typedipc.testing.TestThreads.EACH);
      Throwable failed = sending.get(30, TimeUnit.SECONDS);
      assertInstanceOf(io.typedipc.ChannelClosedException.class, failed, String.valueOf(failed));
      assertThrows(java.util.concurrent.TimeoutException.class, () -> closing.get(1, TimeUnit.SECONDS),
          "close() returned while the other end neither read nor went away");
      child.kill();
      closing.get(30, TimeUnit.SECONDS); // once it went
    }
  }

  /**
   * Starts {@code receiving} on a thread of its own, closes {@code end} once {@code ready} and the
   * thread waits, and checks how both end.
   */
  private static void assertClosingEnds(PipeEnd<?, ?> end, Callable<?> receiving, BooleanSupplier ready) throws Exception {
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread receiver = new Thread(() -> {
      try {
        receiving.call();
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.complete(e);
      }
    }, "receiver");
    receiver.setDaemon(true);
    receiver.start();
    assertTrue(PipeWaitsTest.eventually(ready), "the receiver never got what was sent");
    PipePeerKilledTest.awaitWaiting(receiver);
    long start = System.nanoTime();
    end.close();
    long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    Throwable e = outcome.get(30, TimeUnit.SECONDS); // at once; the margin is for a pause of this JVM
    assertInstanceOf(IllegalStateException.class, e, String.valueOf(e));
    assertTrue(e.getMessage().endsWith("was closed while this thread was receiving"), e.getMessage());
    assertTrue(closeMillis < 10_000, "close() did not wait for the receiver: " + closeMillis + " ms");
  }

  private static final class Collected implements Numbers {
    final List<Long> numbers = new CopyOnWriteArrayList<>(); // read by the test's thread too

    @Override
    public void number(long n) {
      numbers.add(n);
    }

    @Override
    public void words(List<String> words) {}
  }
}
