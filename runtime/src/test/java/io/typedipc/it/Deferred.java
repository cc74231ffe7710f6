package io.typedipc.it;

import io.typedipc.annotation.Shared;
import java.util.concurrent.CompletableFuture;

/** Futures an implementation completes now, later in another call, or on another thread. */
@Shared
public interface Deferred {
  /** Pending until {@link #complete} or {@link #fail} with the same key. */
  CompletableFuture<String> await(String key);

  /** Completes the pending futures of {@code key}; how many. */
  int complete(String key, String value);

  /** Completes the pending futures of {@code key} with an {@code IllegalStateException}. */
  int fail(String key, String message);

  /** Already complete when returned. */
  CompletableFuture<String> now(String value);

  /** Completed by another thread after {@code millis}. */
  CompletableFuture<String> onAnotherThread(long millis, String value);

  /** Returns null instead of a future. */
  CompletableFuture<String> nothing();

  /** The most method bodies of this object that ever ran at once. */
  int maxRunningAtOnce();
}
