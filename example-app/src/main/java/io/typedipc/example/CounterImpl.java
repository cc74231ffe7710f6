package io.typedipc.example;

/**
 * A plain, deliberately non-thread-safe counter. The Manager runs the calls to one shared object
 * one at a time ({@link io.typedipc.Dispatch#SERIAL}, the default), which is what makes it safe to
 * share — the Java answer to the seed's question "这边要不要加锁?" (do I need a lock here?): no.
 */
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
