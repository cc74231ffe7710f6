package io.typedipc.internal.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls parked in the whole Manager ({@code maxParkedCallsTotal}): each connection may always
 * park its first {@link #floor} calls (the bound divided by {@code maxConnections}), whatever the
 * others do; the calls it parks beyond those draw on a pool of the bound's size, shared by all
 * connections, and a call that finds the pool used up is refused. So one client opening many
 * connections cannot fill the Manager's heap with {@code maxParkedCalls} on each, a client that
 * parks a few calls per connection is never refused because of another, and the Manager holds at
 * most twice the bound (the floors of {@code maxConnections} connections, and the pool). A call is
 * counted from when it is read, before it runs, so calls whose future completes at once reach the
 * shared count only while more than a floor of them wait unanswered (pipelined behind a busy
 * object); the usual traffic — such calls answered as they come, a few waits per connection —
 * never touches it.
 */
final class ParkedCallBudget {
  private final int max;
  private final int floor;
  /** Calls parked beyond their connection's floor, refused ones included until they are given back. */
  private final AtomicInteger pooled = new AtomicInteger();

  ParkedCallBudget(int max, int maxConnections) {
    this.max = max;
    this.floor = Math.max(1, max / maxConnections);
  }

  /**
   * Counts the call a connection just parked, its {@code held}-th (this one included).
   *
   * @return whether the connection may keep it; either way the call is given back with {@link
   *     #released} when it ends or is refused
   */
  boolean admit(int held) {
    return held <= floor || pooled.incrementAndGet() <= max;
  }

  /** Gives back a call of a connection that held {@code held} before it ended (this one included). */
  void released(int held) {
    if (held > floor) {
      pooled.decrementAndGet();
    }
  }

  /** The calls each connection may always park. */
  int floor() {
    return floor;
  }

  /** The bound. */
  int max() {
    return max;
  }
}
