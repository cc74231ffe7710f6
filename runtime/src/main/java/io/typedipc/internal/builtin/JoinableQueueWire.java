package io.typedipc.internal.builtin;

import io.typedipc.annotation.Shared;
import java.util.concurrent.CompletableFuture;

/** The wire interface of a joinable queue (kind "joinableQueue"); implemented by {@link QueueImpl}. */
@Shared
public interface JoinableQueueWire<E> extends QueueOps<E> {
  /** Marks one task done: {@link Status#OK}, or {@link Status#TOO_MANY} if none was unfinished. */
  long taskDone();

  /**
   * Waits until every element put has been marked done: {@link Status#OK}, {@link Status#NO} on
   * timeout, {@link Status#CANCELLED} or {@link Status#CLOSED}.
   */
  CompletableFuture<Long> join(long ticket, long timeoutNanos);

  /** How many elements were put and not yet marked done. */
  long unfinishedTasks();
}
