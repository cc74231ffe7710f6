package io.typedipc.internal.serial;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one object of a class takes on the heap, as {@link FrameInput#charge} estimates it: a 12-byte
 * header, 4 bytes a reference (compressed references, the default below 32 GiB of heap), primitive
 * fields at their size, rounded up to 8 bytes. Arrays count their header here; their elements are
 * charged where they are read. Enum constants cost nothing (they are not created). For the JDK's
 * value classes, what their serializers build besides ({@link #of}); for throwables, the backtrace
 * their constructors record ({@link #throwable}).
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

  /** What {@link #of} charges for a value of a class, before a {@code URI}'s characters. */
  private static final ClassValue<Long> OWN =
      new ClassValue<>() {
        @Override
        protected Long computeValue(Class<?> type) {
          return shallow(type) + beyondFields(type);
        }
      };

  /**
   * What the JDK's value classes hold beyond their own fields, made by their serializers without a
   * read of their own: a date-time's date and time, an offset's id when it is not a cached one, a
   * set's backing map. A {@code URI} keeps its parts as strings besides the whole (see {@link #of});
   * a {@code Locale} is charged as it is read ({@link #locale}).
   */
  private static long beyondFields(Class<?> type) {
    long date = shallow(LocalDate.class);
    long time = shallow(LocalTime.class);
    long offset = shallow(ZoneOffset.class) + NEW_OFFSET_ID;
    long dateTime = shallow(LocalDateTime.class) + date + time;
    if (type == LocalDateTime.class) {
      return date + time;
    } else if (type == OffsetDateTime.class) {
      return dateTime + offset;
    } else if (type == ZonedDateTime.class) {
      return dateTime + offset + ZONE; // and its zone
    } else if (type == OffsetTime.class) {
      return time + offset;
    } else if (type == ZoneOffset.class) {
      return NEW_OFFSET_ID;
    } else if (type == HashSet.class) {
      return shallow(HashMap.class);
    } else if (type == LinkedHashSet.class) {
      return shallow(LinkedHashMap.class);
    } else if (type == TreeSet.class) {
      return shallow(TreeMap.class);
    } else if (type == URI.class) {
      return 8L * FrameInput.STRING_OVERHEAD;
    }
    return 0;
  }

  /** The id string of an offset that is not a multiple of 15 minutes (those are cached). */
  private static final long NEW_OFFSET_ID = FrameInput.STRING_OVERHEAD + 16;

  /**
   * A zone read by its id: a region with its rules, or a fixed zone with its offset (an id such as
   * {@code UTC+01:02:03} takes about 800 bytes to make).
   */
  private static final long ZONE = 512;

  /**
   * What a {@code Locale} takes to make from a tag or parts of {@code characters} characters: it is
   * parsed into many short-lived objects, about a hundred bytes a character (measured: 384 bytes
   * for {@code en-US}, 3.6 KB for a 33-character tag with extensions).
   */
  static long locale(int characters) {
    return 256 + 96L * characters;
  }

  /** The estimated bytes of one instance of {@code type}, not counting what its fields refer to. */
  static long shallow(Class<?> type) {
    return SHALLOW.get(type);
  }

  /**
   * The estimated bytes a decoded {@code value} takes that no read of its parts charged: its own
   * fields, and for the JDK's value classes what their serializers build besides (a {@code URI}'s
   * parts: about three times its characters more).
   */
  static long of(Object value) {
    Class<?> type = value.getClass();
    long bytes = OWN.get(type);
    if (value instanceof URI uri) {
      bytes += 3L * uri.toString().length();
    }
    return bytes;
  }

  /** Java frames a reader has on its stack, before and per level of nesting, as estimated. */
  private static final int BASE_FRAMES = 40;
  private static final int FRAMES_PER_LEVEL = 6;
  /** A throwable's own objects, and its backtrace's bytes per frame (HotSpot, measured: 720 + 22 a frame). */
  private static final int THROWABLE_BYTES = 720;
  private static final int BACKTRACE_BYTES_PER_FRAME = 24;

  /**
   * What a throwable rebuilt from the wire takes: its constructor records the stack of the thread
   * decoding it (a backtrace, kept even once the sender's stack trace replaces it), which is deeper
   * the deeper the throwable is nested ({@code depth}, Kryo's nesting depth).
   */
  static long throwable(int depth) {
    return THROWABLE_BYTES + (long) BACKTRACE_BYTES_PER_FRAME * (BASE_FRAMES + FRAMES_PER_LEVEL * Math.max(0, depth));
  }

  /** A stack trace element, as estimated (its strings are charged as they are read). */
  static final int STACK_TRACE_ELEMENT = 48;

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
