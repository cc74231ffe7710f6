package io.typedipc.it;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/** Keeps only weak references to the cells it made, so a test can see which ones the Manager let go. */
public final class CellsImpl implements Cells {
  private final List<WeakReference<Cell>> made = new ArrayList<>();
  private final CellImpl same = new CellImpl(0);

  @Override
  public Cell sameCell() {
    return same;
  }

  @Override
  public synchronized Cell newCell(int value) {
    CellImpl cell = new CellImpl(value);
    made.add(new WeakReference<>(cell));
    return cell;
  }

  /** How many cells made are still reachable, after a collection. */
  public int reachable() {
    System.gc();
    synchronized (this) {
      return (int) made.stream().filter(r -> r.get() != null).count();
    }
  }

  public synchronized int made() {
    return made.size();
  }

  static final class CellImpl implements Cell {
    private int value;

    CellImpl(int value) {
      this.value = value;
    }

    @Override
    public int get() {
      return value;
    }

    @Override
    public void set(int value) {
      this.value = value;
    }
  }
}
