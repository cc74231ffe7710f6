package io.typedipc.hazelcast;

import io.typedipc.Caller;
import io.typedipc.internal.builtin.BoundedSemaphoreWire;
import io.typedipc.internal.builtin.SemaphoreWire;
import java.util.concurrent.CompletableFuture;

/**
 * A cluster semaphore (kind "semaphore" or "boundedSemaphore"): the permits, and who holds how
 * many, are kept in its entry; a departed client's, or a dead member's clients', permits come back
 * and the next acquisition reports them abandoned.
 */
final class ClusterSemaphore extends ClusterSync implements SemaphoreWire, BoundedSemaphoreWire {
  private final int initial;
  private final boolean bounded;

  ClusterSemaphore(ClusterContext context, String name, int initial, boolean bounded) {
    super(context, name);
    this.initial = initial;
    this.bounded = bounded;
  }

  @Override
  SyncState initial() {
    return new SyncState.Semaphore(initial, bounded);
  }

  @Override
  public CompletableFuture<Long> acquire(long ticket, int permits, long timeoutNanos) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be positive: " + permits);
    }
    Caller caller = Caller.current();
    watch(caller);
    String owner = owner(caller);
    return asLong(attempt(caller, ticket, timeoutNanos, () -> run(new SyncOps.SemaphoreAcquire(nonce(), owner, permits))));
  }

  @Override
  public long release(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be positive: " + permits);
    }
    return (Long) run(new SyncOps.SemaphoreRelease(nonce(), owner(Caller.current()), permits));
  }

  @Override
  public boolean cancel(long ticket) {
    return cancelWait(ticket);
  }

  @Override
  public int availablePermits() {
    return state(SyncState.Semaphore.class).available;
  }

  @Override
  public int queueLength() {
    return parked();
  }
}
