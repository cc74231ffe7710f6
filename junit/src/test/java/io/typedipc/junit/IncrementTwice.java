package io.typedipc.junit;

import io.typedipc.process.ChildContext;
import io.typedipc.process.ProcessEntry;

/** A child JVM's entry: increments the counter it was handed twice. */
public final class IncrementTwice implements ProcessEntry {
  @Override
  public void run(ChildContext context) {
    Counter counter = context.shared(Counter.class, "counter");
    counter.increment();
    counter.increment();
  }
}
