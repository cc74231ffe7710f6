package io.typedipc.example.sync;

/** A plain int; the Manager serializes calls, not read-modify-write sequences. */
public final class BalanceImpl implements Balance {
  private int value;

  @Override
  public int get() {
    return value;
  }

  @Override
  public void set(int value) {
    this.value = value;
  }
}
