package io.typedipc.it;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@link Gate}, driven by the test in the Manager's JVM. */
public final class GateImpl implements Gate {
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch open = new CountDownLatch(1);
  private final List<CompletableFuture<String>> parked = new CopyOnWriteArrayList<>();

  @Override
  public void hold() {
    entered.countDown();
    try {
      if (!open.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int quick() {
    return 1;
  }

  @Override
  public CompletableFuture<String> park() {
    CompletableFuture<String> f = new CompletableFuture<>();
    parked.add(f);
    return f;
  }

  @Override
  public CompletableFuture<String> nothing() {
    return null;
  }

  /** Waits until a call of {@link #hold()} runs. */
  void awaitHeld() throws InterruptedException {
    if (!entered.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("hold() never started");
    }
  }

  /** Lets {@link #hold()} return. */
  void open() {
    open.countDown();
  }

  /** How many {@link #park()} calls have run. */
  int parkedCount() {
    return parked.size();
  }

  /** Completes every pending {@link #park()} with {@code value}. */
  void release(String value) {
    parked.forEach(f -> f.complete(value));
  }
}
