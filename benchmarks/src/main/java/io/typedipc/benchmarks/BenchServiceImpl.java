package io.typedipc.benchmarks;

import java.util.concurrent.CompletableFuture;

/** A plain counter: typedipc runs one call at a time on a shared object, so no lock here. */
public final class BenchServiceImpl implements BenchService {

  private int counter;

  @Override
  public int increment(int delta) {
    counter += delta;
    return counter;
  }

  @Override
  public CompletableFuture<Integer> incrementAsync(int delta) {
    return CompletableFuture.completedFuture(increment(delta));
  }
}
