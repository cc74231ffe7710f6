package io.typedipc.internal.builtin;

import io.typedipc.Caller;
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
        for (PartyWait w : waiting) {
          w.end(w.index, done);
        }
        waiting.clear();
        return CompletableFuture.completedFuture(0L);
      }
      if (timeoutNanos == 0) {
        breakBarrier(done);
        return CompletableFuture.completedFuture(Status.TIMED_OUT);
      }
      return waiting.park(new PartyWait(caller, ticket, index), timeoutNanos, w -> end(w, Status.TIMED_OUT)).future;
    });
  }

  /** Breaks the barrier: every waiter gets {@link Status#BROKEN}. */
  private void breakBarrier(Completions done) {
    broken = true;
    waiting.endAll(Status.BROKEN, done);
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
      if (waiting.dropClient(id, done)) {
        breakBarrier(done);
      }
    });
  }

  @Override
  public void closeWaits() {
    Completions.run(this, done -> {
      closed = true;
      waiting.endAll(Status.CLOSED, done);
    });
  }
}
