package io.typedipc.it;

import io.typedipc.annotation.Shared;
import java.util.concurrent.CompletableFuture;

/** A call that runs until the test lets it go, quick calls to queue behind it, and a parked one. */
@Shared
public interface Gate {
  /** Runs until {@link GateImpl#open()}. */
  void hold();

  /** Runs until {@link GateImpl#unblock(String)} with the same key. */
  void block(String key);

  /** Returns at once. */
  int quick();

  /** Pending until {@link GateImpl#release(String)}. */
  CompletableFuture<String> park();

  /** Returns null instead of a future: the call fails in the Manager. */
  CompletableFuture<String> nothing();
}
