package io.typedipc.internal.builtin;

import io.typedipc.annotation.Shared;
import java.util.concurrent.CompletableFuture;

/** The wire interface of a barrier (kind "barrier"); implemented by {@link BarrierImpl}. */
@Shared
public interface BarrierWire {
  /**
   * Waits until every party has arrived: the arrival index ({@code parties - 1} for the first, 0
   * for the last), or {@link Status#BROKEN}, {@link Status#TIMED_OUT} (this wait timed out and
   * broke the barrier), {@link Status#CANCELLED} (cancelled; the barrier broke) or {@link
   * Status#CLOSED}. Timeout in nanoseconds, negative for none, zero breaks the barrier unless
   * this is the last party.
   */
  CompletableFuture<Long> await(long ticket, long timeoutNanos);

  /**
   * As {@link #await}, for a party with a barrier action: if this party trips the barrier, the reply
   * is {@link Status#TRIP} and the other parties stay parked until it reports {@link #tripped}.
   */
  CompletableFuture<Long> awaitWithAction(long ticket, long timeoutNanos);

  /**
   * Reports that the party whose {@link #awaitWithAction} {@code ticket} got {@link Status#TRIP} ran
   * its action: {@code ok} releases the other parties, otherwise the barrier breaks. {@link
   * Status#OK}, or {@link Status#BROKEN} if the barrier was broken (reset, aborted) meanwhile.
   */
  long tripped(long ticket, boolean ok);

  /** Cancels the caller's parked wait {@code ticket}, breaking the barrier; whether it was parked. */
  boolean cancel(long ticket);

  /** Breaks the barrier for the parties waiting, then makes it usable again. */
  void reset();

  /** Breaks the barrier: every wait, now and later until a reset, fails. */
  void abort();

  /** The number of parties that trip the barrier. */
  int parties();

  /** The parties waiting now. */
  int numberWaiting();

  /** Whether a timeout, an interrupt, a departed party or {@link #abort()} broke the barrier. */
  boolean isBroken();
}
