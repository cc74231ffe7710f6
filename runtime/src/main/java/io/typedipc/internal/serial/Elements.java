package io.typedipc.internal.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.ProtocolException;

/**
 * The element encoding shared by the collection, map and array serializers of this package.
 *
 * <p>A run of elements starts with a mode byte. {@link #MIXED}: each element is written with its
 * class ({@code writeClassAndObject}). {@link #SAME}: all non-null elements have one class, written
 * once, then each element is written with that class's serializer and a null marker ({@code
 * writeObjectOrNull}). Either way every element takes at least one byte on the wire, which is what
 * lets readers check a declared length against the bytes left in the frame before reading.
 */
final class Elements {
  static final int MIXED = 0;
  static final int SAME = 1;

  private Elements() {}

  /** The common class of the non-null elements, or {@code null} if none or mixed. */
  static Class<?> commonClass(Iterable<?> elements) {
    Class<?> common = null;
    for (Object e : elements) {
      if (e != null) {
        Class<?> c = e.getClass();
        if (common == null) {
          common = c;
        } else if (c != common) {
          return null;
        }
      }
    }
    return common;
  }

  /** As {@link #commonClass(Iterable)}, for an array. */
  static Class<?> commonClass(Object[] elements) {
    return commonClass(java.util.Arrays.asList(elements));
  }

  /**
   * Writes the mode byte (and the common class) and returns the serializer to pass to {@link
   * #write}: {@code null} means mixed.
   */
  static Serializer<?> writeMode(Kryo kryo, Output out, Class<?> common) {
    if (common == null) {
      out.writeByte(MIXED);
      return null;
    }
    out.writeByte(SAME);
    return kryo.writeClass(out, common).getSerializer();
  }

  /** Writes one element in the mode chosen by {@link #writeMode}. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static void write(Kryo kryo, Output out, Object element, Serializer serializer) {
    if (serializer == null) {
      kryo.writeClassAndObject(out, element);
    } else {
      kryo.writeObjectOrNull(out, element, serializer);
    }
  }

  /**
   * Reads the mode byte (and common class) written by {@link #writeMode}; returns the registration
   * to pass to {@link #read}, {@code null} for mixed.
   */
  static Registration readMode(Kryo kryo, Input in) {
    int mode = in.readByte();
    if (mode == MIXED) {
      return null;
    }
    if (mode != SAME) {
      throw new ProtocolException("invalid element mode " + mode);
    }
    Registration registration = kryo.readClass(in);
    if (registration == null) {
      throw new ProtocolException("missing element class");
    }
    return registration;
  }

  /** Reads one element in the mode returned by {@link #readMode}. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static Object read(Kryo kryo, Input in, Registration registration) {
    if (registration == null) {
      return kryo.readClassAndObject(in);
    }
    return kryo.readObjectOrNull(in, registration.getType(), registration.getSerializer());
  }

  /** Reads a declared element count and checks it against the rest of the frame. */
  static int readLength(Input in, int minBytesEach) {
    return frame(in).checkLength(in.readVarInt(true), minBytesEach);
  }

  /** The first capacity to give a collection that will hold {@code length} elements. */
  static int initialCapacity(int length) {
    return Math.min(length, 1024);
  }

  static FrameInput frame(Input in) {
    if (in instanceof FrameInput) {
      return (FrameInput) in;
    }
    throw new IllegalArgumentException(
        "typedipc reads only from a FrameInput (Serialization.frameInput), which bounds lengths");
  }
}
