package io.typedipc.hazelcast;

import io.typedipc.Caller;
import io.typedipc.internal.builtin.Polled;
import io.typedipc.internal.builtin.QueueWire;
import io.typedipc.internal.builtin.Status;
import java.util.concurrent.CompletableFuture;

/**
 * A cluster queue (kind "queue"): its elements, serialised, are kept in its entry (in object form:
 * a put or get changes it in place, and the backup replays the same operation). A put answered OK
 * is in the entry and its backup; an element taken by a get whose reply was lost with its Manager
 * is lost.
 */
final class ClusterQueue extends ClusterSync implements QueueWire<Object> {
  private final int capacity;

  ClusterQueue(ClusterContext context, String name, int capacity) {
    super(context, name);
    this.capacity = capacity;
  }

  @Override
  SyncState initial() {
    return new SyncState.Queue(capacity);
  }

  @Override
  public CompletableFuture<Long> put(long ticket, Object element, long timeoutNanos) {
    if (element == null) {
      throw new NullPointerException("a queue holds no nulls");
    }
    byte[] bytes = context.writeOne(element, Object.class);
    Caller caller = Caller.current();
    watch(caller); // its parked waits end when it goes
    return asLong(attempt(caller, ticket, timeoutNanos, () -> run(new SyncOps.QueuePut(nonce(), bytes))));
  }

  @Override
  public CompletableFuture<Polled<Object>> get(long ticket, long timeoutNanos) {
    Caller caller = Caller.current();
    watch(caller); // its parked waits end when it goes
    return attempt(caller, ticket, timeoutNanos, () -> run(new SyncOps.QueueGet(nonce())))
        .thenApply(r -> r instanceof byte[] bytes ? new Polled<>(Status.OK, context.readOne(bytes, Object.class))
            : new Polled<>((Long) r, null));
  }

  @Override
  public boolean cancel(long ticket) {
    return cancelWait(ticket);
  }

  @Override
  public int size() {
    return state(SyncState.Queue.class).items.size();
  }

  @Override
  public int capacity() {
    return state(SyncState.Queue.class).capacity;
  }

  @Override
  public boolean isFull() {
    return state(SyncState.Queue.class).full();
  }
}
