package io.typedipc.builtin;

/**
 * How an atomic update combines the current value with an operand, in the Manager. Lambdas cannot
 * cross JVMs, so the read-modify-write operations of the shared containers ({@link
 * SharedMap#merge}, {@link SharedList#merge}, {@link SharedValue#accumulateAndGet}) name one of
 * these instead, and the Manager applies it while no other call to the object runs: no update is
 * lost, whatever the number of clients.
 *
 * <p>In every case a {@code null} (or absent) current value is replaced by the operand, as with
 * {@link java.util.Map#merge}. Operands of the wrong class, and a {@code null} operand over a
 * value that is not {@code null} (except with {@link #REPLACE}), fail the call with an {@link
 * IllegalArgumentException} (a {@link io.typedipc.RemoteException} on the client) and change
 * nothing.
 */
public enum Merge {
  /**
   * {@code current + operand}, for numbers of the same class: {@code Integer}, {@code Long},
   * {@code Short}, {@code Byte} (overflow wraps around, as with Java's {@code +}), {@code Double},
   * {@code Float}, {@code BigInteger}, {@code BigDecimal}. A negative operand subtracts. Two
   * {@code BigDecimal}s whose scales differ by more than 10,000 are refused ({@link
   * IllegalArgumentException}): their sum would have that many digits.
   */
  SUM,
  /** The smaller of the two, for {@link Comparable} values of the same class. */
  MIN,
  /** The larger of the two, for {@link Comparable} values of the same class. */
  MAX,
  /** The operand: like a plain set, but returning the new value. */
  REPLACE,
  /**
   * {@code current + operand} for {@code String}s; for lists, a new list with the operand's
   * elements appended.
   */
  CONCAT
}
