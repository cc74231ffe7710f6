package io.typedipc.hazelcast;

import io.typedipc.Caller;
import io.typedipc.internal.builtin.EventWire;
import io.typedipc.internal.builtin.Status;
import java.util.concurrent.CompletableFuture;

/** A cluster event (kind "event"): its flag is kept in its entry; waits park in each Manager. */
final class ClusterEvent extends ClusterSync implements EventWire {
  ClusterEvent(ClusterContext context, String name) {
    super(context, name);
  }

  @Override
  SyncState initial() {
    return new SyncState.Event();
  }

  @Override
  public void set() {
    run(new SyncOps.EventSet(nonce(), true));
  }

  @Override
  public void clear() {
    run(new SyncOps.EventSet(nonce(), false));
  }

  @Override
  public boolean isSet() {
    return state(SyncState.Event.class).set;
  }

  @Override
  public CompletableFuture<Long> await(long ticket, long timeoutNanos) {
    Caller caller = Caller.current();
    watch(caller); // its parked waits end when it goes
    return asLong(attempt(caller, ticket, timeoutNanos, () -> isSet() ? Status.OK : Status.NO));
  }

  @Override
  public boolean cancel(long ticket) {
    return cancelWait(ticket);
  }

  @Override
  public int waiting() {
    return parked();
  }
}
