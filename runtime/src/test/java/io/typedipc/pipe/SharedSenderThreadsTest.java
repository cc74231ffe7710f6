package io.typedipc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.it.TestTransport;
import io.typedipc.testing.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PipeEnd#sender()} is thread-safe: several threads sending through the one proxy at once
 * lose nothing, never mix one message's bytes with another's, and each thread's messages arrive in
 * the order it sent them.
 */
@Timeout(120)
class SharedSenderThreadsTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private final AuthKey key = AuthKey.generate();

  @Test
  void severalThreadsSendingThroughOneSenderKeepEachThreadsOrderAndLoseNothing() throws Exception {
    int threads = 4;
    int perThread = 50_000;
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    CompletableFuture<PipeEnd<Void, Numbers>> accepted =
        CompletableFuture.supplyAsync(() -> listener.accept(LONG), TestThreads.EACH);
    try (PipeEnd<Numbers, Void> out = Pipe.connect(listener.token(), key, Numbers.class, Void.class);
        PipeEnd<Void, Numbers> in = accepted.get(30, TimeUnit.SECONDS)) {
      Numbers sender = out.sender();
      long[] next = new long[threads]; // the next number expected from each thread
      List<String> problems = new ArrayList<>();
      long[] wordLists = new long[1];
      CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> in.drain(new Numbers() {
        @Override
        public void number(long n) {
          int t = (int) (n >>> 32);
          long seq = n & 0xffff_ffffL;
          if (t < 0 || t >= threads) {
            problems.add("a number from no thread: " + n);
          } else if (seq != next[t]) {
            problems.add("thread " + t + ": got " + seq + " after " + (next[t] - 1));
            next[t] = seq + 1;
          } else {
            next[t]++;
          }
        }

        @Override
        public void words(List<String> words) {
          // every thread's word list names the thread and the number it follows: both must agree
          String[] parts = words.get(0).split(":");
          int t = Integer.parseInt(parts[0]);
          if (words.size() != 3 || Long.parseLong(parts[1]) != next[t] - 1 || !words.get(2).equals("end-" + t)) {
            problems.add("a word list mixed up: " + words);
          }
          wordLists[0]++;
        }
      }), TestThreads.EACH);
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        Thread thread = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            return;
          }
          for (long i = 0; i < perThread; i++) {
            sender.number((long) me << 32 | i);
            if (i % 100 == 0) {
              sender.words(List.of(me + ":" + i, "x".repeat((int) (i % 300)), "end-" + me));
            }
          }
        }, "sender-" + t);
        thread.start();
        senders.add(thread);
      }
      start.countDown();
      for (Thread thread : senders) {
        thread.join(TimeUnit.SECONDS.toMillis(60));
        assertTrue(!thread.isAlive(), thread.getName() + " finished sending");
      }
      out.close(); // flushes, then the receiving end sees the end of the stream
      long count = received.get(60, TimeUnit.SECONDS);
      assertEquals(List.of(), problems, "per-thread order and whole messages");
      assertEquals((long) threads * perThread + threads * (perThread / 100), count, "every message arrived");
      for (int t = 0; t < threads; t++) {
        assertEquals(perThread, next[t], "thread " + t + "'s numbers all arrived");
      }
      assertEquals((long) threads * (perThread / 100), wordLists[0]);
    }
  }
}
