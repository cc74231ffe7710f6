package io.typedipc.internal.builtin;

import io.typedipc.Caller;
import java.util.concurrent.CompletableFuture;

/** An event hosted by the Manager — the server side of {@code SharedEvent}. */
final class EventImpl implements EventWire, Parking {
  private final Clients clients = new Clients(this, this::clientGone);
  private boolean flag;
  private boolean closed;
  private final WaitQueue<Wait<Long>> waits = new WaitQueue<>();

  @Override
  public void set() {
    Completions.run(this, done -> {
      flag = true;
      waits.endAll(Status.OK, done);
    });
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
      return waits.park(Wait.forStatus(caller, ticket), timeoutNanos, this::timedOut).future;
    }
  }

  private void timedOut(Wait<Long> w) {
    Completions.run(this, done -> waits.end(w, Status.NO, done));
  }

  @Override
  public boolean cancel(long ticket) {
    String client = Caller.current().id();
    return Completions.call(this, done -> waits.cancel(client, ticket, done));
  }

  @Override
  public synchronized int waiting() {
    return waits.size();
  }

  private void clientGone(String id) {
    Completions.run(this, done -> waits.dropClient(id, done));
  }

  @Override
  public void withdraw(Object connection) {
    Completions.run(this, done -> waits.withdraw(connection, done));
  }

  @Override
  public void forgetClients() {
    clients.forgetAll();
  }

  @Override
  public void closeWaits() {
    Completions.run(this, done -> {
      closed = true;
      waits.endAll(Status.CLOSED, done);
    });
  }
}
