package io.typedipc.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a wait on a thread that keeps being interrupted. */
public final class Interrupts {
  private Interrupts() {}

  /**
   * Runs {@code wait} on a new thread, interrupted before it starts and every 100 ms until it ends.
   *
   * @return the thread's CPU time in the wait (ns), and 1 if its interrupt flag was still set after it, else 0
   */
  public static long[] interruptedWhile(Runnable wait) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    CompletableFuture<long[]> done = new CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      try {
        Thread.currentThread().interrupt();
        long cpu = threads.getCurrentThreadCpuTime();
        wait.run();
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        done.complete(new long[] {cpu, Thread.currentThread().isInterrupted() ? 1 : 0});
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    }, "interrupted-waiter");
    waiter.setDaemon(true);
    waiter.start();
    while (true) {
      try {
        return done.get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillWaiting) {
        waiter.interrupt();
      }
    }
  }
}
