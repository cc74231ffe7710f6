package io.typedipc.internal.client;

import io.typedipc.spi.MethodDescriptor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * A request waiting for its reply. A synchronous caller parks until {@link #isDone()}; an
 * asynchronous one holds a future. Completed exactly once, by whichever thread reads the reply,
 * times it out, or sees the connection fail.
 */
final class PendingCall {
  final long id;
  /** The method, or {@code null} for an OPEN request. */
  final MethodDescriptor method;
  final CompletableFuture<Object> future;
  final long deadlineNanos;
  /** The call's timeout, for messages; 0 for none. */
  final long timeoutNanos;
  /** The name of the object called. */
  final String target;
  private volatile Thread waiter;
  private volatile boolean done;
  private Object value;
  private Throwable failure;

  PendingCall(long id, MethodDescriptor method, boolean async, long deadlineNanos, long timeoutNanos, String target) {
    this.id = id;
    this.timeoutNanos = timeoutNanos;
    this.method = method;
    this.future = async ? new CompletableFuture<>() : null;
    this.deadlineNanos = deadlineNanos;
    this.target = target;
    if (!async) {
      this.waiter = Thread.currentThread();
    }
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

  Thread waiter() {
    return waiter;
  }

  void complete(Object result) {
    if (future != null) {
      future.complete(result);
      done = true;
      return;
    }
    value = result;
    done = true;
    wake();
  }

  void fail(Throwable t) {
    if (future != null) {
      future.completeExceptionally(t);
      done = true;
      return;
    }
    failure = t;
    done = true;
    wake();
  }

  private void wake() {
    Thread w = waiter;
    if (w != Thread.currentThread()) { // a leader reading its own reply is awake already
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
