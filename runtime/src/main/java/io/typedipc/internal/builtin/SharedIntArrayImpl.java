package io.typedipc.internal.builtin;

import io.typedipc.builtin.SharedIntArray;
import java.util.Arrays;
import java.util.List;

/** The Manager's {@link SharedIntArray}: a plain array; calls run one at a time, so no locks. */
public final class SharedIntArrayImpl implements SharedIntArray {
  private final int[] array;

  /** For serializers that fill the fields in (the cluster module keeps a copy of the state this way). */
  private SharedIntArrayImpl() {
    this(0);
  }

  /** A zero-filled array of {@code length} elements. */
  public SharedIntArrayImpl(int length) {
    this.array = new int[ArrayLengths.check(length)];
  }

  /** The factory of the built-in kind: one parameter, the length. */
  static SharedIntArrayImpl create(List<Long> parameters) {
    return new SharedIntArrayImpl(ArrayLengths.of(parameters));
  }

  @Override
  public int length() {
    return array.length;
  }

  @Override
  public int get(int index) {
    return array[ArrayLengths.index(index, array.length)];
  }

  @Override
  public void set(int index, int value) {
    array[ArrayLengths.index(index, array.length)] = value;
  }

  @Override
  public int getAndSet(int index, int value) {
    int previous = get(index);
    array[index] = value;
    return previous;
  }

  @Override
  public int addAndGet(int index, int delta) {
    return array[ArrayLengths.index(index, array.length)] += delta;
  }

  @Override
  public int getAndAdd(int index, int delta) {
    int previous = get(index);
    array[index] = previous + delta;
    return previous;
  }

  @Override
  public boolean compareAndSet(int index, int expect, int update) {
    if (get(index) != expect) {
      return false;
    }
    array[index] = update;
    return true;
  }

  @Override
  public void setAll(int fromIndex, int[] values) {
    ArrayLengths.range(fromIndex, fromIndex + (long) values.length, array.length);
    System.arraycopy(values, 0, array, fromIndex, values.length);
  }

  @Override
  public void fill(int value) {
    Arrays.fill(array, value);
  }

  @Override
  public int[] slice(int fromIndex, int toIndex) {
    ArrayLengths.range(fromIndex, toIndex, array.length);
    return Arrays.copyOfRange(array, fromIndex, toIndex);
  }

  @Override
  public int[] toArray() {
    return array.clone();
  }

  @Override
  public String toString() {
    return "SharedIntArray" + Arrays.toString(array);
  }
}
