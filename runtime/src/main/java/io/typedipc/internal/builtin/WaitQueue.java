package io.typedipc.internal.builtin;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The parked waits of one kind on a built-in object (a lock's acquires, a queue's gets, …) in
 * arrival order, with what every object does to them: park one with its timer, find and cancel one
 * by ticket, drop those of a client that went away, end them all. Not thread-safe: the owning
 * object's monitor guards it, and ended waits go to a {@link Completions} to be replied to once
 * that monitor is released.
 *
 * @param <W> the kind of wait
 */
final class WaitQueue<W extends Wait<?>> implements Iterable<W> {
  private final ArrayDeque<W> waits = new ArrayDeque<>();

  /**
   * Parks {@code w} at the end and, if {@code timeoutNanos} is positive, arms its timer to run
   * {@code onTimeout} with it (which must check that it still waits). Returns {@code w}.
   */
  W park(W w, long timeoutNanos, Consumer<? super W> onTimeout) {
    waits.add(w);
    if (timeoutNanos > 0) {
      w.arm(timeoutNanos, () -> onTimeout.accept(w));
    }
    return w;
  }

  /** Adds {@code w} at the end without touching its timer. */
  void add(W w) {
    waits.add(w);
  }

  W peek() {
    return waits.peek();
  }

  W poll() {
    return waits.poll();
  }

  /** Removes {@code w}; whether it was here. */
  boolean remove(W w) {
    return waits.remove(w);
  }

  boolean isEmpty() {
    return waits.isEmpty();
  }

  int size() {
    return waits.size();
  }

  /** In arrival order; the iterator may remove. */
  @Override
  public Iterator<W> iterator() {
    return waits.iterator();
  }

  /** The wait of {@code client} named {@code ticket}, or {@code null}. */
  W find(String client, long ticket) {
    for (W w : waits) {
      if (w.is(client, ticket)) {
        return w;
      }
    }
    return null;
  }

  /** Ends {@code w} with {@code status} if it still waits here (removing it); whether it did. */
  boolean end(W w, long status, Completions done) {
    if (!waits.remove(w)) {
      return false;
    }
    w.end(status, done);
    return true;
  }

  /**
   * Removes the wait of {@code client} named {@code ticket} and ends it with {@link
   * Status#CANCELLED}; whether it was here.
   */
  boolean cancel(String client, long ticket, Completions done) {
    W w = find(client, ticket);
    if (w == null) {
      return false;
    }
    waits.remove(w);
    w.end(Status.CANCELLED, done);
    return true;
  }

  /**
   * Removes every wait of {@code client}, which is gone, ending each with {@link Status#CLOSED};
   * whether it had any.
   */
  boolean dropClient(String client, Completions done) {
    boolean dropped = false;
    for (Iterator<W> it = waits.iterator(); it.hasNext(); ) {
      W w = it.next();
      if (w.client.equals(client)) {
        it.remove();
        w.end(Status.CLOSED, done);
        dropped = true;
      }
    }
    return dropped;
  }

  /**
   * Removes every wait parked through {@code connection}, which ended (see {@link
   * io.typedipc.internal.server.WithdrawsWaits}), ending each with {@link Status#CLOSED}; whether
   * there was any.
   */
  boolean withdraw(Object connection, Completions done) {
    boolean withdrawn = false;
    for (Iterator<W> it = waits.iterator(); it.hasNext(); ) {
      W w = it.next();
      if (w.connection == connection) {
        it.remove();
        w.end(Status.CLOSED, done);
        withdrawn = true;
      }
    }
    return withdrawn;
  }

  /** Empties the queue, leaving the waits as they are (the caller has ended them). */
  void clear() {
    waits.clear();
  }

  /** Ends every wait with {@code status}, in arrival order, and empties the queue. */
  void endAll(long status, Completions done) {
    for (W w : waits) {
      w.end(status, done);
    }
    waits.clear();
  }
}
