package io.typedipc.hazelcast;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor these tests give {@code CompletableFuture.runAsync} and {@code supplyAsync}: a new
 * daemon thread per task, named {@code test-task-N} so that a thread dump shows them. (The same as
 * runtime's {@code io.typedipc.testing.TestThreads}, which this module's tests cannot see: runtime
 * publishes no test jar.)
 *
 * <p>Without an executor those methods use CompletableFuture's default, which on a 2-CPU machine
 * (CI's) differs by JDK: on JDK 17 the common pool's parallelism is 1, and CompletableFuture gives
 * each task a thread of its own instead; from JDK 25 it uses the common pool even then, and that
 * has one worker. A task that blocks there (a wait parked in a member, a barrier, a receive) then
 * keeps every other task of the pool from running, so a test whose tasks wait for each other (the
 * parties of a barrier, a waiter and the close that strands it) hangs until its timeout.
 */
final class TestThreads {
  private static final AtomicInteger COUNT = new AtomicInteger();

  /** Runs each task on a new daemon thread of its own, named {@code test-task-N}. */
  static final Executor EACH = task -> {
    Thread t = new Thread(task, "test-task-" + COUNT.incrementAndGet());
    t.setDaemon(true);
    t.start();
  };

  private TestThreads() {}
}
