package io.typedipc.internal.builtin;

import java.util.concurrent.CompletableFuture;

/**
 * The wire operations of the built-in semaphores (see {@link SemaphoreImpl}). Timeouts in
 * nanoseconds: negative waits forever, zero does not wait.
 */
public interface SemaphoreOps {
  /**
   * Takes {@code permits}: {@link Status#OK} (plus {@link Status#ABANDONED} if some came back from
   * a client that disconnected or died holding them), {@link Status#NO} on timeout, {@link
   * Status#CANCELLED} or {@link Status#CLOSED}.
   */
  CompletableFuture<Long> acquire(long ticket, int permits, long timeoutNanos);

  /**
   * Gives back {@code permits}: {@link Status#OK}, or {@link Status#TOO_MANY} if a bounded
   * semaphore would rise above its initial value, or any above {@code Integer.MAX_VALUE} (nothing
   * is released then).
   */
  long release(int permits);

  /** Cancels the caller's parked acquire {@code ticket}; whether it was still parked. */
  boolean cancel(long ticket);

  /** The permits available now. */
  int availablePermits();

  /** How many acquires are parked. */
  int queueLength();
}
