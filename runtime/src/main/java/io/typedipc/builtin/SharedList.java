package io.typedipc.builtin;

import io.typedipc.annotation.Shared;
import java.util.Collection;
import java.util.List;

/**
 * A list in the Manager, shared by every JVM that holds a proxy for it — Python's {@code
 * Manager().list()}, typed. Get one with {@code ManagerClient.list(name)} or create it at start
 * with {@code Manager.Builder.list(name)}.
 *
 * <p>Elements travel <b>by value</b>: {@link #get} returns a copy, and changing it changes nothing
 * in the Manager; {@link #set} it back, or use {@link #merge}. An element that is itself a shared
 * object is the exception: it stays in the Manager and {@link #get} returns a proxy for it.
 *
 * <p>Every call runs in the Manager while no other call to this list runs, so each method is
 * atomic ({@link #add(Object)} from ten JVMs loses nothing). A read followed by a write through
 * the proxy is not: an index read with {@link #indexOf} may be stale by the time it is used. Use
 * {@link #merge} for read-modify-write of one element. Elements are compared with {@code equals}
 * in the Manager. Index errors arrive as {@link io.typedipc.RemoteException}s naming the Manager's
 * {@link IndexOutOfBoundsException}.
 *
 * <p>Elements must be classes both sides know, as for {@link SharedMap}. {@code null} elements are
 * allowed. A copy of a large list ({@link #toList}) that does not fit the frame limit ({@code
 * maxFrameSize}, 16 MiB by default) fails with {@link io.typedipc.SerializationException}; read it
 * in parts with {@link #subList}.
 *
 * @param <E> the element type
 */
@Shared
public interface SharedList<E> {

  /** Appends {@code element}; returns {@code true}. */
  boolean add(E element);

  /** Inserts {@code element} at {@code index}, shifting later elements. */
  void add(int index, E element);

  /** Appends every element of {@code elements}, in order; returns whether the list changed. */
  boolean addAll(Collection<E> elements);

  /** Inserts every element of {@code elements} at {@code index}; returns whether the list changed. */
  boolean addAll(int index, Collection<E> elements);

  /** The element at {@code index}. */
  E get(int index);

  /** Replaces the element at {@code index}; returns the previous one. */
  E set(int index, E element);

  /**
   * Atomically combines the element at {@code index} with {@code value} and returns the new
   * element; see {@link Merge}.
   *
   * @throws IllegalArgumentException (as a {@link io.typedipc.RemoteException}) if the operation
   *     does not apply; the list is unchanged
   */
  E merge(int index, E value, Merge operation);

  /** Removes the element at {@code index}; returns it. */
  E remove(int index);

  /**
   * Removes the first element equal to {@code element}; returns whether there was one. (For a
   * {@code SharedList<Integer>}, {@code remove(1)} removes index 1, as with {@link List}; pass an
   * {@code Integer} to remove a value.)
   */
  boolean remove(E element);

  /** The index of the first element equal to {@code element}, or -1. */
  int indexOf(E element);

  /** The index of the last element equal to {@code element}, or -1. */
  int lastIndexOf(E element);

  /** Whether an element equals {@code element}. */
  boolean contains(E element);

  /** The number of elements. */
  int size();

  /** Whether there are no elements. */
  boolean isEmpty();

  /** Removes every element. */
  void clear();

  /** A copy of the elements from {@code fromIndex} (inclusive) to {@code toIndex} (exclusive). */
  List<E> subList(int fromIndex, int toIndex);

  /** A copy of the whole list (Python's {@code list(l)}). */
  List<E> toList();
}
