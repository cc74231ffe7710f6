package io.typedipc.builtin;

import io.typedipc.annotation.Shared;

/**
 * A fixed-length array of {@code int}s in the Manager, shared by every JVM that holds a proxy for
 * it — Python's {@code Manager().Array('i', n)}, with atomic operations in the style of {@link
 * java.util.concurrent.atomic.AtomicIntegerArray} (increment with {@code addAndGet(i, 1)}). Get one
 * with {@code ManagerClient.intArray(name, length)} or create it at start with {@code
 * Manager.Builder.intArray(name, length)}; it starts filled with zeros.
 *
 * <p>Each call runs in the Manager while no other call to this array runs, so each is atomic:
 * {@code a.addAndGet(i, 1)} from ten JVMs loses nothing, where {@code a.set(i, a.get(i) + 1)}
 * would. Overflow wraps around, as with Java's {@code +}. A bad index fails the call with a
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
public interface SharedIntArray {

  /** The number of elements, fixed at creation. */
  int length();

  /** The element at {@code index}. */
  int get(int index);

  /** Sets the element at {@code index}. */
  void set(int index, int value);

  /** Sets the element at {@code index}; returns the previous value. */
  int getAndSet(int index, int value);

  /** Adds {@code delta} to the element at {@code index}; returns the new value. */
  int addAndGet(int index, int delta);

  /** Adds {@code delta} to the element at {@code index}; returns the previous value. */
  int getAndAdd(int index, int delta);

  /**
   * Sets the element at {@code index} to {@code update} only if it is {@code expect}; returns
   * whether it did.
   */
  boolean compareAndSet(int index, int expect, int update);

  /** Copies {@code values} into the array from {@code fromIndex} on, in one atomic step. */
  void setAll(int fromIndex, int[] values);

  /** Sets every element to {@code value}. */
  void fill(int value);

  /** A copy of the elements from {@code fromIndex} (inclusive) to {@code toIndex} (exclusive). */
  int[] slice(int fromIndex, int toIndex);

  /** A copy of the whole array (Python's {@code a[:]}). */
  int[] toArray();
}
