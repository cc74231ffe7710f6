package io.typedipc.internal.channel;

import io.typedipc.TypedIpcException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waiting for the futures of the channel service's asynchronous methods. */
final class Futures {
  private Futures() {}

  /**
   * The future's value; its failure rethrown as it is when unchecked. The runtime completes every
   * such future by the call's deadline, so this never waits for ever.
   */
  static <T> T await(CompletableFuture<T> future) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get();
        } catch (InterruptedException e) {
          interrupted = true; // the runtime's deadline bounds the wait; keep the flag for the caller
        } catch (ExecutionException e) {
          throw unwrap(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static RuntimeException unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new TypedIpcException(String.valueOf(t.getMessage()), t);
  }
}
