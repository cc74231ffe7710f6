package io.typedipc.internal.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The percentiles the introspection view reports are within 12.5 % above the true ones. */
@Timeout(60)
class LatencyHistogramTest {
  @Test
  void everyValueFallsIntoABucketWhoseBoundsHoldIt() {
    long previousUpper = -1;
    for (int b = 0; b < LatencyHistogram.BUCKETS; b++) {
      long upper = LatencyHistogram.upperBound(b);
      long lower = previousUpper + 1;
      assertEquals(b, LatencyHistogram.bucket(lower), "lower bound of bucket " + b);
      assertEquals(b, LatencyHistogram.bucket(upper), "upper bound of bucket " + b);
      assertTrue(upper - lower <= Math.max(0, lower / 8), "bucket " + b + " is at most 12.5 % wide");
      previousUpper = upper;
    }
    assertEquals(Long.MAX_VALUE, previousUpper);
  }

  @Test
  void quantilesAreWithinTheBucketError() {
    LatencyHistogram h = new LatencyHistogram();
    Random random = new Random(42);
    long[] values = new long[100_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = 1_000 + (long) (Math.exp(random.nextGaussian() * 1.5) * 20_000); // log-normal, ~20 µs
      h.record(values[i], i % 100 == 0);
    }
    Arrays.sort(values);
    double[] qs = {0.5, 0.9, 0.99};
    long[] got = h.quantiles(qs);
    for (int i = 0; i < qs.length; i++) {
      long exact = values[(int) Math.ceil(qs[i] * values.length) - 1];
      assertTrue(got[i] >= exact && got[i] <= exact + exact / 8 + 1,
          "q" + qs[i] + ": " + got[i] + " vs exact " + exact);
    }
    assertEquals(values.length, h.calls());
    assertEquals(values.length / 100, h.errors());
    assertEquals(values[values.length - 1], h.max());
    assertArrayEquals(new long[] {0, 0}, new LatencyHistogram().quantiles(0.5, 0.99));
  }
}
