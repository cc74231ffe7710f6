package io.typedipc.it;

import io.typedipc.annotation.Shared;

/** Hands out {@link Cell}s, each a new object the Manager hosts on the fly. */
@Shared
public interface Cells {
  /** A new cell holding {@code value}. */
  Cell newCell(int value);

  /** The same cell every time (the implementation keeps it). */
  Cell sameCell();

  /** A shared cell that holds values. */
  @Shared
  interface Cell {
    int get();

    void set(int value);
  }
}
