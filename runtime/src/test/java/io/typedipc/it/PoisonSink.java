package io.typedipc.it;

import io.typedipc.annotation.Shared;

/** Takes a {@link Poison}: a call to it makes the Manager read one. */
@Shared
public interface PoisonSink {
  int take(Poison poison);

  int ping();

  /** Returns a {@link Poison}: a client that reads it in a poisoned JVM dies of an {@code Error} there. */
  Poison give();
}
