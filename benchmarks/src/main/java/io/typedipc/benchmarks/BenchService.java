package io.typedipc.benchmarks;

import io.typedipc.annotation.Shared;
import java.util.concurrent.CompletableFuture;

/** The typedipc side of the benchmark; the processor generates its proxy and dispatcher. */
@Shared
public interface BenchService {

  /** Adds {@code delta} to a counter and returns the new value. */
  int increment(int delta);

  /** The same call, returning at once; many can be in flight on one connection. */
  CompletableFuture<Integer> incrementAsync(int delta);
}
