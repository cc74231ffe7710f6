package io.typedipc.internal.builtin;

import java.util.List;

/** Length and index checks of the shared arrays. */
final class ArrayLengths {
  /** The most elements a shared array may have: creating one must not exhaust the Manager. */
  static final int MAX_LENGTH = 1 << 24;

  private ArrayLengths() {}

  static int check(int length) {
    if (length < 0 || length > MAX_LENGTH) {
      throw new IllegalArgumentException("a shared array needs a length from 0 to " + MAX_LENGTH + ", not " + length);
    }
    return length;
  }

  static int of(List<Long> parameters) {
    if (parameters.size() != 1) {
      throw new IllegalArgumentException("a shared array is created from one parameter, its length");
    }
    long length = parameters.get(0);
    if (length < 0 || length > MAX_LENGTH) {
      throw new IllegalArgumentException("a shared array needs a length from 0 to " + MAX_LENGTH + ", not " + length);
    }
    return (int) length;
  }

  static int index(int index, int length) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException("index " + index + " is outside the shared array of length " + length);
    }
    return index;
  }

  static void range(long from, long to, int length) {
    if (from < 0 || to > length || from > to) {
      throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") is outside the shared array of length " + length);
    }
  }
}
