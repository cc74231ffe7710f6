package io.typedipc.it;

import io.typedipc.annotation.Shared;

/** Takes a {@link Poison}: a call to it makes the Manager read one. */
@Shared
public interface PoisonSink {
  int take(Poison poison);

  int ping();
}
