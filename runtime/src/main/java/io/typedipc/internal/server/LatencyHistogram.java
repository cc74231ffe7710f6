package io.typedipc.internal.server;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of latencies in log-linear buckets: values below 16 ns exactly, then eight buckets per
 * power of two, so a reported percentile (a bucket's upper bound) is at most 12.5 % above the true
 * value. Fixed size (488 counters), lock-free, never reset.
 */
final class LatencyHistogram {
  private static final int SUB_BUCKETS = 8;
  private static final int LINEAR = 16;
  static final int BUCKETS = LINEAR + (63 - 4) * SUB_BUCKETS;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final LongAdder calls = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final AtomicLong max = new AtomicLong();

  void record(long nanos, boolean failed) {
    long v = Math.max(0, nanos);
    counts.incrementAndGet(bucket(v));
    calls.increment();
    if (failed) {
      errors.increment();
    }
    long m = max.get();
    while (v > m && !max.compareAndSet(m, v)) {
      m = max.get();
    }
  }

  static int bucket(long v) {
    if (v < LINEAR) {
      return (int) v;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(v); // >= 4
    int mantissa = (int) (v >>> (exponent - 3)) & (SUB_BUCKETS - 1);
    return LINEAR + (exponent - 4) * SUB_BUCKETS + mantissa;
  }

  /** The largest value that falls into {@code bucket}. */
  static long upperBound(int bucket) {
    if (bucket < LINEAR) {
      return bucket;
    }
    int exponent = (bucket - LINEAR) / SUB_BUCKETS + 4;
    int mantissa = (bucket - LINEAR) % SUB_BUCKETS;
    long lower = (long) (SUB_BUCKETS + mantissa) << (exponent - 3);
    return lower + (1L << (exponent - 3)) - 1;
  }

  long calls() {
    return calls.sum();
  }

  long errors() {
    return errors.sum();
  }

  long max() {
    return max.get();
  }

  /** The given quantiles (0 to 1) of the values so far, in one pass; zeros if there are none. */
  long[] quantiles(double... quantiles) {
    long[] snapshot = new long[BUCKETS];
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      snapshot[i] = counts.get(i);
      total += snapshot[i];
    }
    long[] result = new long[quantiles.length];
    if (total == 0) {
      return result;
    }
    long maxSeen = max.get();
    for (int q = 0; q < quantiles.length; q++) {
      long rank = Math.max(1, (long) Math.ceil(quantiles[q] * total));
      long seen = 0;
      for (int i = 0; i < BUCKETS; i++) {
        seen += snapshot[i];
        if (seen >= rank) {
          result[q] = Math.min(upperBound(i), maxSeen);
          break;
        }
      }
    }
    return result;
  }
}
