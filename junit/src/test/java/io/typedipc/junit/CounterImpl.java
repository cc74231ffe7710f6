package io.typedipc.junit;

/** A plain counter: the Manager runs its calls one at a time. */
public final class CounterImpl implements Counter {
  private int value;

  @Override
  public int increment() {
    return ++value;
  }

  @Override
  public int get() {
    return value;
  }
}
