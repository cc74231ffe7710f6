package io.typedipc.process;

import io.typedipc.it.Drifting;

/**
 * The pool worker of {@link WorkerPoolProtocolTest}, version 1; its worker JVMs run version 2,
 * compiled with {@link io.typedipc.it.DriftingVersion2}.
 */
public final class Drifter implements Drifting {
  @Override
  public void fail() throws DriftException {
    throw new DriftException("drifted", 7);
  }

  @Override
  public String echo(String s) {
    return s;
  }
}
