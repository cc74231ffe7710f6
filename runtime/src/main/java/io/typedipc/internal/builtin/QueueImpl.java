package io.typedipc.internal.builtin;

import io.typedipc.Caller;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * A FIFO queue of values hosted by the Manager — the server side of {@code SharedQueue} and {@code
 * JoinableQueue}, with Python's {@code queue.Queue} rules. Parked puts and gets are served in
 * arrival order; a put that finds a parked get hands its element over directly.
 */
final class QueueImpl<E> implements QueueWire<E>, JoinableQueueWire<E>, Parking {
  /** How many elements a queue created without a capacity holds at most. */
  static final int UNBOUNDED_LIMIT = 1 << 20;

  private final int capacity;
  private final int limit;
  private final Clients clients = new Clients(this, this::clientGone);
  private final ArrayDeque<E> items = new ArrayDeque<>();
  private final WaitQueue<PutWait<E>> putters = new WaitQueue<>();
  private final WaitQueue<Wait<Polled<E>>> getters = new WaitQueue<>();
  private final WaitQueue<Wait<Long>> joiners = new WaitQueue<>();
  private long unfinished;
  private boolean closed;

  private static final class PutWait<E> extends Wait<Long> {
    final E element;

    PutWait(Caller caller, long ticket, E element) {
      super(caller, ticket, STATUS);
      this.element = element;
    }
  }

  QueueImpl(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("a queue's capacity must not be negative: " + capacity);
    }
    this.capacity = capacity;
    this.limit = capacity == 0 ? UNBOUNDED_LIMIT : capacity;
  }

  @Override
  public CompletableFuture<Long> put(long ticket, E element, long timeoutNanos) {
    if (element == null) {
      throw new NullPointerException("a queue element must not be null");
    }
    Caller caller = clients.track();
    return Completions.call(this, done -> {
      if (closed || !caller.isConnected()) {
        return CompletableFuture.completedFuture(Status.CLOSED);
      }
      if (putters.isEmpty() && items.size() < limit) {
        enqueue(element, done);
        return CompletableFuture.completedFuture(Status.OK);
      }
      if (timeoutNanos == 0) {
        return CompletableFuture.completedFuture(Status.NO);
      }
      return putters.park(new PutWait<>(caller, ticket, element), timeoutNanos, w -> timedOut(putters, w)).future;
    });
  }

  /** Adds an element: to the first parked get whose client is still there, or to the queue. */
  private void enqueue(E element, Completions done) {
    unfinished++;
    while (!getters.isEmpty()) {
      Wait<Polled<E>> g = getters.poll();
      if (g.caller.isConnected()) {
        g.complete(new Polled<>(Status.OK, element), done);
        return;
      }
      g.end(Status.CLOSED, done);
    }
    items.add(element);
  }

  /** Moves parked puts into the queue while there is room. */
  private void admitPutters(Completions done) {
    while (!putters.isEmpty() && items.size() < limit) {
      PutWait<E> p = putters.poll();
      enqueue(p.element, done);
      p.end(Status.OK, done);
    }
  }

  @Override
  public CompletableFuture<Polled<E>> get(long ticket, long timeoutNanos) {
    Caller caller = clients.track();
    return Completions.call(this, done -> {
      if (closed || !caller.isConnected()) {
        return CompletableFuture.completedFuture(new Polled<>(Status.CLOSED, null));
      }
      if (!items.isEmpty()) {
        E head = items.poll();
        admitPutters(done);
        return CompletableFuture.completedFuture(new Polled<>(Status.OK, head));
      }
      if (timeoutNanos == 0) {
        return CompletableFuture.completedFuture(new Polled<>(Status.NO, null));
      }
      Wait<Polled<E>> w = new Wait<>(caller, ticket, status -> new Polled<>(status, null));
      return getters.park(w, timeoutNanos, g -> timedOut(getters, g)).future;
    });
  }

  private <W extends Wait<?>> void timedOut(WaitQueue<W> waits, W w) {
    Completions.run(this, done -> waits.end(w, Status.NO, done));
  }

  @Override
  public boolean cancel(long ticket) {
    String client = Caller.current().id();
    return Completions.call(this, done -> putters.cancel(client, ticket, done)
        || getters.cancel(client, ticket, done)
        || joiners.cancel(client, ticket, done));
  }

  @Override
  public synchronized int size() {
    return items.size();
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public synchronized boolean isFull() {
    return items.size() >= limit || !putters.isEmpty();
  }

  @Override
  public long taskDone() {
    return Completions.call(this, done -> {
      if (unfinished == 0) {
        return Status.TOO_MANY;
      }
      if (--unfinished == 0) {
        joiners.endAll(Status.OK, done);
      }
      return Status.OK;
    });
  }

  @Override
  public CompletableFuture<Long> join(long ticket, long timeoutNanos) {
    Caller caller = clients.track();
    synchronized (this) {
      if (closed || !caller.isConnected()) {
        return CompletableFuture.completedFuture(Status.CLOSED);
      }
      if (unfinished == 0) {
        return CompletableFuture.completedFuture(Status.OK);
      }
      if (timeoutNanos == 0) {
        return CompletableFuture.completedFuture(Status.NO);
      }
      return joiners.park(Wait.forStatus(caller, ticket), timeoutNanos, w -> timedOut(joiners, w)).future;
    }
  }

  @Override
  public synchronized long unfinishedTasks() {
    return unfinished;
  }

  private void clientGone(String id) {
    Completions.run(this, done -> {
      putters.dropClient(id, done);
      getters.dropClient(id, done);
      joiners.dropClient(id, done);
      admitPutters(done);
    });
  }

  @Override
  public void withdraw(Object connection) {
    Completions.run(this, done -> {
      putters.withdraw(connection, done); // its element is not put
      getters.withdraw(connection, done); // no element goes to it
      joiners.withdraw(connection, done);
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
      putters.endAll(Status.CLOSED, done);
      getters.endAll(Status.CLOSED, done);
      joiners.endAll(Status.CLOSED, done);
    });
  }
}
