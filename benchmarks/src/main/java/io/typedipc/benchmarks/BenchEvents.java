package io.typedipc.benchmarks;

import io.typedipc.annotation.Channel;

/**
 * The small message of the messaging benchmark: a {@code long} and a short ASCII string (the
 * benchmark sends {@link MessagingChild#TAG}, 20 characters), as most real messages carry a
 * number and some text.
 */
@Channel
public interface BenchEvents {
  void tick(long n, String tag);
}
