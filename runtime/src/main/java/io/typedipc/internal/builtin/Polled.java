package io.typedipc.internal.builtin;

/**
 * The result of a queue get: a {@link Status} and, when it is {@link Status#OK}, the element.
 *
 * @param status {@link Status#OK}, {@link Status#NO} (empty, or timed out), {@link
 *     Status#CANCELLED} or {@link Status#CLOSED}
 * @param value the element taken, or {@code null}
 */
public record Polled<E>(long status, E value) {}
