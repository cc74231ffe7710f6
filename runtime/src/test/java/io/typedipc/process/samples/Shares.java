package io.typedipc.process.samples;

import io.typedipc.Manager;
import io.typedipc.process.ManagerInitializer;

/** docs/processes.md, "A Manager in a child JVM", verbatim. */
public final class Shares implements ManagerInitializer {
  public void initialize(Manager.Builder builder) {
    builder.share(Counter.class, "counter", new CounterImpl());
  }
}
