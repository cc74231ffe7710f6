package io.typedipc.internal.serial;

import io.typedipc.ProtocolException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fallback for an exception class without a generated codec — one registered by hand, used as
 * a value, or declared by an interface compiled before codecs existed: reads and sets its fields
 * by reflection and picks a constructor by its parameter types, the first that exists among
 * {@code (String)}, {@code (String, Throwable)}, one whose parameters take the exception's own
 * fields in declaration order (so a message computed from them is computed again), and {@code ()}
 * (of any access), else the declared constructor with the fewest parameters called with {@code
 * null}/zero arguments. Exceptions declared by {@code @Shared} methods have codecs and never come
 * here.
 */
final class ReflectiveThrowables extends ThrowableSerializer.Shape {
  private final Class<? extends Throwable> type;
  private final Field[] fields;
  private final Constructor<? extends Throwable> constructor;
  private final int constructorKind; // 0 (String), 1 (String, Throwable), 2 (), 3 other, 4 fields
  private final Object[] fallbackArguments;
  /** For kind 4: which of {@link #fields} each constructor parameter takes. */
  private final int[] parameterFields;

  ReflectiveThrowables(Class<? extends Throwable> type) {
    this(type, userFields(type));
  }

  private ReflectiveThrowables(Class<? extends Throwable> type, Field[] fields) {
    super(names(fields), types(fields));
    this.type = type;
    this.fields = fields;
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

  private static String[] names(Field[] fields) {
    String[] names = new String[fields.length];
    for (int i = 0; i < fields.length; i++) {
      names[i] = fields[i].getName();
    }
    return names;
  }

  private static Class<?>[] types(Field[] fields) {
    Class<?>[] types = new Class<?>[fields.length];
    for (int i = 0; i < fields.length; i++) {
      types[i] = fields[i].getType();
    }
    return types;
  }

  @Override
  boolean takesMessage() {
    return constructorKind == 0 || constructorKind == 1;
  }

  @Override
  Class<? extends Throwable> causeType() {
    return constructorKind == 1 ? Throwable.class : null;
  }

  @Override
  Object[] read(Throwable t) {
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      try {
        values[i] = fields[i].get(t);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read " + fields[i], e);
      }
    }
    return values;
  }

  @Override
  Throwable rebuild(String message, Throwable cause, Object[] values) {
    Throwable t = instantiate(message, cause, values);
    for (int i = 0; i < fields.length; i++) {
      try {
        fields[i].set(t, values[i]);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot set " + fields[i], e);
      }
    }
    return t;
  }

  private Throwable instantiate(String message, Throwable cause, Object[] values) {
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

  /**
   * A constructor whose parameters take the exception's own fields in declaration order, like
   * {@code OutOfStockException(String sku, int available)} for fields {@code sku} and {@code
   * available}. The one with the most parameters wins.
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

  /** The fields that travel, subclass first, by name within a class (as the processor orders). */
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
}
