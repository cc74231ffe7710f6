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
   * Withdraws the disconnect actions this object registered with its clients' sessions: it was
   * removed, and a client's session must not keep it reachable. (An object hosted on the fly and
   * released keeps them: a client may still hold a lock in it, which its departure must release if
   * the object is hosted again.)
   */
  void forgetClients();
}
