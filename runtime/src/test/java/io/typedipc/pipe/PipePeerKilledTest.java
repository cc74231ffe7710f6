package io.typedipc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.EndOfStreamException;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * kill -9 of a pipe's sending end while the receiving end waits in {@code receive} without a
 * timeout: the wait ends with {@link EndOfStreamException} once everything sent was received
 * (PipeEnd's "the other end closed (or went away)"), on both transports — over shared memory the
 * reader is parked on the ring, and only the socket can tell it the other side died.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipePeerKilledTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  @Test
  void aReceiverWaitingWithoutTimeoutLearnsItsSenderWasKilled() throws Exception {
    AuthKey key = AuthKey.generate();
    int n = 1_000;
    PipeListener<Void, Numbers> listener = Pipe.listen(key, Void.class, Numbers.class).sharedMemory(TestTransport.sharedMemory());
    try (ChildJvm child = ChildJvm.start(PipeChildMain.class, key, "send-and-wait", listener.token(), Integer.toString(n));
        PipeEnd<Void, Numbers> end = TestTransport.checked(listener.accept(LONG))) {
      assertEquals(String.valueOf(TestTransport.sharedMemory()), child.awaitLine("SENT ", LONG), "the child uses this run's transport");
      List<Long> got = new ArrayList<>();
      Numbers collect = new Numbers() {
        @Override
        public void number(long x) {
          got.add(x);
        }

        @Override
        public void words(List<String> words) {}
      };
      while (got.size() < n) {
        end.receive(collect);
      }
      CompletableFuture<Throwable> waiting = new CompletableFuture<>();
      Thread receiver = new Thread(() -> {
        try {
          end.receive(collect);
          waiting.complete(null);
        } catch (Throwable e) {
          waiting.complete(e);
        }
      }, "receiver");
      receiver.setDaemon(true);
      receiver.start();
      awaitWaiting(receiver);
      long killed = System.nanoTime();
      child.kill();
      Throwable e = waiting.get(60, TimeUnit.SECONDS); // within a minute: the margin is for a pause of this JVM
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
      System.out.println("a receiver learned its sender was killed after " + millis + " ms ("
          + (TestTransport.sharedMemory() ? "shared memory" : "TCP") + ")");
      assertInstanceOf(EndOfStreamException.class, e, String.valueOf(e));
      assertEquals(n, got.size());
      assertTrue(end.isOtherEndClosed());
    }
  }

  /** Until {@code t} waits (parked or in a selector/read) inside receive. */
  static void awaitWaiting(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Thread.State s = t.getState();
      if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.RUNNABLE && inRead(t)) {
        return;
      }
      Thread.sleep(5); // polling with a deadline
    }
    throw new AssertionError("the receiver never waited: " + t.getState());
  }

  private static boolean inRead(Thread t) {
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getMethodName().contains("select") || e.getMethodName().contains("read") || e.getMethodName().contains("poll")) {
        return true;
      }
    }
    return false;
  }
}
