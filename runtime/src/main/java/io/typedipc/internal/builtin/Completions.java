package io.typedipc.internal.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Futures to complete once the object's monitor is released: completing one writes the reply to
 * its client, which must not happen while holding the state of every other waiter.
 */
final class Completions {
  private final List<CompletableFuture<?>> futures = new ArrayList<>(2);
  private final List<Object> values = new ArrayList<>(2);

  <T> void add(CompletableFuture<T> future, T value) {
    futures.add(future);
    values.add(value);
  }

  @SuppressWarnings("unchecked")
  void run() {
    for (int i = 0; i < futures.size(); i++) {
      ((CompletableFuture<Object>) futures.get(i)).complete(values.get(i));
    }
  }
}
