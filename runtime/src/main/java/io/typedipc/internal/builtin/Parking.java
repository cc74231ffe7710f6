package io.typedipc.internal.builtin;

/**
 * A built-in object that parks waiting calls (lock acquires, queue gets, barrier waits, …). The
 * Manager tells it when it starts closing, so that parked calls end at once with {@link
 * Status#CLOSED} instead of holding the close up for its whole timeout.
 */
public interface Parking {
  /** Ends every parked call with {@link Status#CLOSED}; later waits end the same way at once. */
  void closeWaits();
}
