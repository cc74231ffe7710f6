package io.typedipc.internal.builtin;

import io.typedipc.Caller;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A counting semaphore hosted by the Manager, bounded or not — the server side of {@code
 * SharedSemaphore} and {@code SharedBoundedSemaphore}.
 *
 * <p>Acquires are granted in arrival order (a parked acquire of many permits holds up later ones,
 * as in a fair {@link java.util.concurrent.Semaphore}). Permits are counted per client: a client's
 * release first gives back its own. When a client disconnects or dies, the permits it still holds
 * come back — but never so many that the available permits exceed the initial value (a semaphore
 * used as a signal, starting at 0, gets nothing back) — and are marked recovered: the acquire that
 * takes one reports {@link Status#ABANDONED}.
 */
final class SemaphoreImpl implements SemaphoreWire, BoundedSemaphoreWire, Parking {
  private final int initial;
  private final boolean bounded;
  private final Clients clients = new Clients(this, this::clientGone);
  private int available;
  /** How many of the available permits came back from dead holders. */
  private int recovered;
  private final Map<String, Integer> held = new HashMap<>();
  private final WaitQueue<PermitWait> queue = new WaitQueue<>();
  private boolean closed;

  private static final class PermitWait extends Wait<Long> {
    final int permits;

    PermitWait(Caller caller, long ticket, int permits) {
      super(caller, ticket, STATUS);
      this.permits = permits;
    }
  }

  SemaphoreImpl(int initial, boolean bounded) {
    if (initial < 0) {
      throw new IllegalArgumentException("a semaphore's initial value must not be negative: " + initial);
    }
    this.initial = initial;
    this.available = initial;
    this.bounded = bounded;
  }

  @Override
  public CompletableFuture<Long> acquire(long ticket, int permits, long timeoutNanos) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be positive: " + permits);
    }
    Caller caller = clients.track();
    synchronized (this) {
      if (closed || !caller.isConnected()) {
        return CompletableFuture.completedFuture(Status.CLOSED);
      }
      if (queue.isEmpty() && available >= permits) {
        return CompletableFuture.completedFuture(take(caller.id(), permits));
      }
      if (timeoutNanos == 0) {
        return CompletableFuture.completedFuture(Status.NO);
      }
      return queue.park(new PermitWait(caller, ticket, permits), timeoutNanos, this::timedOut).future;
    }
  }

  private long take(String client, int permits) {
    available -= permits;
    held.merge(client, permits, Integer::sum);
    if (recovered > 0) {
      recovered = Math.max(0, recovered - permits);
      return Status.OK | Status.ABANDONED;
    }
    return Status.OK;
  }

  private void handOff(Completions done) {
    while (!queue.isEmpty() && queue.peek().permits <= available) {
      PermitWait w = queue.poll();
      w.end(w.caller.isConnected() ? take(w.client, w.permits) : Status.CLOSED, done);
    }
  }

  private void timedOut(PermitWait w) {
    Completions.run(this, done -> {
      boolean first = queue.peek() == w;
      if (queue.remove(w)) {
        w.end(Status.NO, done);
        if (first) {
          handOff(done); // a smaller acquire behind it may fit now
        }
      }
    });
  }

  @Override
  public long release(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be positive: " + permits);
    }
    String client = Caller.current().id();
    return Completions.call(this, done -> {
      if (bounded && (long) available + permits > initial) {
        return Status.TOO_MANY;
      }
      if ((long) available + permits > Integer.MAX_VALUE) {
        return Status.TOO_MANY; // as the cluster's semaphore: IllegalStateException on the client
      }
      Integer mine = held.get(client);
      if (mine != null) {
        if (mine > permits) {
          held.put(client, mine - permits);
        } else {
          held.remove(client);
        }
      }
      available += permits;
      handOff(done);
      return Status.OK;
    });
  }

  @Override
  public boolean cancel(long ticket) {
    String client = Caller.current().id();
    return Completions.call(this, done -> {
      boolean found = queue.cancel(client, ticket, done);
      if (found) {
        handOff(done);
      }
      return found;
    });
  }

  @Override
  public synchronized int availablePermits() {
    return available;
  }

  @Override
  public synchronized int queueLength() {
    return queue.size();
  }

  private void clientGone(String id) {
    Completions.run(this, done -> {
      queue.dropClient(id, done);
      Integer mine = held.remove(id);
      if (mine != null) {
        int back = Math.min(mine, Math.max(0, initial - available));
        available += back;
        recovered += back;
      }
      handOff(done);
    });
  }

  @Override
  public void withdraw(Object connection) {
    Completions.run(this, done -> {
      if (queue.withdraw(connection, done)) {
        handOff(done); // a smaller acquire behind a withdrawn one may fit now
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
      queue.endAll(Status.CLOSED, done);
    });
  }
}
