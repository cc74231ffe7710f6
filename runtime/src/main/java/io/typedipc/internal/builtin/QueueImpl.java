package io.typedipc.internal.builtin;

import io.typedipc.Caller;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
  private final ArrayDeque<PutWait<E>> putters = new ArrayDeque<>();
  private final ArrayDeque<Wait<Polled<E>>> getters = new ArrayDeque<>();
  private final List<Wait<Long>> joiners = new ArrayList<>();
  private long unfinished;
  private boolean closed;

  private static final class PutWait<E> extends Wait<Long> {
    final E element;

    PutWait(Caller caller, long ticket, E element) {
      super(caller, ticket);
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
    Completions done = new Completions();
    CompletableFuture<Long> result;
    synchronized (this) {
      if (closed || !caller.isConnected()) {
        return CompletableFuture.completedFuture(Status.CLOSED);
      }
      if (putters.isEmpty() && items.size() < limit) {
        enqueue(element, done);
        result = CompletableFuture.completedFuture(Status.OK);
      } else if (timeoutNanos == 0) {
        result = CompletableFuture.completedFuture(Status.NO);
      } else {
        PutWait<E> w = new PutWait<>(caller, ticket, element);
        putters.add(w);
        if (timeoutNanos > 0) {
          w.arm(timeoutNanos, () -> timedOut(w));
        }
        result = w.future;
      }
    }
    done.run();
    return result;
  }

  /** Adds an element: to the first parked get whose client is still there, or to the queue. */
  private void enqueue(E element, Completions done) {
    unfinished++;
    while (!getters.isEmpty()) {
      Wait<Polled<E>> g = getters.poll();
      g.disarm();
      if (g.caller.isConnected()) {
        done.add(g.future, new Polled<>(Status.OK, element));
        return;
      }
      done.add(g.future, new Polled<>(Status.CLOSED, null));
    }
    items.add(element);
  }

  /** Moves parked puts into the queue while there is room. */
  private void admitPutters(Completions done) {
    while (!putters.isEmpty() && items.size() < limit) {
      PutWait<E> p = putters.poll();
      p.disarm();
      enqueue(p.element, done);
      done.add(p.future, Status.OK);
    }
  }

  @Override
  public CompletableFuture<Polled<E>> get(long ticket, long timeoutNanos) {
    Caller caller = clients.track();
    Completions done = new Completions();
    CompletableFuture<Polled<E>> result;
    synchronized (this) {
      if (closed || !caller.isConnected()) {
        return CompletableFuture.completedFuture(new Polled<>(Status.CLOSED, null));
      }
      if (!items.isEmpty()) {
        E head = items.poll();
        admitPutters(done);
        result = CompletableFuture.completedFuture(new Polled<>(Status.OK, head));
      } else if (timeoutNanos == 0) {
        result = CompletableFuture.completedFuture(new Polled<>(Status.NO, null));
      } else {
        Wait<Polled<E>> w = new Wait<>(caller, ticket);
        getters.add(w);
        if (timeoutNanos > 0) {
          w.arm(timeoutNanos, () -> timedOut(w));
        }
        result = w.future;
      }
    }
    done.run();
    return result;
  }

  private void timedOut(Wait<?> w) {
    Completions done = new Completions();
    synchronized (this) {
      endWait(w, Status.NO, done);
    }
    done.run();
  }

  /** Removes {@code w} from whichever list it waits in and ends it with {@code status}. */
  @SuppressWarnings("unchecked")
  private boolean endWait(Wait<?> w, long status, Completions done) {
    if (putters.remove(w)) {
      w.disarm();
      done.add((CompletableFuture<Long>) w.future, status);
      return true;
    }
    if (getters.remove(w)) {
      w.disarm();
      done.add((CompletableFuture<Polled<E>>) w.future, new Polled<>(status, null));
      return true;
    }
    if (joiners.remove(w)) {
      w.disarm();
      done.add((CompletableFuture<Long>) w.future, status);
      return true;
    }
    return false;
  }

  @Override
  public boolean cancel(long ticket) {
    String client = Caller.current().id();
    Completions done = new Completions();
    boolean found = false;
    synchronized (this) {
      Wait<?> w = find(client, ticket);
      if (w != null) {
        found = endWait(w, Status.CANCELLED, done);
      }
    }
    done.run();
    return found;
  }

  private Wait<?> find(String client, long ticket) {
    for (Wait<?> w : putters) {
      if (w.is(client, ticket)) {
        return w;
      }
    }
    for (Wait<?> w : getters) {
      if (w.is(client, ticket)) {
        return w;
      }
    }
    for (Wait<?> w : joiners) {
      if (w.is(client, ticket)) {
        return w;
      }
    }
    return null;
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
    Completions done = new Completions();
    synchronized (this) {
      if (unfinished == 0) {
        return Status.TOO_MANY;
      }
      if (--unfinished == 0) {
        for (Wait<Long> j : joiners) {
          j.disarm();
          done.add(j.future, Status.OK);
        }
        joiners.clear();
      }
    }
    done.run();
    return Status.OK;
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
      Wait<Long> w = new Wait<>(caller, ticket);
      joiners.add(w);
      if (timeoutNanos > 0) {
        w.arm(timeoutNanos, () -> timedOut(w));
      }
      return w.future;
    }
  }

  @Override
  public synchronized long unfinishedTasks() {
    return unfinished;
  }

  private void clientGone(String id) {
    Completions done = new Completions();
    synchronized (this) {
      List<Wait<?>> theirs = new ArrayList<>();
      for (Iterator<? extends Wait<?>> it = putters.iterator(); it.hasNext(); ) {
        Wait<?> w = it.next();
        if (w.client.equals(id)) {
          theirs.add(w);
        }
      }
      getters.stream().filter(w -> w.client.equals(id)).forEach(theirs::add);
      joiners.stream().filter(w -> w.client.equals(id)).forEach(theirs::add);
      for (Wait<?> w : theirs) {
        endWait(w, Status.CLOSED, done);
      }
      admitPutters(done);
    }
    done.run();
  }

  @Override
  public void closeWaits() {
    Completions done = new Completions();
    synchronized (this) {
      closed = true;
      List<Wait<?>> all = new ArrayList<>(putters);
      all.addAll(getters);
      all.addAll(joiners);
      for (Wait<?> w : all) {
        endWait(w, Status.CLOSED, done);
      }
    }
    done.run();
  }
}
