package io.typedipc.process.samples;

import io.typedipc.process.WorkerInitializer;

/** docs/processes.md's initializer, verbatim. */
public final class LoadModel implements WorkerInitializer<Square> {
  public void initialize(Square worker) {
    ((SquareImpl) worker).warmUp();            // runs in each worker JVM, before its first task
  }
}
