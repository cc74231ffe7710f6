package io.typedipc.internal.builtin;

import io.typedipc.builtin.SharedDoubleArray;
import java.util.Arrays;
import java.util.List;

/** The Manager's {@link SharedDoubleArray}: a plain array; calls run one at a time, so no locks. */
public final class SharedDoubleArrayImpl implements SharedDoubleArray {
  private final double[] array;

  /** For serializers that fill the fields in (the cluster module keeps a copy of the state this way). */
  private SharedDoubleArrayImpl() {
    this(0);
  }

  /** A zero-filled array of {@code length} elements. */
  public SharedDoubleArrayImpl(int length) {
    this.array = new double[ArrayLengths.check(length)];
  }

  /** The factory of the built-in kind: one parameter, the length. */
  static SharedDoubleArrayImpl create(List<Long> parameters) {
    return new SharedDoubleArrayImpl(ArrayLengths.of(parameters));
  }

  @Override
  public int length() {
    return array.length;
  }

  @Override
  public double get(int index) {
    return array[ArrayLengths.index(index, array.length)];
  }

  @Override
  public void set(int index, double value) {
    array[ArrayLengths.index(index, array.length)] = value;
  }

  @Override
  public double getAndSet(int index, double value) {
    double previous = get(index);
    array[index] = value;
    return previous;
  }

  @Override
  public double addAndGet(int index, double delta) {
    return array[ArrayLengths.index(index, array.length)] += delta;
  }

  @Override
  public double getAndAdd(int index, double delta) {
    double previous = get(index);
    array[index] = previous + delta;
    return previous;
  }

  @Override
  public boolean compareAndSet(int index, double expect, double update) {
    if (Double.doubleToLongBits(get(index)) != Double.doubleToLongBits(expect)) {
      return false;
    }
    array[index] = update;
    return true;
  }

  @Override
  public void setAll(int fromIndex, double[] values) {
    ArrayLengths.range(fromIndex, fromIndex + (long) values.length, array.length);
    System.arraycopy(values, 0, array, fromIndex, values.length);
  }

  @Override
  public void fill(double value) {
    Arrays.fill(array, value);
  }

  @Override
  public double[] slice(int fromIndex, int toIndex) {
    ArrayLengths.range(fromIndex, toIndex, array.length);
    return Arrays.copyOfRange(array, fromIndex, toIndex);
  }

  @Override
  public double[] toArray() {
    return array.clone();
  }

  @Override
  public String toString() {
    return "SharedDoubleArray" + Arrays.toString(array);
  }
}
