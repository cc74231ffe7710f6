package io.typedipc.internal.builtin;

import io.typedipc.builtin.Merge;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Applies {@link Merge} operations in the Manager. */
public final class Merges {
  private Merges() {}

  /**
   * {@code operation} applied to {@code current} and {@code operand}; the operand if {@code
   * current} is {@code null}.
   *
   * @throws IllegalArgumentException if the operation does not apply to these values
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Object apply(Merge operation, Object current, Object operand) {
    if (operation == null) {
      throw new IllegalArgumentException("no merge operation given");
    }
    if (current == null || operation == Merge.REPLACE) {
      return operand;
    }
    if (operand == null) {
      throw new IllegalArgumentException(operation + " needs a non-null operand");
    }
    switch (operation) {
      case SUM:
        return sum(current, operand);
      case MIN:
      case MAX: {
        if (!(current instanceof Comparable) || current.getClass() != operand.getClass()) {
          throw mismatch(operation, current, operand, "Comparable values of the same class");
        }
        int c = ((Comparable) current).compareTo(operand);
        return operation == Merge.MIN ? (c <= 0 ? current : operand) : (c >= 0 ? current : operand);
      }
      case CONCAT:
        if (current instanceof String s && operand instanceof String o) {
          return s + o;
        }
        if (current instanceof List<?> l && operand instanceof List<?> o) {
          List<Object> joined = new ArrayList<>(l.size() + o.size());
          joined.addAll(l);
          joined.addAll(o);
          return joined;
        }
        throw mismatch(operation, current, operand, "two Strings or two Lists");
      default:
        throw new IllegalArgumentException("unknown merge operation " + operation);
    }
  }

  /** {@code current + delta} for numbers of one class. */
  public static Object sum(Object current, Object delta) {
    if (current == null || delta == null || current.getClass() != delta.getClass()) {
      throw mismatch(Merge.SUM, current, delta, "numbers of the same class");
    }
    if (current instanceof Integer a) {
      return a + (Integer) delta;
    } else if (current instanceof Long a) {
      return a + (Long) delta;
    } else if (current instanceof Double a) {
      return a + (Double) delta;
    } else if (current instanceof Float a) {
      return a + (Float) delta;
    } else if (current instanceof Short a) {
      return (short) (a + (Short) delta);
    } else if (current instanceof Byte a) {
      return (byte) (a + (Byte) delta);
    } else if (current instanceof BigInteger a) {
      return a.add((BigInteger) delta);
    } else if (current instanceof BigDecimal a) {
      BigDecimal b = (BigDecimal) delta;
      long gap = Math.abs((long) a.scale() - b.scale());
      if (gap > MAX_SCALE_GAP) { // the sum would need that many digits: minutes of work, gigabytes
        throw new IllegalArgumentException("cannot add BigDecimals whose scales differ by " + gap
            + " (at most " + MAX_SCALE_GAP + "): the sum would have as many digits");
      }
      return a.add(b);
    }
    throw mismatch(Merge.SUM, current, delta, "numbers of the same class");
  }

  /** The largest difference of scales a BigDecimal sum may bridge (one digit per unit of scale). */
  static final int MAX_SCALE_GAP = 10_000;

  /** One, of the class of {@code value} (a supported number), times {@code sign}. */
  public static Object one(Object value, int sign) {
    if (value instanceof Integer) {
      return sign;
    } else if (value instanceof Long) {
      return (long) sign;
    } else if (value instanceof Double) {
      return (double) sign;
    } else if (value instanceof Float) {
      return (float) sign;
    } else if (value instanceof Short) {
      return (short) sign;
    } else if (value instanceof Byte) {
      return (byte) sign;
    } else if (value instanceof BigInteger) {
      return BigInteger.valueOf(sign);
    } else if (value instanceof BigDecimal) {
      return BigDecimal.valueOf(sign);
    }
    throw new IllegalArgumentException("cannot count with " + describe(value)
        + "; increments need an Integer, Long, Short, Byte, Double, Float, BigInteger or BigDecimal");
  }

  private static IllegalArgumentException mismatch(Merge op, Object current, Object operand, String needs) {
    return new IllegalArgumentException(op + " needs " + needs + ", not " + describe(current) + " and "
        + describe(operand));
  }

  private static String describe(Object value) {
    return value == null ? "null" : "a " + value.getClass().getName();
  }
}
