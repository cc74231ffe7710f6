package io.typedipc.hazelcast;

/** A plain, non-thread-safe counter: its one field is its state in the cluster. */
public final class CounterImpl implements Counter {
  private long value;

  @Override
  public long increment() {
    return ++value;
  }

  @Override
  public long get() {
    return value;
  }
}
