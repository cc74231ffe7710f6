package io.typedipc.internal.builtin;

import io.typedipc.builtin.Merge;
import io.typedipc.builtin.SharedValue;
import java.util.Objects;

/** The Manager's {@link SharedValue}: a plain field; calls run one at a time, so no locks. */
public final class SharedValueImpl<T> implements SharedValue<T> {
  private T value;

  /** Holds {@code null}. */
  public SharedValueImpl() {}

  /** Holds {@code initial}. */
  public SharedValueImpl(T initial) {
    this.value = initial;
  }

  @Override
  public T get() {
    return value;
  }

  @Override
  public void set(T value) {
    this.value = value;
  }

  @Override
  public T getAndSet(T value) {
    T previous = this.value;
    this.value = value;
    return previous;
  }

  @Override
  public boolean compareAndSet(T expect, T update) {
    if (!Objects.equals(value, expect)) {
      return false;
    }
    value = update;
    return true;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T accumulateAndGet(T operand, Merge operation) {
    value = (T) Merges.apply(operation, value, operand);
    return value;
  }

  @Override
  public T getAndAccumulate(T operand, Merge operation) {
    T previous = value;
    accumulateAndGet(operand, operation);
    return previous;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T addAndGet(T delta) {
    value = (T) Merges.sum(value, delta);
    return value;
  }

  @Override
  public T getAndAdd(T delta) {
    T previous = value;
    addAndGet(delta);
    return previous;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T incrementAndGet() {
    value = (T) Merges.sum(value, Merges.one(value, 1));
    return value;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T decrementAndGet() {
    value = (T) Merges.sum(value, Merges.one(value, -1));
    return value;
  }

  @Override
  public String toString() {
    return "SharedValue[" + value + "]";
  }
}
