package io.typedipc.internal.builtin;

import io.typedipc.internal.server.WithdrawsWaits;

/**
 * A built-in object that parks waiting calls (lock acquires, queue gets, barrier waits, …). The
 * Manager tells it when it starts closing, so that parked calls end at once with {@link
 * Status#CLOSED} instead of holding the close up for its whole timeout; and it withdraws the
 * parked calls of a connection that ended ({@link WithdrawsWaits}).
 */
public interface Parking extends WithdrawsWaits {
  /** Ends every parked call with {@link Status#CLOSED}; later waits end the same way at once. */
  void closeWaits();

  /**
   * Withdraws the disconnect actions this object registered with its clients' sessions: it is no
   * longer hosted (removed, or released by every client), and a client's session must not keep it
   * reachable. If it is hosted again, it registers them again as clients call it.
   */
  void forgetClients();
}
