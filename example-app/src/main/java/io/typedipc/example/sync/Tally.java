package io.typedipc.example.sync;

/**
 * What one consumer of {@link ProducerConsumer} took: a value class crossing the wire, so both
 * sides {@code register} it.
 */
public record Tally(String consumer, int count, long sum) {}
