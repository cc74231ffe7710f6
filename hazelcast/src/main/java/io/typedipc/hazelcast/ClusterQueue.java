package io.typedipc.hazelcast;

import io.typedipc.Caller;
import io.typedipc.internal.builtin.JoinableQueueWire;
import io.typedipc.internal.builtin.Polled;
import io.typedipc.internal.builtin.QueueWire;
import io.typedipc.internal.builtin.Status;
import java.util.concurrent.CompletableFuture;

/**
 * A cluster queue (kind "queue" or "joinableQueue"): its elements, serialised, and the count of
 * tasks not yet marked done are kept in its entry (in object form: a put or get changes it in
 * place, and the backup replays the same operation). A put answered OK is in the entry and its
 * backup; an element taken by a get whose reply was lost with its Manager is lost. A {@code join}
 * parks in this Manager until the entry's count is zero.
 */
final class ClusterQueue extends ClusterSync implements QueueWire<Object>, JoinableQueueWire<Object> {
  private final int capacity;
  private final boolean joinable;

  ClusterQueue(ClusterContext context, String name, int capacity, boolean joinable) {
    super(context, name);
    this.capacity = capacity;
    this.joinable = joinable;
  }

  @Override
  SyncState initial() {
    return new SyncState.Queue(capacity, joinable);
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

  @Override
  public long taskDone() {
    return (Long) run(new SyncOps.QueueTaskDone(nonce()));
  }

  @Override
  public CompletableFuture<Long> join(long ticket, long timeoutNanos) {
    Caller caller = Caller.current();
    watch(caller); // its parked waits end when it goes
    return asLong(attempt(caller, ticket, timeoutNanos, () -> unfinishedTasks() == 0 ? Status.OK : Status.NO));
  }

  @Override
  public long unfinishedTasks() {
    return state(SyncState.Queue.class).unfinished;
  }
}
