package io.typedipc.internal.builtin;

import io.typedipc.Caller;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A cyclic barrier hosted by the Manager — the server side of {@code SharedBarrier}, with {@link
 * java.util.concurrent.CyclicBarrier}'s rules: a wait that times out or is cancelled breaks the
 * barrier for every party, a party whose client disconnects or dies while waiting breaks it too.
 */
final class BarrierImpl implements BarrierWire, Parking {
  private final int parties;
  private final Clients clients = new Clients(this, this::clientGone);
  private final WaitQueue<PartyWait> waiting = new WaitQueue<>();
  private boolean broken;
  private boolean closed;
  /** Generations tripped by a party whose action runs now; their other parties wait for it. */
  private final List<Trip> trips = new ArrayList<>();

  /** A tripped generation whose tripping party runs its barrier action. */
  private record Trip(String client, long ticket, List<PartyWait> parties) {}

  private static final class PartyWait extends Wait<Long> {
    final long index;

    PartyWait(Caller caller, long ticket, long index) {
      super(caller, ticket, STATUS);
      this.index = index;
    }
  }

  BarrierImpl(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("a barrier needs at least one party: " + parties);
    }
    this.parties = parties;
  }

  @Override
  public CompletableFuture<Long> await(long ticket, long timeoutNanos) {
    return await(ticket, timeoutNanos, false);
  }

  @Override
  public CompletableFuture<Long> awaitWithAction(long ticket, long timeoutNanos) {
    return await(ticket, timeoutNanos, true);
  }

  private CompletableFuture<Long> await(long ticket, long timeoutNanos, boolean action) {
    Caller caller = clients.track();
    return Completions.call(this, done -> {
      if (closed || !caller.isConnected()) {
        return CompletableFuture.completedFuture(Status.CLOSED);
      }
      if (broken) {
        return CompletableFuture.completedFuture(Status.BROKEN);
      }
      long index = parties - 1 - waiting.size();
      if (index == 0) {
        List<PartyWait> parties = new ArrayList<>();
        for (PartyWait w : waiting) {
          w.disarm(); // tripped: a timeout no longer applies
          parties.add(w);
        }
        waiting.clear();
        if (action) { // the others are released when the action has run
          trips.add(new Trip(caller.id(), ticket, parties));
          return CompletableFuture.completedFuture(Status.TRIP);
        }
        for (PartyWait w : parties) {
          w.end(w.index, done);
        }
        return CompletableFuture.completedFuture(0L);
      }
      if (timeoutNanos == 0) {
        breakBarrier(done);
        return CompletableFuture.completedFuture(Status.TIMED_OUT);
      }
      return waiting.park(new PartyWait(caller, ticket, index), timeoutNanos, w -> end(w, Status.TIMED_OUT)).future;
    });
  }

  /** Breaks the barrier: every waiter, and every party of a pending trip, gets {@link Status#BROKEN}. */
  private void breakBarrier(Completions done) {
    broken = true;
    waiting.endAll(Status.BROKEN, done);
    endTrips(Status.BROKEN, done);
  }

  /** Ends the parties of every pending trip with {@code status}. */
  private void endTrips(long status, Completions done) {
    for (Trip trip : trips) {
      for (PartyWait w : trip.parties()) {
        w.end(status, done);
      }
    }
    trips.clear();
  }

  @Override
  public long tripped(long ticket, boolean ok) {
    String client = Caller.current().id();
    return Completions.call(this, done -> {
      Trip trip = removeTrip(t -> t.client().equals(client) && t.ticket() == ticket);
      if (trip == null) {
        return Status.BROKEN; // broken, reset or aborted while the action ran
      }
      if (!ok) {
        trips.add(trip); // broken with the rest
        breakBarrier(done);
        return Status.BROKEN;
      }
      for (PartyWait w : trip.parties()) {
        w.end(w.index, done);
      }
      return Status.OK;
    });
  }

  /** Removes and returns the first pending trip that matches, or null. */
  private Trip removeTrip(java.util.function.Predicate<Trip> match) {
    for (Iterator<Trip> it = trips.iterator(); it.hasNext(); ) {
      Trip t = it.next();
      if (match.test(t)) {
        it.remove();
        return t;
      }
    }
    return null;
  }

  /** Ends {@code w} with {@code status} if it still waits, breaking the barrier for the others. */
  private boolean end(PartyWait w, long status) {
    return Completions.call(this, done -> {
      if (!waiting.remove(w)) {
        return false;
      }
      breakBarrier(done);
      w.end(status, done);
      return true;
    });
  }

  @Override
  public boolean cancel(long ticket) {
    String client = Caller.current().id();
    PartyWait found;
    synchronized (this) {
      found = waiting.find(client, ticket);
    }
    return found != null && end(found, Status.CANCELLED);
  }

  @Override
  public void reset() {
    Completions.run(this, done -> {
      breakBarrier(done);
      broken = false;
    });
  }

  @Override
  public void abort() {
    Completions.run(this, this::breakBarrier);
  }

  @Override
  public int parties() {
    return parties;
  }

  @Override
  public synchronized int numberWaiting() {
    return waiting.size();
  }

  @Override
  public synchronized boolean isBroken() {
    return broken;
  }

  private void clientGone(String id) {
    Completions.run(this, done -> {
      boolean tripping = trips.stream().anyMatch(t -> t.client().equals(id)); // its action will never report
      if (waiting.dropClient(id, done) || tripping) {
        breakBarrier(done);
      }
    });
  }

  /** A withdrawn party will never arrive: the barrier breaks for the others, as when a client goes. */
  @Override
  public void withdraw(Object connection) {
    Completions.run(this, done -> {
      if (waiting.withdraw(connection, done)) {
        breakBarrier(done);
      }
    });
  }

  @Override
  public void forgetClients() {
    clients.forgetAll();
  }

  @Override
  public void closeWaits() {
    Completions.run(this, done -> {
      closed = true;
      waiting.endAll(Status.CLOSED, done);
      endTrips(Status.CLOSED, done);
    });
  }
}
