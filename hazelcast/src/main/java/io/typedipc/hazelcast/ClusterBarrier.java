package io.typedipc.hazelcast;

import io.typedipc.Caller;
import io.typedipc.internal.builtin.BarrierWire;
import io.typedipc.internal.builtin.Status;
import java.util.concurrent.CompletableFuture;

/**
 * A cluster barrier (kind "barrier"), with the Manager's own barrier's rules: its parties, who
 * waits with which arrival index, and the results of ended waits are kept in its entry. A party
 * arrives with one operation; if it must wait, its wait parks in this Manager and collects its
 * result when the entry changes. A wait that times out or is cancelled breaks the barrier for
 * every party, and so does a waiting party whose client disconnects or dies, or whose member dies.
 */
final class ClusterBarrier extends ClusterSync implements BarrierWire {
  private final int parties;

  ClusterBarrier(ClusterContext context, String name, int parties) {
    super(context, name);
    if (parties < 1) {
      throw new IllegalArgumentException("a barrier needs at least one party: " + parties);
    }
    this.parties = parties;
  }

  @Override
  SyncState initial() {
    return new SyncState.Barrier(parties);
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
    Caller caller = Caller.current();
    watch(caller); // a party that goes while waiting breaks the barrier
    if (!caller.isConnected()) {
      return CompletableFuture.completedFuture(Status.CLOSED);
    }
    String party = owner(caller) + "#" + ticket;
    Object arrived = run(new SyncOps.BarrierArrive(nonce(), party, action, timeoutNanos == 0));
    if (!isNo(arrived)) {
      return CompletableFuture.completedFuture(status(arrived));
    }
    return attempt(caller, ticket, timeoutNanos, () -> check(party)).thenCompose(r -> {
      if (r instanceof SyncOps.Done d) {
        return CompletableFuture.completedFuture(d.status());
      }
      long status = (Long) r;
      if (status == Status.CLOSED) {
        return CompletableFuture.completedFuture(status); // its client went (the barrier breaks) or this Manager closes
      }
      // timed out or cancelled: leave, breaking the barrier, unless a trip released it meanwhile
      Object left = run(new SyncOps.BarrierLeave(nonce(), party, status == Status.NO ? Status.TIMED_OUT : status));
      if (!isNo(left)) {
        return CompletableFuture.completedFuture(status(left));
      }
      // released by a trip whose action still runs: wait for it, without a deadline (as the Manager's barrier)
      return attempt(caller, ~ticket, -1, () -> check(party)).thenApply(ClusterSync::status);
    });
  }

  private Object check(String party) {
    return run(new SyncOps.BarrierCheck(nonce(), party));
  }

  @Override
  public long tripped(long ticket, boolean ok) {
    return (Long) run(new SyncOps.BarrierTripped(nonce(), owner(Caller.current()) + "#" + ticket, ok));
  }

  @Override
  public boolean cancel(long ticket) {
    return cancelWait(ticket);
  }

  @Override
  public void reset() {
    run(new SyncOps.BarrierBreak(nonce(), true));
  }

  @Override
  public void abort() {
    run(new SyncOps.BarrierBreak(nonce(), false));
  }

  /** The cluster's number of parties (that of the Manager or client that created the barrier first). */
  @Override
  public int parties() {
    return state(SyncState.Barrier.class).parties;
  }

  @Override
  public int numberWaiting() {
    return state(SyncState.Barrier.class).waiting.size();
  }

  @Override
  public boolean isBroken() {
    return state(SyncState.Barrier.class).broken;
  }
}
