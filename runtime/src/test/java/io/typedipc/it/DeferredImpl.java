package io.typedipc.it;

import io.typedipc.testing.TestThreads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Plain, unsynchronized state: safe only because the Manager runs its bodies one at a time. */
public final class DeferredImpl implements Deferred {
  private final Map<String, List<CompletableFuture<String>>> pending = new HashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private volatile int maxRunning;

  private void enter() {
    int now = running.incrementAndGet();
    if (now > maxRunning) {
      maxRunning = now;
    }
    long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(200); // widen the window
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  private void exit() {
    running.decrementAndGet();
  }

  @Override
  public CompletableFuture<String> await(String key) {
    enter();
    try {
      CompletableFuture<String> f = new CompletableFuture<>();
      pending.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
      return f;
    } finally {
      exit();
    }
  }

  @Override
  public int complete(String key, String value) {
    enter();
    try {
      List<CompletableFuture<String>> fs = pending.remove(key);
      if (fs == null) {
        return 0;
      }
      fs.forEach(f -> f.complete(value));
      return fs.size();
    } finally {
      exit();
    }
  }

  @Override
  public int fail(String key, String message) {
    enter();
    try {
      List<CompletableFuture<String>> fs = pending.remove(key);
      if (fs == null) {
        return 0;
      }
      fs.forEach(f -> f.completeExceptionally(new IllegalStateException(message)));
      return fs.size();
    } finally {
      exit();
    }
  }

  @Override
  public CompletableFuture<String> now(String value) {
    enter();
    try {
      return CompletableFuture.completedFuture(value);
    } finally {
      exit();
    }
  }

  @Override
  public CompletableFuture<String> onAnotherThread(long millis, String value) {
    enter();
    try {
      // the value comes on a thread of its own after the delay: the Manager writes the reply on the
      // thread that completes the future, and the default (the common pool, one worker on JDK 25
      // with two CPUs) may be held by a blocked task of another test in this JVM
      return CompletableFuture.supplyAsync(
          () -> value, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS, TestThreads.EACH));
    } finally {
      exit();
    }
  }

  @Override
  public CompletableFuture<String> nothing() {
    return null;
  }

  @Override
  public int maxRunningAtOnce() {
    return maxRunning;
  }
}
