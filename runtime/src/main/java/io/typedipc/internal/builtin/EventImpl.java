package io.typedipc.internal.builtin;

import io.typedipc.Caller;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An event hosted by the Manager — the server side of {@code SharedEvent}. */
final class EventImpl implements EventWire, Parking {
  private final Clients clients = new Clients(this, this::clientGone);
  private boolean flag;
  private boolean closed;
  private final List<Wait<Long>> waits = new ArrayList<>();

  @Override
  public void set() {
    Completions done = new Completions();
    synchronized (this) {
      flag = true;
      for (Wait<Long> w : waits) {
        w.disarm();
        done.add(w.future, Status.OK);
      }
      waits.clear();
    }
    done.run();
  }

  @Override
  public synchronized void clear() {
    flag = false;
  }

  @Override
  public synchronized boolean isSet() {
    return flag;
  }

  @Override
  public CompletableFuture<Long> await(long ticket, long timeoutNanos) {
    Caller caller = clients.track();
    synchronized (this) {
      if (flag) {
        return CompletableFuture.completedFuture(Status.OK);
      }
      if (closed || !caller.isConnected()) {
        return CompletableFuture.completedFuture(Status.CLOSED);
      }
      if (timeoutNanos == 0) {
        return CompletableFuture.completedFuture(Status.NO);
      }
      Wait<Long> w = new Wait<>(caller, ticket);
      waits.add(w);
      if (timeoutNanos > 0) {
        w.arm(timeoutNanos, () -> end(w, Status.NO));
      }
      return w.future;
    }
  }

  private void end(Wait<Long> w, long status) {
    boolean removed;
    synchronized (this) {
      removed = waits.remove(w);
      w.disarm();
    }
    if (removed) {
      w.future.complete(status);
    }
  }

  @Override
  public boolean cancel(long ticket) {
    String client = Caller.current().id();
    Wait<Long> found = null;
    synchronized (this) {
      for (Wait<Long> w : waits) {
        if (w.is(client, ticket)) {
          found = w;
          break;
        }
      }
    }
    if (found == null) {
      return false;
    }
    end(found, Status.CANCELLED);
    return true;
  }

  @Override
  public synchronized int waiting() {
    return waits.size();
  }

  private void clientGone(String id) {
    Completions done = new Completions();
    synchronized (this) {
      for (Iterator<Wait<Long>> it = waits.iterator(); it.hasNext(); ) {
        Wait<Long> w = it.next();
        if (w.client.equals(id)) {
          it.remove();
          w.disarm();
          done.add(w.future, Status.CLOSED);
        }
      }
    }
    done.run();
  }

  @Override
  public void closeWaits() {
    Completions done = new Completions();
    synchronized (this) {
      closed = true;
      for (Wait<Long> w : waits) {
        w.disarm();
        done.add(w.future, Status.CLOSED);
      }
      waits.clear();
    }
    done.run();
  }
}
