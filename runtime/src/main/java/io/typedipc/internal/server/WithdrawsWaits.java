package io.typedipc.internal.server;

/**
 * A hosted object that parks calls (the built-ins: lock, semaphore, queue, event, barrier; a
 * channel's queue), each wait remembering the connection it came through ({@link
 * CurrentCaller#connection()}).
 *
 * <p>A client's connections share one session, so a connection can end while its client stays
 * connected (the Manager closed it for a protocol error, or the network cut just that one). Its
 * parked calls then fail on the client with {@code ConnectionLostException}; the Manager withdraws
 * them here, so that nothing (a lock, permits, an element, messages, places) is granted afterwards
 * to a call whose caller was told its connection is gone, and nothing of it stays parked while
 * the client's other connections keep its session alive.
 */
public interface WithdrawsWaits {
  /**
   * Removes the waits parked through {@code connection} and ends them without granting anything
   * (their replies go nowhere); there may be none.
   */
  void withdraw(Object connection);
}
