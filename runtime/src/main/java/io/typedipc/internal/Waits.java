package io.typedipc.internal;

import java.time.Duration;
import java.util.Objects;

/** Durations given to waits, in nanoseconds: never negative, and never too long to add to a clock reading. */
public final class Waits {
  /** The longest a wait counts, about 100 years; a longer one (Duration.ofMillis(Long.MAX_VALUE)) waits this long. */
  public static final long LONGEST_NANOS = Duration.ofDays(36_500).toNanos();

  private Waits() {}

  /** {@code timeout} in nanoseconds: 0 if negative, at most {@link #LONGEST_NANOS}; {@code name} names it if null. */
  public static long nanos(Duration timeout, String name) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative()) {
      return 0;
    }
    return timeout.compareTo(Duration.ofNanos(LONGEST_NANOS)) > 0 ? LONGEST_NANOS : timeout.toNanos();
  }
}
