package io.typedipc.benchmarks.cluster;

import io.typedipc.annotation.Shared;

/** The one shared object of {@link ClusterBench}: each call changes its state, as a real object's would. */
@Shared
public interface BenchCounter {
  /** Adds one and returns the new value. */
  long increment();
}
