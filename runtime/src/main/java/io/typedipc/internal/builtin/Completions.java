package io.typedipc.internal.builtin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

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

  /**
   * Runs {@code change} holding {@code monitor}, then completes the futures it collected once the
   * monitor is released. If {@code change} throws, nothing is completed.
   */
  static void run(Object monitor, Consumer<Completions> change) {
    Completions done = new Completions();
    synchronized (monitor) {
      change.accept(done);
    }
    done.run();
  }

  /** As {@link #run(Object, Consumer)}, returning what {@code change} returns. */
  static <R> R call(Object monitor, Function<Completions, R> change) {
    Completions done = new Completions();
    R result;
    synchronized (monitor) {
      result = change.apply(done);
    }
    done.run();
    return result;
  }
}
