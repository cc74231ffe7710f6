package io.typedipc;

import io.typedipc.internal.Waits;
import java.time.Duration;
import java.util.Objects;

/**
 * Whether and how a {@link ManagerClient} connects again after losing its Manager ({@link
 * ManagerClient.Builder#reconnect}): to the same address (a restarted Manager) or to the next of
 * several ({@link ManagerClient.Builder#addresses}, the members of a cluster).
 *
 * <p>After a loss the client makes <em>attempts</em>: the first at once, each later one after a
 * delay that starts at {@code first} and doubles up to {@code max}. One attempt tries every address
 * once, starting with the one after the address lost (so a single address is tried again, and in a
 * cluster the next member first). After {@code maxAttempts} failed attempts the client gives up for
 * good: its calls then fail at once with a {@link ConnectionLostException} saying so.
 *
 * <p>A client notices a loss when a call fails on it, or by checking its Manager every {@link
 * #livenessCheck()} interval while connected (a short request on its first connection), so a
 * client that was idle while its Manager restarted is already connected again when it next calls.
 * A Manager that does not answer the check within the client's call timeout ({@link
 * ManagerClient.Builder#callTimeout}; 30 s if its calls have none) counts as lost too, as one whose
 * host vanished without closing the connection would be. A call made
 * in the moment between a Manager's death and the client noticing it fails with {@link
 * ConnectionLostException}, as calls in flight do: no call that may have reached a Manager is ever
 * sent again.
 *
 * <p>Immutable; {@link #none()} is the default of a client given one address, {@link #standard()}
 * of one given several.
 */
public final class ReconnectPolicy {
  /** The liveness check interval unless set: {@value #DEFAULT_CHECK_MILLIS} ms. */
  public static final long DEFAULT_CHECK_MILLIS = 1_000;

  private static final ReconnectPolicy NONE = new ReconnectPolicy(Duration.ZERO, Duration.ZERO, 0, Duration.ZERO);
  private static final ReconnectPolicy STANDARD = backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 10);

  private final Duration first;
  private final Duration max;
  private final int maxAttempts;
  private final Duration livenessCheck;

  private ReconnectPolicy(Duration first, Duration max, int maxAttempts, Duration livenessCheck) {
    this.first = first;
    this.max = max;
    this.maxAttempts = maxAttempts;
    this.livenessCheck = livenessCheck;
  }

  /**
   * Never reconnect: after a loss every call fails with {@link ConnectionLostException} ({@link
   * ManagerClosedException} if the Manager closed gracefully) until the client is closed (connect
   * a new client to carry on). The default with one address.
   */
  public static ReconnectPolicy none() {
    return NONE;
  }

  /**
   * Reconnect with 100 ms, 200 ms, … up to 2 s between attempts, at most 10 attempts (about 11 s
   * in all, plus the connect time of each), checking the Manager every second while connected. The
   * default with several addresses.
   */
  public static ReconnectPolicy standard() {
    return STANDARD;
  }

  /**
   * Reconnect after a loss: the first attempt at once, then after {@code first}, {@code 2 × first},
   * … up to {@code max} between attempts, giving up after {@code maxAttempts} attempts ({@link
   * Integer#MAX_VALUE}: never give up). The liveness check is every {@value #DEFAULT_CHECK_MILLIS}
   * ms ({@link #withLivenessCheck} to change it).
   *
   * @throws IllegalArgumentException if a duration is not positive or longer than 36,500 days,
   *     {@code max} is below {@code first}, or {@code maxAttempts} is below 1
   */
  public static ReconnectPolicy backoff(Duration first, Duration max, int maxAttempts) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    if (first.isNegative() || first.isZero()) {
      throw new IllegalArgumentException("the first reconnect delay must be positive, not " + first);
    }
    if (max.compareTo(first) < 0) {
      throw new IllegalArgumentException("the longest reconnect delay (" + max + ") is shorter than the first (" + first + ")");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("a client that reconnects makes at least 1 attempt, not " + maxAttempts
          + "; use ReconnectPolicy.none() for none");
    }
    Waits.notTooLong(max, "the longest reconnect delay");
    return new ReconnectPolicy(first, max, maxAttempts, Duration.ofMillis(DEFAULT_CHECK_MILLIS));
  }

  /**
   * This policy with the Manager checked every {@code interval} while the client is connected;
   * {@link Duration#ZERO} for no check (a loss is then noticed only by a call that fails on it).
   *
   * @throws IllegalArgumentException if {@code interval} is negative or longer than 36,500 days, or
   *     this policy is {@link #none()}
   */
  public ReconnectPolicy withLivenessCheck(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("the liveness check interval must not be negative, not " + interval);
    }
    if (!reconnects()) {
      throw new IllegalArgumentException("ReconnectPolicy.none() has no liveness check");
    }
    Waits.notTooLong(interval, "the liveness check interval");
    return new ReconnectPolicy(first, max, maxAttempts, interval);
  }

  /** Whether a client with this policy reconnects at all. */
  public boolean reconnects() {
    return maxAttempts > 0;
  }

  /** The most attempts after one loss; 0 for {@link #none()}. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The delay before the first retry (the first attempt is at once). */
  public Duration firstDelay() {
    return first;
  }

  /** The longest delay between two attempts. */
  public Duration maxDelay() {
    return max;
  }

  /** How often a connected client checks its Manager; {@link Duration#ZERO} for never. */
  public Duration livenessCheck() {
    return livenessCheck;
  }

  /**
   * The delay before attempt {@code attempt} (1 is the first, at once): {@code first × 2^(attempt-2)},
   * at most {@code max}.
   */
  public Duration delayBefore(int attempt) {
    if (attempt <= 1) {
      return Duration.ZERO;
    }
    Duration d = first;
    for (int i = 2; i < attempt && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) < 0 ? d : max;
  }

  @Override
  public String toString() {
    return !reconnects() ? "ReconnectPolicy.none()"
        : "ReconnectPolicy[" + first + " to " + max + " between attempts, at most "
            + (maxAttempts == Integer.MAX_VALUE ? "unlimited" : Integer.toString(maxAttempts))
            + " attempts, liveness check " + (livenessCheck.isZero() ? "off" : "every " + livenessCheck) + "]";
  }
}
