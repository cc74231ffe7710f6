package io.typedipc.it;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@link Gate}, driven by the test in the Manager's JVM. */
public final class GateImpl implements Gate {
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch open = new CountDownLatch(1);
  private final List<CompletableFuture<String>> parked = new CopyOnWriteArrayList<>();
  private final Map<String, CountDownLatch[]> blocks = new ConcurrentHashMap<>();

  /** The latches of {@link #block}: [0] counted down when it runs, [1] to let it return. */
  private CountDownLatch[] latches(String key) {
    return blocks.computeIfAbsent(key, k -> new CountDownLatch[] {new CountDownLatch(1), new CountDownLatch(1)});
  }

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
  public void block(String key) {
    CountDownLatch[] latches = latches(key);
    latches[0].countDown();
    try {
      if (!latches[1].await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never unblocked " + key);
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

  /** Waits until a call of {@link #block} with {@code key} runs. */
  void awaitBlocked(String key) throws InterruptedException {
    if (!latches(key)[0].await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("block(" + key + ") never started");
    }
  }

  /** Lets {@link #block} with {@code key} return. */
  void unblock(String key) {
    latches(key)[1].countDown();
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
