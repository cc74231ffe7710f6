package io.typedipc.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The longest duration the runtime counts, {@link #LONGEST} (about 100 years), so that a deadline
 * in nanoseconds never overflows: a wait given a longer one waits that long ({@link #nanos}); a
 * setting given a longer one refuses it ({@link #notTooLong}).
 */
public final class Waits {
  /** 36,500 days. */
  public static final Duration LONGEST = Duration.ofDays(36_500);
  /** {@link #LONGEST} in nanoseconds. */
  public static final long LONGEST_NANOS = LONGEST.toNanos();

  private Waits() {}

  /** {@code timeout} in nanoseconds: 0 if negative, at most {@link #LONGEST_NANOS}; {@code name} names it if null. */
  public static long nanos(Duration timeout, String name) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative()) {
      return 0;
    }
    return timeout.compareTo(LONGEST) > 0 ? LONGEST_NANOS : timeout.toNanos();
  }

  /**
   * {@code d}, a setting that may be zero (none), if it is not negative and not longer than {@link
   * #LONGEST}; {@code what} names the setting.
   *
   * @throws IllegalArgumentException if it is negative or longer
   */
  public static Duration notNegative(Duration d, String what) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, got " + d);
    }
    return notTooLong(d, what);
  }

  /**
   * {@code d}, a wait's setting, if it is positive; a longer one than {@link #LONGEST} waits that
   * long ({@link #nanos}). {@code what} names the setting.
   *
   * @throws IllegalArgumentException if it is zero or negative
   */
  public static Duration positive(Duration d, String what) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
    return d;
  }

  /**
   * {@code d}, if it is not longer than {@link #LONGEST}; {@code what} names the setting.
   *
   * @throws IllegalArgumentException if it is
   */
  public static Duration notTooLong(Duration d, String what) {
    if (d.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(what + " must be at most " + LONGEST.toDays() + " days, got " + d);
    }
    return d;
  }
}
