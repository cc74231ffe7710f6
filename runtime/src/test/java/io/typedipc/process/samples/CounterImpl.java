package io.typedipc.process.samples;

public class CounterImpl implements Counter {   // no locks: calls run one at a time
  private int value;
  public int increment() { return ++value; }
  public int get() { return value; }
}
