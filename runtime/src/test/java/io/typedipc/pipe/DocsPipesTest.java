package io.typedipc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ChannelClosedException;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.it.TestTransport;
import io.typedipc.testing.TestThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/channels-and-pipes.md's pipe sentences no other test holds: what the sending end of a
 * one-way pipe sees when the receiving end closes (Python: {@code BrokenPipeError}).
 */
@Timeout(120)
class DocsPipesTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  /**
   * "close() flushes and tells the other end [...]; its later sends fail with
   * ChannelClosedException": the receiving end of a one-way pipe closes while the other keeps
   * sending. The sends must fail (ChannelClosedException) well before the 30 s a closing end
   * lingers, not vanish while they and flush() report success.
   */
  @Test
  void sendsToAReceivingEndThatClosedFail() throws Exception {
    AuthKey key = AuthKey.generate();
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    CompletableFuture<PipeEnd<Numbers, Void>> connecting =
        CompletableFuture.supplyAsync(() -> Pipe.connect(listener.token(), key, Numbers.class, Void.class), TestThreads.EACH);
    PipeEnd<Void, Numbers> in = listener.accept(LONG);
    try (PipeEnd<Numbers, Void> out = connecting.get(30, TimeUnit.SECONDS)) {
      Numbers sender = out.sender();
      sender.number(1);
      out.flush();
      in.close();
      long t0 = System.nanoTime();
      long sent = 0;
      Throwable failure = null;
      try {
        while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20)) {
          sender.words(List.of("x".repeat(1000)));
          sent++;
          if (sent % 1000 == 0) {
            out.flush();
          }
        }
      } catch (RuntimeException e) {
        failure = e;
      }
      assertInstanceOf(ChannelClosedException.class, failure, "after " + sent + " sends into a closed end");
      assertThrows(ChannelClosedException.class, () -> sender.number(2), "and every send after");
    }
  }
  /**
   * The duplex case: the other end of a closed duplex end receives what was sent, then
   * EndOfStreamException, and from then on its sends fail with ChannelClosedException.
   */
  @Test
  void aDuplexEndsSendsFailOnceItsReceivingReachedTheEnd() throws Exception {
    AuthKey key = AuthKey.generate();
    PipeListener<Numbers, Numbers> listener = Pipe.listen(key, Numbers.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    CompletableFuture<PipeEnd<Numbers, Numbers>> connecting =
        CompletableFuture.supplyAsync(() -> Pipe.connect(listener.token(), key, Numbers.class, Numbers.class), TestThreads.EACH);
    PipeEnd<Numbers, Numbers> a = listener.accept(LONG);
    try (PipeEnd<Numbers, Numbers> b = connecting.get(30, TimeUnit.SECONDS)) {
      a.sender().number(1);
      a.close();
      java.util.List<Long> got = new java.util.ArrayList<>();
      Numbers handler = new Numbers() {
        @Override
        public void number(long n) {
          got.add(n);
        }

        @Override
        public void words(List<String> words) {}
      };
      assertEquals(1, b.drain(handler));
      assertEquals(List.of(1L), got);
      assertTrue(b.isOtherEndClosed());
      ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> b.sender().number(2));
      assertTrue(e.getMessage().contains("was closed"), e.getMessage());
    }
  }
  /**
   * "A sending end holds at most three such batches: when the other end does not read, TCP's
   * buffers fill, then those, and sends block, as in Python" — through the thread-safe sender();
   * once the other end reads, everything arrives, in order.
   */
  @Test
  void sendsBlockWhileTheOtherEndDoesNotReadAndLoseNothing() throws Exception {
    AuthKey key = AuthKey.generate();
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    CompletableFuture<PipeEnd<Numbers, Void>> connecting =
        CompletableFuture.supplyAsync(() -> Pipe.connect(listener.token(), key, Numbers.class, Void.class), TestThreads.EACH);
    try (PipeEnd<Void, Numbers> in = listener.accept(LONG); PipeEnd<Numbers, Void> out = connecting.get(30, TimeUnit.SECONDS)) {
      java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
      String kb = "x".repeat(1000);
      long limit = 200_000; // 200 MB: far more than any buffers hold
      Thread[] sender = new Thread[1];
      CompletableFuture<Void> sending = new CompletableFuture<>();
      sender[0] = new Thread(() -> {
        try {
          for (long i = 0; i < limit; i++) {
            out.sender().words(List.of(Long.toString(i), kb));
            sent.incrementAndGet();
          }
          out.close();
          sending.complete(null);
        } catch (Throwable t) {
          sending.completeExceptionally(t);
        }
      }, "docs-pipe-sender");
      sender[0].setDaemon(true);
      sender[0].start();
      // blocked: waiting, and its count unchanged between two looks at a waiting thread
      long deadline = System.nanoTime() + LONG.toNanos();
      while (true) {
        assertTrue(System.nanoTime() < deadline, "the sender never blocked; sent " + sent.get());
        assertTrue(!sending.isDone(), "sent everything without a reader: " + sending);
        long before = sent.get();
        Thread.State state = sender[0].getState();
        if ((state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) && before > 0) {
          assertThrows(java.util.concurrent.TimeoutException.class, () -> sending.get(200, TimeUnit.MILLISECONDS));
          if (sent.get() == before && sender[0].getState() != Thread.State.RUNNABLE) {
            break;
          }
        }
        Thread.onSpinWait();
      }
      long blockedAt = sent.get();
      assertTrue(blockedAt < limit / 4, "blocked after " + blockedAt + " sends");
      long[] next = {0};
      long received = in.drain(new Numbers() {
        @Override
        public void number(long n) {}

        @Override
        public void words(List<String> words) {
          assertEquals(Long.toString(next[0]++), words.get(0));
        }
      });
      sending.get(60, TimeUnit.SECONDS);
      assertEquals(limit, received);
    }
  }
}
