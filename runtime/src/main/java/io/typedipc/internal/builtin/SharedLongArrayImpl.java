package io.typedipc.internal.builtin;

import io.typedipc.builtin.SharedLongArray;
import java.util.Arrays;
import java.util.List;

/** The Manager's {@link SharedLongArray}: a plain array; calls run one at a time, so no locks. */
public final class SharedLongArrayImpl implements SharedLongArray {
  private final long[] array;

  /** For serializers that fill the fields in (the cluster module keeps a copy of the state this way). */
  private SharedLongArrayImpl() {
    this(0);
  }

  /** A zero-filled array of {@code length} elements. */
  public SharedLongArrayImpl(int length) {
    this.array = new long[ArrayLengths.check(length)];
  }

  /** The factory of the built-in kind: one parameter, the length. */
  static SharedLongArrayImpl create(List<Long> parameters) {
    return new SharedLongArrayImpl(ArrayLengths.of(parameters));
  }

  @Override
  public int length() {
    return array.length;
  }

  @Override
  public long get(int index) {
    return array[ArrayLengths.index(index, array.length)];
  }

  @Override
  public void set(int index, long value) {
    array[ArrayLengths.index(index, array.length)] = value;
  }

  @Override
  public long getAndSet(int index, long value) {
    long previous = get(index);
    array[index] = value;
    return previous;
  }

  @Override
  public long addAndGet(int index, long delta) {
    return array[ArrayLengths.index(index, array.length)] += delta;
  }

  @Override
  public long getAndAdd(int index, long delta) {
    long previous = get(index);
    array[index] = previous + delta;
    return previous;
  }

  @Override
  public boolean compareAndSet(int index, long expect, long update) {
    if (get(index) != expect) {
      return false;
    }
    array[index] = update;
    return true;
  }

  @Override
  public void setAll(int fromIndex, long[] values) {
    ArrayLengths.range(fromIndex, fromIndex + (long) values.length, array.length);
    System.arraycopy(values, 0, array, fromIndex, values.length);
  }

  @Override
  public void fill(long value) {
    Arrays.fill(array, value);
  }

  @Override
  public long[] slice(int fromIndex, int toIndex) {
    ArrayLengths.range(fromIndex, toIndex, array.length);
    return Arrays.copyOfRange(array, fromIndex, toIndex);
  }

  @Override
  public long[] toArray() {
    return array.clone();
  }

  @Override
  public String toString() {
    return "SharedLongArray" + Arrays.toString(array);
  }
}
