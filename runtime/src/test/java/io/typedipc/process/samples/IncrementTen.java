package io.typedipc.process.samples;

import io.typedipc.process.ChildContext;
import io.typedipc.process.ProcessEntry;

/** docs/processes.md, first sample, verbatim. */
public final class IncrementTen implements ProcessEntry {       // Python: def f(counter): ...
  public void run(ChildContext ctx) {
    Counter counter = ctx.shared(Counter.class, "counter");     // or ctx.handle(0, Counter.class)
    for (int i = 0; i < 10; i++) counter.increment();
  }
}
