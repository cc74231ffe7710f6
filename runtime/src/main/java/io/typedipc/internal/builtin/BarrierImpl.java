package io.typedipc.internal.builtin;

import io.typedipc.Caller;
import java.util.ArrayList;
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
  private final List<PartyWait> waiting = new ArrayList<>();
  private boolean broken;
  private boolean closed;

  private static final class PartyWait extends Wait<Long> {
    final long index;

    PartyWait(Caller caller, long ticket, long index) {
      super(caller, ticket);
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
    Completions done = new Completions();
    CompletableFuture<Long> result;
    synchronized (this) {
      if (closed || !caller.isConnected()) {
        return CompletableFuture.completedFuture(Status.CLOSED);
      }
      if (broken) {
        return CompletableFuture.completedFuture(Status.BROKEN);
      }
      long index = parties - 1 - waiting.size();
      if (index == 0) {
        for (PartyWait w : waiting) {
          w.disarm();
          done.add(w.future, w.index);
        }
        waiting.clear();
        result = CompletableFuture.completedFuture(0L);
      } else if (timeoutNanos == 0) {
        breakBarrier(done, null);
        result = CompletableFuture.completedFuture(Status.TIMED_OUT);
      } else {
        PartyWait w = new PartyWait(caller, ticket, index);
        waiting.add(w);
        if (timeoutNanos > 0) {
          w.arm(timeoutNanos, () -> end(w, Status.TIMED_OUT));
        }
        result = w.future;
      }
    }
    done.run();
    return result;
  }

  /** Breaks the barrier: every waiter but {@code except} gets {@link Status#BROKEN}. */
  private void breakBarrier(Completions done, PartyWait except) {
    broken = true;
    for (PartyWait w : waiting) {
      w.disarm();
      if (w != except) {
        done.add(w.future, Status.BROKEN);
      }
    }
    waiting.clear();
  }

  /** Ends {@code w} with {@code status} if it still waits, breaking the barrier for the others. */
  private boolean end(PartyWait w, long status) {
    Completions done = new Completions();
    synchronized (this) {
      if (!waiting.contains(w)) {
        return false;
      }
      breakBarrier(done, w);
      done.add(w.future, status);
    }
    done.run();
    return true;
  }

  @Override
  public boolean cancel(long ticket) {
    String client = Caller.current().id();
    PartyWait found = null;
    synchronized (this) {
      for (PartyWait w : waiting) {
        if (w.is(client, ticket)) {
          found = w;
          break;
        }
      }
    }
    return found != null && end(found, Status.CANCELLED);
  }

  @Override
  public void reset() {
    Completions done = new Completions();
    synchronized (this) {
      breakBarrier(done, null);
      broken = false;
    }
    done.run();
  }

  @Override
  public void abort() {
    Completions done = new Completions();
    synchronized (this) {
      breakBarrier(done, null);
    }
    done.run();
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
    Completions done = new Completions();
    synchronized (this) {
      boolean waited = false;
      for (PartyWait w : waiting) {
        if (w.client.equals(id)) {
          waited = true;
          w.disarm();
          done.add(w.future, Status.CLOSED);
        }
      }
      if (waited) {
        waiting.removeIf(w -> w.client.equals(id));
        breakBarrier(done, null);
      }
    }
    done.run();
  }

  @Override
  public void closeWaits() {
    Completions done = new Completions();
    synchronized (this) {
      closed = true;
      for (PartyWait w : waiting) {
        w.disarm();
        done.add(w.future, Status.CLOSED);
      }
      waiting.clear();
    }
    done.run();
  }
}
