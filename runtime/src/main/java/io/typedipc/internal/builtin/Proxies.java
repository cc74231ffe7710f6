package io.typedipc.internal.builtin;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * How a client-side facade reaches its object in the Manager, and the protocol of a call that may
 * park there: the interrupt is checked first, the call carries a fresh ticket, an interrupt while
 * it is parked withdraws it by {@code cancel(ticket)}, and the Manager's reply is always awaited —
 * it is the only word on whether the call got through (see {@link Waiting#reply}).
 *
 * @param <O> the wire interface
 */
final class Proxies<O> {
  /** Starts a call that may park, on {@code proxy}, named {@code ticket}. */
  @FunctionalInterface
  interface Parking<O, T> {
    CompletableFuture<T> start(O proxy, long ticket);
  }

  /** Withdraws the caller's parked call {@code ticket} (the wire interface's {@code cancel}). */
  @FunctionalInterface
  interface Cancel<O> {
    boolean cancel(O wire, long ticket);
  }

  /** The object with the client's call timeout, for calls that do not wait. */
  final O wire;
  /** The same object without a call deadline, for calls that may park: the Manager times them. */
  final O patient;
  private final Cancel<O> cancel;

  /**
   * @param wire a proxy with the client's call timeout
   * @param patient a proxy of the same object without a call deadline
   * @param cancel the wire interface's {@code cancel}, made through {@code wire}
   */
  Proxies(O wire, O patient, Cancel<O> cancel) {
    this.wire = Objects.requireNonNull(wire, "wire");
    this.patient = Objects.requireNonNull(patient, "patient");
    this.cancel = cancel;
  }

  /**
   * The proxy for a wait of {@code nanos}: an attempt that must not wait (0) keeps the call
   * timeout, any other wait goes without a client-side deadline.
   */
  O forWait(long nanos) {
    return nanos == 0 ? wire : patient;
  }

  /**
   * Makes one call that may park, through {@code proxy}, and returns the Manager's reply. If
   * {@code interruptible}, throws {@link InterruptedException} at once when the thread is
   * interrupted, and an interrupt while parked withdraws the call (the reply then says {@link
   * Status#CANCELLED} unless the call completed first); otherwise an interrupt is only kept. The
   * interrupt status is set again on return.
   */
  <T> T park(O proxy, boolean interruptible, Parking<O, T> call) throws InterruptedException {
    if (interruptible) {
      Waiting.checkInterrupt();
    }
    long ticket = Waiting.ticket();
    CompletableFuture<T> reply = call.start(proxy, ticket);
    return Waiting.reply(reply, interruptible ? () -> cancel.cancel(wire, ticket) : null);
  }

  /**
   * {@link #park} through {@link #forWait}{@code (nanos)} for a {@link Status}, which comes back
   * {@linkplain Waiting#check checked}: {@link Status#CANCELLED} and {@link Status#CLOSED} are
   * thrown, {@code waiting} saying what was going on for the latter.
   */
  long status(long nanos, boolean interruptible, Parking<O, Long> call, Supplier<String> waiting)
      throws InterruptedException {
    return Waiting.check(park(forWait(nanos), interruptible, call), waiting);
  }
}
