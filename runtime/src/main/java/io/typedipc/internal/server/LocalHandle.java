package io.typedipc.internal.server;

import io.typedipc.Caller;
import io.typedipc.NoSuchObjectException;
import io.typedipc.TypedIpcException;
import io.typedipc.spi.Dispatcher;
import io.typedipc.spi.DeclaredException;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.RemoteObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A {@link RemoteObject} for code that runs inside the Manager — a user's {@code @Shared}
 * implementation that was handed a built-in queue or synchronizer — calling an object the Manager
 * hosts: the call takes its turn in the object's mailbox like a client's (one call at a time),
 * without the wire. Values are not copied. The caller is {@link #MANAGER}: what it holds (a lock, a
 * permit) is held until released, as nothing disconnects it.
 */
final class LocalHandle implements RemoteObject {
  /** The caller of calls made from inside the Manager. */
  static final Caller MANAGER = new Caller() {
    @Override
    public String id() {
      return "typedipc.manager";
    }

    @Override
    public boolean isConnected() {
      return true;
    }

    @Override
    public void onDisconnect(Runnable action) {
      // the Manager never disconnects from itself
    }

    @Override
    public String toString() {
      return "the Manager itself";
    }
  };

  private final ExportedObject object;

  LocalHandle(ExportedObject object) {
    this.object = object;
  }

  /** The hosted object this handle calls. */
  ExportedObject object() {
    return object;
  }

  /** Runs the call in the object's turn; the future completes with what the dispatcher returned. */
  private CompletableFuture<Object> submit(MethodDescriptor method, Object[] args) {
    CompletableFuture<Object> done = new CompletableFuture<>();
    object.submit(() -> {
      CurrentCaller.Slot current = CurrentCaller.slot();
      Caller previous = current.caller;
      Object previousConnection = current.connection;
      current.caller = MANAGER;
      current.connection = null; // the Manager's own call came through no client's connection
      try {
        Dispatcher dispatcher = object.dispatcher;
        if (dispatcher == null) {
          throw new NoSuchObjectException("the Manager no longer hosts '" + object.name + "': it was removed");
        }
        done.complete(dispatcher.dispatch(method.id(), args));
      } catch (Throwable t) {
        done.completeExceptionally(t);
      } finally {
        current.caller = previous;
        current.connection = previousConnection;
      }
    });
    return done;
  }

  @SuppressWarnings("unchecked")
  @Override
  public <R> R call(MethodDescriptor method, Object[] args) {
    CompletableFuture<Object> done = submit(method, args);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return (R) done.get();
        } catch (InterruptedException e) {
          interrupted = true; // the call is in the object's mailbox already: wait for its outcome
        } catch (ExecutionException e) {
          throw failure(method, e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @SuppressWarnings("unchecked")
  @Override
  public <R> CompletableFuture<R> callAsync(MethodDescriptor method, Object[] args) {
    CompletableFuture<R> result = new CompletableFuture<>();
    submit(method, args).whenComplete((value, error) -> {
      if (error != null) {
        result.completeExceptionally(failure(method, error));
      } else if (value instanceof CompletableFuture<?> future) {
        future.whenComplete((v, e) -> {
          if (e != null) {
            result.completeExceptionally(failure(method, e));
          } else {
            result.complete((R) v);
          }
        });
      } else {
        result.complete((R) value);
      }
    });
    return result;
  }

  /** What the caller gets for {@code t}: itself if unchecked, a declared exception for generated code to rethrow. */
  private static RuntimeException failure(MethodDescriptor method, Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof Exception e && method.declares(e)) {
      return new DeclaredException(e);
    }
    return new TypedIpcException(method.signature() + " failed in the Manager: " + t, t);
  }

  @Override
  public String toString() {
    return "local handle of " + object;
  }
}
