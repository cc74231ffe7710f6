package io.typedipc.it;

/** Never reached with a real {@link Poison} in a poisoned Manager: reading the argument throws. */
public class PoisonSinkImpl implements PoisonSink {
  @Override
  public int take(Poison poison) {
    return 1;
  }

  @Override
  public int ping() {
    return 2;
  }

  @Override
  public Poison give() {
    return new Poison();
  }
}
