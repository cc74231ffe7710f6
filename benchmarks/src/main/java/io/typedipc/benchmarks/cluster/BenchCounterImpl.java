package io.typedipc.benchmarks.cluster;

/** A counter whose state (one long) a cluster keeps in a map entry. */
public final class BenchCounterImpl implements BenchCounter {
  private long value;

  @Override
  public long increment() {
    return ++value;
  }
}
