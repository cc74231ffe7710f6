package io.typedipc.hazelcast;

import io.typedipc.Caller;
import io.typedipc.internal.builtin.LockWire;
import io.typedipc.internal.builtin.RLockWire;
import java.util.concurrent.CompletableFuture;

/**
 * A cluster lock (kind "lock" or "rlock"): the owner — a client's thread, and the member the
 * client is connected to — is kept in the lock's entry. Released when its client disconnects or
 * dies, or when the member the client is connected to dies; the next acquisition then reports it
 * abandoned. Conditions are not offered in cluster mode.
 */
final class ClusterLock extends ClusterSync implements LockWire, RLockWire {
  private final boolean reentrant;

  ClusterLock(ClusterContext context, String name, boolean reentrant) {
    super(context, name);
    this.reentrant = reentrant;
  }

  @Override
  SyncState initial() {
    return new SyncState.Lock(reentrant);
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
    return parked();
  }

  @Override
  public CompletableFuture<Long> await(long thread, long ticket, String condition, long timeoutNanos) {
    throw new UnsupportedOperationException("conditions are not offered in cluster mode (lock '" + name + "')");
  }

  @Override
  public long signal(long thread, String condition, int count) {
    throw new UnsupportedOperationException("conditions are not offered in cluster mode (lock '" + name + "')");
  }

  @Override
  public int waitCount(String condition) {
    return 0;
  }
}
