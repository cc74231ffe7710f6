package io.typedipc.internal.builtin;

import io.typedipc.builtin.Merge;
import io.typedipc.builtin.SharedList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** The Manager's {@link SharedList}: an {@link ArrayList}; calls run one at a time, so no locks. */
public final class SharedListImpl<E> implements SharedList<E> {
  private final ArrayList<E> list;

  /** An empty list. */
  public SharedListImpl() {
    this.list = new ArrayList<>();
  }

  /** A list holding {@code initial}'s elements. */
  public SharedListImpl(Collection<? extends E> initial) {
    this.list = new ArrayList<>(initial);
  }

  @Override
  public boolean add(E element) {
    return list.add(element);
  }

  @Override
  public void add(int index, E element) {
    list.add(index, element);
  }

  @Override
  public boolean addAll(Collection<E> elements) {
    return list.addAll(elements);
  }

  @Override
  public boolean addAll(int index, Collection<E> elements) {
    return list.addAll(index, elements);
  }

  @Override
  public E get(int index) {
    return list.get(index);
  }

  @Override
  public E set(int index, E element) {
    return list.set(index, element);
  }

  @Override
  @SuppressWarnings("unchecked")
  public E merge(int index, E value, Merge operation) {
    E merged = (E) Merges.apply(operation, list.get(index), value);
    list.set(index, merged);
    return merged;
  }

  @Override
  public E remove(int index) {
    return list.remove(index);
  }

  @Override
  public boolean remove(E element) {
    return list.remove(element);
  }

  @Override
  public int indexOf(E element) {
    return list.indexOf(element);
  }

  @Override
  public int lastIndexOf(E element) {
    return list.lastIndexOf(element);
  }

  @Override
  public boolean contains(E element) {
    return list.contains(element);
  }

  @Override
  public int size() {
    return list.size();
  }

  @Override
  public boolean isEmpty() {
    return list.isEmpty();
  }

  @Override
  public void clear() {
    list.clear();
  }

  @Override
  public List<E> subList(int fromIndex, int toIndex) {
    // ArrayList.subList throws IllegalArgumentException for fromIndex > toIndex; the Javadoc (and
    // java.util.List's) promise IndexOutOfBoundsException for every index error
    Objects.checkFromToIndex(fromIndex, toIndex, list.size());
    return new ArrayList<>(list.subList(fromIndex, toIndex));
  }

  @Override
  public List<E> toList() {
    return new ArrayList<>(list);
  }

  @Override
  public String toString() {
    return "SharedList" + list;
  }
}
