package io.typedipc.hazelcast;

import io.typedipc.Caller;
import io.typedipc.internal.builtin.ConditionWire;
import io.typedipc.internal.builtin.LockWire;
import io.typedipc.internal.builtin.RLockWire;
import io.typedipc.internal.builtin.Status;
import java.util.concurrent.CompletableFuture;

/**
 * A cluster lock (kind "lock", "rlock", or "condition": a reentrant lock created for its default
 * condition): the owner — a client's thread, and the member the client is connected to — and the
 * condition waiters are kept in the lock's entry. Released when its client disconnects or dies, or
 * when the member the client is connected to dies; the next acquisition then reports it abandoned.
 * A condition waiter whose client or member goes leaves its wait set.
 *
 * <p>A condition wait is three steps on the entry: give up the holds and join the wait set
 * (answered at once), then, parked in this Manager, retry "reacquire if signalled and the lock is
 * free" whenever the entry changes; a timeout or cancel first moves the waiter out of its wait set
 * (it then reacquires without a deadline, as {@code Condition.await} must).
 */
final class ClusterLock extends ClusterSync implements LockWire, RLockWire, ConditionWire {
  /** Marks the parked waits in a wait set, which {@link #queueLength()} does not count. */
  private static final String CONDITION_WAIT = "condition";
  private final String kind;

  ClusterLock(ClusterContext context, String name, String kind) {
    super(context, name);
    this.kind = kind;
  }

  @Override
  SyncState initial() {
    return new SyncState.Lock(kind);
  }

  @Override
  public CompletableFuture<Long> acquire(long thread, long ticket, long timeoutNanos) {
    Caller caller = Caller.current();
    watch(caller);
    String owner = owner(caller);
    return asLong(attempt(caller, ticket, timeoutNanos, () -> run(new SyncOps.LockAcquire(nonce(), owner, thread))));
  }

  @Override
  public long release(long thread) {
    return (Long) run(new SyncOps.LockRelease(nonce(), owner(Caller.current()), thread));
  }

  @Override
  public boolean cancel(long ticket) {
    return cancelWait(ticket);
  }

  @Override
  public int holdCount(long thread) {
    SyncState.Lock s = state(SyncState.Lock.class);
    return s.owns(owner(Caller.current()), thread) ? s.holds : 0;
  }

  @Override
  public boolean isLocked() {
    return state(SyncState.Lock.class).holds > 0;
  }

  @Override
  public int queueLength() {
    return parked(null); // acquires, and condition waiters out of their wait set reacquiring
  }

  @Override
  public CompletableFuture<Long> await(long thread, long ticket, String condition, long timeoutNanos) {
    if (condition == null) {
      throw new IllegalArgumentException("a condition needs a name");
    }
    Caller caller = Caller.current();
    watch(caller);
    String owner = owner(caller);
    String waiter = owner + "#" + ticket;
    long joined = (Long) run(new SyncOps.LockAwait(nonce(), owner, thread, waiter, condition));
    if (joined != Status.OK) {
      return CompletableFuture.completedFuture(joined); // NOT_OWNER
    }
    return attempt(caller, ticket, CONDITION_WAIT, timeoutNanos, () -> reacquire(waiter)).thenCompose(r -> {
      if (r instanceof SyncOps.Done d) {
        return CompletableFuture.completedFuture(d.status());
      }
      long status = (Long) r;
      if (status == Status.CLOSED) {
        return CompletableFuture.completedFuture(status); // its client or this Manager went; the wait set forgets it
      }
      // timed out (NO) or cancelled: out of the wait set, then reacquire without a deadline, not cancellable
      run(new SyncOps.LockGiveUp(nonce(), waiter, status));
      return attempt(caller, ~ticket, null, -1, () -> reacquire(waiter)).thenApply(ClusterSync::status);
    });
  }

  private Object reacquire(String waiter) {
    return run(new SyncOps.LockReacquire(nonce(), waiter));
  }

  @Override
  public long signal(long thread, String condition, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    return (Long) run(new SyncOps.LockSignal(nonce(), owner(Caller.current()), thread, condition, count));
  }

  @Override
  public int waitCount(String condition) {
    return state(SyncState.Lock.class).waitCount(condition);
  }
}
