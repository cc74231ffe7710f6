package io.typedipc.it;

import java.util.concurrent.CompletableFuture;

/**
 * Runs a task on a new thread of its own. Tests use this rather than {@code
 * CompletableFuture.runAsync}: on two CPUs the common pool has one worker (and from JDK 25 no
 * longer falls back to a thread per task), so two "parallel" tasks would run one after the other.
 */
final class Background {
  private Background() {}

  static CompletableFuture<Void> run(Runnable task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        task.run();
        done.complete(null);
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    }, "test-background");
    t.setDaemon(true);
    t.start();
    return done;
  }
}
