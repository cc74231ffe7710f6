package io.typedipc.internal.server;

import java.time.Duration;

/**
 * At most one log line per interval about one kind of event that a peer can cause as often as it
 * likes (failed authentications, refused calls), counting the events left out in between.
 */
final class LogThrottle {
  private final long everyNanos;
  private long loggedAt;
  private int unlogged;

  LogThrottle(Duration every) {
    this.everyNanos = every.toNanos();
    this.loggedAt = System.nanoTime() - everyNanos; // the first event is logged
  }

  /**
   * Counts an event.
   *
   * @return -1 if it is left out, else how many were left out since the last line (log this one)
   */
  synchronized int admit() {
    long now = System.nanoTime();
    if (now - loggedAt < everyNanos) {
      unlogged++;
      return -1;
    }
    loggedAt = now;
    int left = unlogged;
    unlogged = 0;
    return left;
  }
}
