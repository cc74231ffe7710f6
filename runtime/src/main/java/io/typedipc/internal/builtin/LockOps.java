package io.typedipc.internal.builtin;

import java.util.concurrent.CompletableFuture;

/**
 * The wire operations of the built-in locks and conditions (see {@link LockImpl}). A thread is
 * named by the calling client (implicit) and its thread id (an argument); a ticket, unique within
 * the client, names one wait so that it can be {@linkplain #cancel cancelled}.
 *
 * <p>Timeouts are in nanoseconds: negative waits forever, zero does not wait.
 */
public interface LockOps {
  /**
   * Acquires the lock for the thread: {@link Status#OK} (plus {@link Status#ABANDONED} if its last
   * holder disconnected or died holding it), {@link Status#NO} on timeout, {@link
   * Status#WOULD_DEADLOCK}, {@link Status#CANCELLED} or {@link Status#CLOSED}.
   */
  CompletableFuture<Long> acquire(long thread, long ticket, long timeoutNanos);

  /**
   * Releases one hold of the thread: {@link Status#OK}, or {@link Status#NOT_OWNER} if it holds
   * none.
   */
  long release(long thread);

  /** Cancels the caller's parked wait {@code ticket}; whether it was still parked. */
  boolean cancel(long ticket);

  /** How many holds the thread has (0 if it does not hold the lock). */
  int holdCount(long thread);

  /** Whether any thread of any client holds the lock. */
  boolean isLocked();

  /** How many acquires are parked. */
  int queueLength();

  /**
   * Releases all the thread's holds, waits on {@code condition} until signalled or timed out, and
   * reacquires the holds before replying: {@link Status#OK} (signalled; plus {@link
   * Status#ABANDONED} if the lock was abandoned meanwhile), {@link Status#NO} (timed out), {@link
   * Status#CANCELLED} (cancelled, lock reacquired), {@link Status#NOT_OWNER} or {@link
   * Status#CLOSED}.
   */
  CompletableFuture<Long> await(long thread, long ticket, String condition, long timeoutNanos);

  /**
   * Wakes up to {@code count} waiters of {@code condition}, longest waiting first ({@link
   * Integer#MAX_VALUE}: all); the thread must hold the lock. How many it woke, or {@link
   * Status#NOT_OWNER}.
   */
  long signal(long thread, String condition, int count);

  /** How many threads wait on {@code condition}. */
  int waitCount(String condition);
}
