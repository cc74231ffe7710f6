package io.typedipc.pipe;

import java.util.ArrayList;
import java.util.List;

/** A receiving pipe end's handler that records the numbers it receives and ignores word lists. */
final class CollectedNumbers implements Numbers {
  final List<Long> numbers = new ArrayList<>();

  @Override
  public void number(long n) {
    numbers.add(n);
  }

  @Override
  public void words(List<String> words) {}
}
