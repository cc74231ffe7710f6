package io.typedipc.testing;

import java.util.concurrent.Executor;
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
}
