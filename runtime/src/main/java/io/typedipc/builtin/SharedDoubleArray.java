package io.typedipc.builtin;

import io.typedipc.annotation.Shared;

/**
 * A fixed-length array of {@code double}s in the Manager, shared by every JVM that holds a proxy for
 * it — Python's {@code Manager().Array('d', n)}, with atomic operations in the style of
 * {@link java.util.concurrent.atomic.AtomicLongArray}. Get one with {@code
 * ManagerClient.doubleArray(name, length)} or create it at start with {@code
 * Manager.Builder.doubleArray(name, length)}; it starts filled with zeros.
 *
 * <p>Each call runs in the Manager while no other call to this array runs, so each is atomic:
 * {@code a.addAndGet(i, 1)} from ten JVMs loses nothing, where {@code a.set(i, a.get(i) + 1)}
 * would. {@link #compareAndSet} compares bit patterns ({@link Double#doubleToLongBits}), so it
 * works for {@code NaN} and tells {@code 0.0} from {@code -0.0}. A bad index fails the call with a
 * {@link io.typedipc.RemoteException} naming the Manager's {@link IndexOutOfBoundsException}.
 *
 * <p>A call's arguments and its result travel in one message, within the frame limit ({@code
 * maxFrameSize}, 16 MiB by default): a {@link #toArray()} or {@link #slice} of a few million
 * elements may not fit, and then fails with {@link io.typedipc.SerializationException} (the
 * Manager sends nothing), as a {@link #setAll} too large fails before it is sent. Read and write
 * a large array in slices of up to a million elements, or raise {@code maxFrameSize} on both
 * sides.
 */
@Shared
public interface SharedDoubleArray {

  /** The number of elements, fixed at creation. */
  int length();

  /** The element at {@code index}. */
  double get(int index);

  /** Sets the element at {@code index}. */
  void set(int index, double value);

  /** Sets the element at {@code index}; returns the previous value. */
  double getAndSet(int index, double value);

  /** Adds {@code delta} to the element at {@code index}; returns the new value. */
  double addAndGet(int index, double delta);

  /** Adds {@code delta} to the element at {@code index}; returns the previous value. */
  double getAndAdd(int index, double delta);

  /**
   * Sets the element at {@code index} to {@code update} only if it is {@code expect}; returns
   * whether it did.
   */
  boolean compareAndSet(int index, double expect, double update);

  /** Copies {@code values} into the array from {@code fromIndex} on, in one atomic step. */
  void setAll(int fromIndex, double[] values);

  /** Sets every element to {@code value}. */
  void fill(double value);

  /** A copy of the elements from {@code fromIndex} (inclusive) to {@code toIndex} (exclusive). */
  double[] slice(int fromIndex, int toIndex);

  /** A copy of the whole array (Python's {@code a[:]}). */
  double[] toArray();
}
