package io.typedipc.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor tests give {@code CompletableFuture.runAsync}, {@code supplyAsync} and the other
 * {@code *Async} methods: a new daemon thread per task, named {@code test-task-N} so that a thread
 * dump shows them.
 *
 * <p>Without an executor those methods use CompletableFuture's default, which on a 2-CPU machine
 * (CI's) differs by JDK: on JDK 17 the common pool's parallelism is 1, and CompletableFuture gives
 * each task a thread of its own instead; from JDK 25 it uses the common pool even then, and that
 * has one worker. A task that blocks there (a pipe or channel receive, a latch, a wait parked in
 * the Manager, a network call) then keeps every other task of the pool from running, so a test
 * whose tasks wait for each other, or for anything else queued on the common pool, hangs until its
 * timeout. Every task a test starts that can block runs here instead.
 */
public final class TestThreads {
  private static final AtomicInteger COUNT = new AtomicInteger();

  /** Runs each task on a new daemon thread of its own, named {@code test-task-N}. */
  public static final Executor EACH = task -> {
    Thread t = new Thread(task, "test-task-" + COUNT.incrementAndGet());
    t.setDaemon(true);
    t.start();
  };

  private TestThreads() {}

  /**
   * Keeps every worker of the JVM's common pool waiting, as an application's blocking tasks would,
   * until the hold is closed; returns once they all wait.
   */
  public static CommonPoolHold holdCommonPool() throws InterruptedException {
    return new CommonPoolHold();
  }

  /** Every worker of the common pool waiting until {@link #close()}. */
  public static final class CommonPoolHold implements AutoCloseable {
    private final CountDownLatch release = new CountDownLatch(1);

    private CommonPoolHold() throws InterruptedException {
      int workers = ForkJoinPool.getCommonPoolParallelism();
      CountDownLatch busy = new CountDownLatch(workers);
      for (int i = 0; i < workers; i++) {
        ForkJoinPool.commonPool().execute(() -> {
          busy.countDown();
          try {
            release.await(); // not a managed block: the pool starts no worker in its place
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      if (!busy.await(20, TimeUnit.SECONDS)) {
        release.countDown();
        throw new AssertionError("the common pool's workers did not all start waiting within 20 s");
      }
    }

    @Override
    public void close() {
      release.countDown();
    }
  }
}
