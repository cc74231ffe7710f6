package io.typedipc.internal.builtin;

import java.util.concurrent.CompletableFuture;

/**
 * The wire operations of the built-in queues (see {@link QueueImpl}). Timeouts in nanoseconds:
 * negative waits forever, zero does not wait.
 *
 * @param <E> the element type; its values must be classes both sides registered or know
 */
public interface QueueOps<E> {
  /**
   * Appends {@code element} (never null): {@link Status#OK}, {@link Status#NO} if the queue stayed
   * full, {@link Status#CANCELLED} or {@link Status#CLOSED}.
   */
  CompletableFuture<Long> put(long ticket, E element, long timeoutNanos);

  /** Takes the head: {@link Status#OK} with it, {@link Status#NO} if it stayed empty, … */
  CompletableFuture<Polled<E>> get(long ticket, long timeoutNanos);

  /** Cancels the caller's parked put or get {@code ticket}; whether it was still parked. */
  boolean cancel(long ticket);

  /** How many elements the queue holds. */
  int size();

  /** The capacity the queue was created with; 0 for unbounded. */
  int capacity();

  /** Whether a put would have to wait now. */
  boolean isFull();
}
