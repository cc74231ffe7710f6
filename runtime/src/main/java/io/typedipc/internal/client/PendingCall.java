package io.typedipc.internal.client;

import io.typedipc.spi.MethodDescriptor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * A request waiting for its reply. A synchronous caller waits until {@link #isDone()}; an
 * asynchronous one holds a future. Completed exactly once, by whichever thread reads the reply,
 * times it out, or sees the connection fail — always after it was removed from its connection's
 * {@link CallTable}, so exactly one thread completes it.
 */
final class PendingCall {
  /** Assigned by {@link CallTable#add}; 0 before. */
  long id;
  /** The method, or {@code null} for an OPEN request. */
  final MethodDescriptor method;
  /** For asynchronous calls; {@code null} for synchronous ones. */
  final CompletableFuture<Object> future;
  /** The synchronous caller; {@code null} for asynchronous calls. */
  final Thread waiter;
  /** {@link System#nanoTime()} deadline, {@link Long#MAX_VALUE} for none. */
  final long deadlineNanos;
  /** The call's timeout, for messages; 0 for none. */
  final long timeoutNanos;
  /** The name of the object called. */
  final String target;
  /**
   * Set when the caller already held its connection's read side when it made this call (a call
   * made from a callback that runs on the reader): it reads its own reply and keeps the read side
   * afterwards, for the frame it was called from.
   */
  boolean nested;

  /** Links of the connection's list of waiting synchronous calls; guarded by the connection's lock. */
  PendingCall prevWaiter;
  PendingCall nextWaiter;

  private volatile boolean done;
  private Object value;
  private Throwable failure;

  private PendingCall(MethodDescriptor method, CompletableFuture<Object> future, Thread waiter,
      long deadlineNanos, long timeoutNanos, String target) {
    this.method = method;
    this.future = future;
    this.waiter = waiter;
    this.deadlineNanos = deadlineNanos;
    this.timeoutNanos = timeoutNanos;
    this.target = target;
  }

  /** A call the current thread waits for. */
  static PendingCall sync(MethodDescriptor method, long timeoutNanos, String target) {
    return new PendingCall(method, null, Thread.currentThread(), deadline(timeoutNanos), timeoutNanos, target);
  }

  /** A call completing a future. */
  static PendingCall async(MethodDescriptor method, long timeoutNanos, String target) {
    return new PendingCall(method, new CompletableFuture<>(), null, deadline(timeoutNanos), timeoutNanos, target);
  }

  private static long deadline(long timeoutNanos) {
    if (timeoutNanos <= 0) {
      return Long.MAX_VALUE;
    }
    long d = System.nanoTime() + timeoutNanos;
    return d == Long.MAX_VALUE ? d - 1 : d;
  }

  /** Whether the call has a deadline. */
  boolean hasDeadline() {
    return deadlineNanos != Long.MAX_VALUE;
  }

  /** "call to m on 'name'", for messages; built only when needed. */
  String description() {
    return method == null ? "opening '" + target + "'" : "call to " + method.name() + " on '" + target + "'";
  }

  boolean isAsync() {
    return future != null;
  }

  boolean isDone() {
    return done;
  }

  void complete(Object result) {
    if (future != null) {
      done = true;
      future.complete(result); // runs the caller's dependent actions on this thread
      return;
    }
    value = result;
    done = true;
    wake();
  }

  void fail(Throwable t) {
    if (future != null) {
      done = true;
      future.completeExceptionally(t);
      return;
    }
    failure = t;
    done = true;
    wake();
  }

  private void wake() {
    Thread w = waiter;
    if (w != Thread.currentThread()) { // a caller reading its own reply is awake already
      LockSupport.unpark(w);
    }
  }

  /** For synchronous calls, after {@link #isDone()}: the failure, or {@code null}. */
  Throwable failure() {
    return failure;
  }

  /** For synchronous calls, after {@link #isDone()}: the value. */
  Object value() {
    return value;
  }
}
