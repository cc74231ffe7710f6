package io.typedipc.introspect;

/**
 * The calls of one method of one hosted object since the Manager started.
 *
 * <p>Latency is measured in the Manager, from when the method starts running (after the call
 * waited for its object's turn) until it returns, or, for a method returning a {@code
 * CompletableFuture}, until the future completes: a lock or queue wait counts as long as it
 * waited. A percentile is the upper bound of the log-linear bucket the true value falls in (at most
 * the longest call): never below the true value, and at most 12.5 % above it. Percentiles cover
 * every call since start.
 *
 * @param method the method's signature, e.g. {@code increment()} or {@code put(java.lang.Object)}
 * @param calls calls that ran (returned, threw, or completed their future)
 * @param errors of those, the calls that threw, whose future completed exceptionally, or that
 *     returned {@code null} instead of a future
 * @param p50Nanos median latency, in nanoseconds ({@code 0} without calls)
 * @param p90Nanos 90th percentile latency
 * @param p99Nanos 99th percentile latency
 * @param maxNanos the longest call
 */
public record MethodView(
    String method, long calls, long errors, long p50Nanos, long p90Nanos, long p99Nanos, long maxNanos) {}
