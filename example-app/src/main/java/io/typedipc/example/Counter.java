package io.typedipc.example;

import io.typedipc.annotation.Shared;

/**
 * A counter that lives in the Manager; every JVM that asks for it gets a proxy to the same one.
 *
 * <p>Python's {@code manager.Value('i', 0)} plus the lock you would wrap around {@code v.value +=
 * 1}: here {@link #increment()} is one remote call that runs alone on the Manager, so the
 * read-modify-write cannot lose an update, however many JVMs call it.
 */
@Shared
public interface Counter {
  /** Adds one and returns the new value. */
  int increment();

  /** The current value. */
  int get();
}
