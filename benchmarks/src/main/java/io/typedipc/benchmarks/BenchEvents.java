package io.typedipc.benchmarks;

import io.typedipc.annotation.Channel;

/** The small message of the messaging benchmark: one {@code long}. */
@Channel
public interface BenchEvents {
  void tick(long n);
}
