package io.typedipc.internal.serial;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * What one object of a class takes on the heap, as {@link FrameInput#charge} estimates it: a 12-byte
 * header, 4 bytes a reference (compressed references, the default below 32 GiB of heap), primitive
 * fields at their size, rounded up to 8 bytes. Arrays count their header here; their elements are
 * charged where they are read. Enum constants cost nothing (they are not created).
 */
final class HeapEstimate {
  private HeapEstimate() {}

  private static final ClassValue<Long> SHALLOW =
      new ClassValue<>() {
        @Override
        protected Long computeValue(Class<?> type) {
          return compute(type);
        }
      };

  /** The estimated bytes of one instance of {@code type}, not counting what its fields refer to. */
  static long shallow(Class<?> type) {
    return SHALLOW.get(type);
  }

  private static long compute(Class<?> type) {
    if (type.isArray()) {
      return FrameInput.ARRAY_HEADER;
    }
    if (type.isEnum() || Enum.class.isAssignableFrom(type)) {
      return 0;
    }
    long bytes = FrameInput.OBJECT_HEADER;
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      Field[] fields;
      try {
        fields = c.getDeclaredFields();
      } catch (SecurityException | LinkageError e) {
        fields = new Field[0];
      }
      for (Field f : fields) {
        if (!Modifier.isStatic(f.getModifiers())) {
          bytes += fieldBytes(f.getType());
        }
      }
    }
    return FrameInput.align(bytes);
  }

  private static int fieldBytes(Class<?> type) {
    if (type == long.class || type == double.class) {
      return 8;
    } else if (type == int.class || type == float.class) {
      return 4;
    } else if (type == short.class || type == char.class) {
      return 2;
    } else if (type == byte.class || type == boolean.class) {
      return 1;
    }
    return FrameInput.REFERENCE;
  }
}
