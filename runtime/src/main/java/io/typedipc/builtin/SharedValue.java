package io.typedipc.builtin;

import io.typedipc.annotation.Shared;

/**
 * One value in the Manager, shared by every JVM that holds a proxy for it — Python's {@code
 * Manager().Value('i', 0)}, typed, with the operations of {@link
 * java.util.concurrent.atomic.AtomicReference}. Get one with {@code ManagerClient.value(name,
 * initial)} or create it at start with {@code Manager.Builder.value(name, initial)}.
 *
 * <p>The value travels by value ({@link #get} returns a copy). Each call runs in the Manager while
 * no other call to this object runs, so each is atomic: {@code v.addAndGet(1)} from ten JVMs loses
 * nothing, where {@code v.set(v.get() + 1)} would. Instead of the function that {@code
 * AtomicReference.getAndUpdate} takes (functions cannot cross JVMs), {@link #accumulateAndGet} and
 * {@link #getAndAccumulate} take a {@link Merge} operation; the numeric shortcuts work on values of
 * class {@code Integer}, {@code Long}, {@code Short}, {@code Byte}, {@code Double}, {@code Float},
 * {@code BigInteger} and {@code BigDecimal}.
 *
 * <p>Values are compared with {@code equals} (not identity: they are copies). The value must be of
 * a class both sides know, as for {@link SharedMap}; it may be {@code null}.
 *
 * @param <T> the value's type
 */
@Shared
public interface SharedValue<T> {

  /** The current value. */
  T get();

  /** Sets the value. */
  void set(T value);

  /** Sets the value; returns the previous one. */
  T getAndSet(T value);

  /** Sets the value to {@code update} only if it equals {@code expect}; returns whether it did. */
  boolean compareAndSet(T expect, T update);

  /** Combines the value with {@code operand} ({@link Merge}); returns the new value. */
  T accumulateAndGet(T operand, Merge operation);

  /** Combines the value with {@code operand} ({@link Merge}); returns the previous value. */
  T getAndAccumulate(T operand, Merge operation);

  /** Adds {@code delta} to a numeric value; returns the new value. */
  T addAndGet(T delta);

  /** Adds {@code delta} to a numeric value; returns the previous value. */
  T getAndAdd(T delta);

  /** Adds one to a numeric value; returns the new value. */
  T incrementAndGet();

  /** Subtracts one from a numeric value; returns the new value. */
  T decrementAndGet();
}
