package io.typedipc.internal.builtin;

import io.typedipc.annotation.Shared;
import java.util.concurrent.CompletableFuture;

/** The wire interface of an event (kind "event"); implemented by {@link EventImpl}. */
@Shared
public interface EventWire {
  /** Sets the flag and wakes every waiter. */
  void set();

  /** Clears the flag. */
  void clear();

  /** Whether the flag is set. */
  boolean isSet();

  /**
   * Waits until the flag is set: {@link Status#OK} if it is, {@link Status#NO} on timeout, {@link
   * Status#CANCELLED} or {@link Status#CLOSED}. Timeout in nanoseconds, negative for none.
   */
  CompletableFuture<Long> await(long ticket, long timeoutNanos);

  /** Cancels the caller's parked wait {@code ticket}; whether it was still parked. */
  boolean cancel(long ticket);

  /** How many waits are parked. */
  int waiting();
}
