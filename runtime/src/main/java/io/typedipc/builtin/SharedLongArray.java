package io.typedipc.builtin;

import io.typedipc.annotation.Shared;

/**
 * A fixed-length array of {@code long}s in the Manager, shared by every JVM that holds a proxy for
 * it — Python's {@code Manager().Array('l', n)}, with atomic operations in the style of {@link
 * java.util.concurrent.atomic.AtomicLongArray} (increment with {@code addAndGet(i, 1)}). Get one
 * with {@code ManagerClient.longArray(name, length)} or create it at start with {@code
 * Manager.Builder.longArray(name, length)}; it starts filled with zeros.
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
public interface SharedLongArray {

  /** The number of elements, fixed at creation. */
  int length();

  /** The element at {@code index}. */
  long get(int index);

  /** Sets the element at {@code index}. */
  void set(int index, long value);

  /** Sets the element at {@code index}; returns the previous value. */
  long getAndSet(int index, long value);

  /** Adds {@code delta} to the element at {@code index}; returns the new value. */
  long addAndGet(int index, long delta);

  /** Adds {@code delta} to the element at {@code index}; returns the previous value. */
  long getAndAdd(int index, long delta);

  /**
   * Sets the element at {@code index} to {@code update} only if it is {@code expect}; returns
   * whether it did.
   */
  boolean compareAndSet(int index, long expect, long update);

  /** Copies {@code values} into the array from {@code fromIndex} on, in one atomic step. */
  void setAll(int fromIndex, long[] values);

  /** Sets every element to {@code value}. */
  void fill(long value);

  /** A copy of the elements from {@code fromIndex} (inclusive) to {@code toIndex} (exclusive). */
  long[] slice(int fromIndex, int toIndex);

  /** A copy of the whole array (Python's {@code a[:]}). */
  long[] toArray();
}
