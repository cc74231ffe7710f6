package io.typedipc.internal.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.ProtocolException;
import io.typedipc.RemoteException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A registered exception class, by value.
 *
 * <p>{@link Throwable}'s own fields live in {@code java.base}, which JDK 17 does not open to
 * reflection, so this writes what the public API exposes — {@link Throwable#getMessage()} and
 * {@link Throwable#getStackTrace()} — plus the cause as a failure description ({@link Failures})
 * and the non-static, non-transient fields declared in the exception's own classes (its class and
 * superclasses up to the first JDK class), each with its class.
 *
 * <p>Reading rebuilds the exception with the first constructor that exists among {@code (String)},
 * {@code (String, Throwable)}, one whose parameters take the exception's own fields in declaration
 * order (so a message computed from them is computed again), and {@code ()} (of any access), else
 * the declared constructor with the fewest parameters called with {@code null}/zero arguments;
 * then it sets the cause (a {@link
 * RemoteException}), the stack trace and the fields. Lost on the way: suppressed exceptions; the
 * cause's own class (it arrives as a {@code RemoteException} describing it); the message, when the
 * class has none of the first three constructors and does not compute {@code getMessage()} from its
 * fields; and anything a constructor or a JDK superclass keeps in
 * fields of its own.
 *
 * <p>Format: message (string), stack trace, cause flag (boolean) and failure description if set,
 * then the fields in name order (declaring class from subclass to superclass), each {@code
 * writeClassAndObject}.
 */
final class ThrowableSerializer extends Serializer<Throwable> {
  private final Class<? extends Throwable> type;
  private final Field[] fields;
  private final Constructor<? extends Throwable> constructor;
  private final int constructorKind; // 0 (String), 1 (String, Throwable), 2 (), 3 other, 4 fields
  private final Object[] fallbackArguments;
  /** For kind 4: which of {@link #fields} each constructor parameter takes. */
  private final int[] parameterFields;

  ThrowableSerializer(Class<? extends Throwable> type) {
    this.type = type;
    this.fields = userFields(type);
    Constructor<? extends Throwable> c;
    int kind;
    if ((c = constructor(type, String.class)) != null) {
      kind = 0;
    } else if ((c = constructor(type, String.class, Throwable.class)) != null) {
      kind = 1;
    } else if ((c = fieldsConstructor(type, fields)) != null) {
      kind = 4;
    } else if ((c = constructor(type)) != null) {
      kind = 2;
    } else {
      kind = 3;
      c = fewestParameters(type);
    }
    this.constructor = c;
    this.constructorKind = kind;
    this.fallbackArguments = c == null ? null : defaults(c.getParameterTypes());
    this.parameterFields = kind == 4 ? parameterFields(c, fields) : null;
  }

  /**
   * A constructor whose parameters take the exception's own fields in declaration order, like
   * {@code OutOfStockException(String sku, int available)} for fields {@code sku} and {@code
   * available}: calling it with the received field values rebuilds the message the constructor
   * computes from them. The one with the most parameters wins.
   */
  @SuppressWarnings("unchecked")
  private static <T> Constructor<T> fieldsConstructor(Class<T> type, Field[] fields) {
    Constructor<T> best = null;
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (c.getParameterCount() == 0
          || (best != null && c.getParameterCount() <= best.getParameterCount())
          || parameterFields(c, fields) == null) {
        continue;
      }
      try {
        c.setAccessible(true);
        best = (Constructor<T>) c;
      } catch (RuntimeException e) {
        // not accessible: try another
      }
    }
    return best;
  }

  /** Maps each parameter to the next unused field of the same type, or {@code null}. */
  private static int[] parameterFields(Constructor<?> c, Field[] fields) {
    List<Field> declarationOrder = new ArrayList<>();
    for (Class<?> k = c.getDeclaringClass(); k != null && !isJdkClass(k); k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (List.of(fields).contains(f)) {
          declarationOrder.add(f);
        }
      }
    }
    Class<?>[] parameters = c.getParameterTypes();
    int[] map = new int[parameters.length];
    boolean[] used = new boolean[declarationOrder.size()];
    outer:
    for (int p = 0; p < parameters.length; p++) {
      for (int f = 0; f < declarationOrder.size(); f++) {
        if (!used[f] && declarationOrder.get(f).getType() == parameters[p]) {
          used[f] = true;
          map[p] = List.of(fields).indexOf(declarationOrder.get(f));
          continue outer;
        }
      }
      return null;
    }
    return map;
  }

  /** Whether a class belongs to the JDK, whose fields are neither accessible nor copied. */
  static boolean isJdkClass(Class<?> c) {
    String n = c.getName();
    return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.")
        || n.startsWith("sun.") || n.startsWith("com.sun.");
  }

  private static Field[] userFields(Class<?> type) {
    List<Field> result = new ArrayList<>();
    for (Class<?> c = type; c != null && !isJdkClass(c); c = c.getSuperclass()) {
      List<Field> declared = new ArrayList<>();
      for (Field f : c.getDeclaredFields()) {
        int m = f.getModifiers();
        if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && !f.isSynthetic()) {
          try {
            f.setAccessible(true);
          } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                "cannot register " + type.getName() + ": field " + f + " is not accessible ("
                    + e.getMessage() + "); open its package to typedipc",
                e);
          }
          declared.add(f);
        }
      }
      declared.sort(Comparator.comparing(Field::getName));
      result.addAll(declared);
    }
    return result.toArray(new Field[0]);
  }

  private static <T> Constructor<T> constructor(Class<T> type, Class<?>... parameters) {
    try {
      Constructor<T> c = type.getDeclaredConstructor(parameters);
      c.setAccessible(true);
      return c;
    } catch (NoSuchMethodException | RuntimeException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Constructor<T> fewestParameters(Class<T> type) {
    Constructor<T> best = null;
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (best == null || c.getParameterCount() < best.getParameterCount()) {
        try {
          c.setAccessible(true);
          best = (Constructor<T>) c;
        } catch (RuntimeException e) {
          // not accessible: try another
        }
      }
    }
    return best;
  }

  private static Object[] defaults(Class<?>[] types) {
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Class<?> t = types[i];
      if (t == boolean.class) {
        args[i] = false;
      } else if (t == char.class) {
        args[i] = '\0';
      } else if (t == byte.class) {
        args[i] = (byte) 0;
      } else if (t == short.class) {
        args[i] = (short) 0;
      } else if (t == int.class) {
        args[i] = 0;
      } else if (t == long.class) {
        args[i] = 0L;
      } else if (t == float.class) {
        args[i] = 0f;
      } else if (t == double.class) {
        args[i] = 0d;
      }
    }
    return args;
  }

  @Override
  public void write(Kryo kryo, Output out, Throwable t) {
    out.writeString(Failures.messageOf(t));
    Failures.writeStackTrace(out, t.getStackTrace());
    Throwable cause = t.getCause();
    if (cause == null || cause == t) {
      out.writeBoolean(false);
    } else {
      out.writeBoolean(true);
      Failures.writeFailure(out, cause);
    }
    for (Field f : fields) {
      Object value;
      try {
        value = f.get(t);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read " + f, e);
      }
      kryo.writeClassAndObject(out, value);
    }
  }

  @Override
  public Throwable read(Kryo kryo, Input in, Class<? extends Throwable> ignored) {
    String message = in.readString();
    StackTraceElement[] stack = Failures.readStackTrace(in);
    RemoteException cause = in.readBoolean() ? Failures.readFailure(in) : null;
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      Object value = kryo.readClassAndObject(in);
      Field f = fields[i];
      Class<?> ft = f.getType();
      if (ft.isPrimitive() ? value == null || !Serialization.boxed(ft).isInstance(value)
          : value != null && !ft.isInstance(value)) {
        throw new ProtocolException(
            "field " + f.getName() + " of " + type.getName() + " cannot hold "
                + (value == null ? "null" : "a " + value.getClass().getName()));
      }
      values[i] = value;
    }
    Throwable t = instantiate(message, cause, values);
    if (cause != null && constructorKind != 1 && t.getCause() == null) {
      try {
        t.initCause(cause);
      } catch (IllegalStateException | IllegalArgumentException e) {
        // the constructor already decided the cause
      }
    }
    t.setStackTrace(stack);
    for (int i = 0; i < fields.length; i++) {
      try {
        fields[i].set(t, values[i]);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot set " + fields[i], e);
      }
    }
    return t;
  }

  private Throwable instantiate(String message, RemoteException cause, Object[] values) {
    if (constructor == null) {
      throw new ProtocolException("cannot rebuild " + type.getName() + ": it has no constructor");
    }
    try {
      switch (constructorKind) {
        case 0:
          return constructor.newInstance(message);
        case 1:
          return constructor.newInstance(message, cause);
        case 2:
          return constructor.newInstance();
        case 4:
          Object[] args = new Object[parameterFields.length];
          for (int p = 0; p < args.length; p++) {
            args[p] = values[parameterFields[p]];
          }
          return constructor.newInstance(args);
        default:
          return constructor.newInstance(fallbackArguments.clone());
      }
    } catch (InvocationTargetException e) {
      throw new ProtocolException(
          "cannot rebuild " + type.getName() + ": its constructor threw " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ProtocolException("cannot rebuild " + type.getName() + ": " + e, e);
    }
  }
}
