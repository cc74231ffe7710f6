package io.typedipc.process.samples;

public class SquareImpl implements Square {
  private boolean warm;

  public int square(int x) {
    if (!warm) {
      throw new IllegalStateException("the initializer did not run before the first task");
    }
    return x * x;
  }

  void warmUp() {
    warm = true;
  }
}
