package io.typedipc.internal.builtin;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer thread of the built-in objects in this JVM: it ends timed waits. A parked wait
 * costs a queue entry and, if timed, a scheduled task; never a thread.
 */
final class Timers {
  private static final ScheduledThreadPoolExecutor TIMER = create();

  private Timers() {}

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "typedipc-builtin-timer");
      thread.setDaemon(true);
      return thread;
    });
    t.setRemoveOnCancelPolicy(true);
    t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return t;
  }

  /** Runs {@code task} after {@code nanos}; the returned handle cancels it. */
  static ScheduledFuture<?> after(long nanos, Runnable task) {
    return TIMER.schedule(task, nanos, TimeUnit.NANOSECONDS);
  }
}
