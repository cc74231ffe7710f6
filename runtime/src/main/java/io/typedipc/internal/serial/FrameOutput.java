package io.typedipc.internal.serial;

import com.esotericsoftware.kryo.io.Output;
import io.typedipc.SerializationException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A growable Kryo {@link Output} for building frames and message batches in memory, with
 * typedipc's length-prefixed string form ({@link #writeLengthPrefixedString}), which {@link
 * FrameInput#readLengthPrefixedString()} reads back.
 *
 * <h2>The length-prefixed string form</h2>
 *
 * <p>A header, then the string's bytes. The header is an unsigned variable-length integer (7 bits a
 * byte, least significant group first, high bit set on every byte but the last; at most 5 bytes)
 * holding {@code 0} for {@code null}, otherwise {@code (byteLength << 2 | encoding) + 1}, where
 * {@code encoding} is
 *
 * <ul>
 *   <li>{@code 0} ISO-8859-1: one byte a character; every string whose characters are all at most
 *       {@code U+00FF} (ASCII included), so a string of up to 31 such characters takes one header
 *       byte plus one byte a character;
 *   <li>{@code 1} UTF-8 (standard, surrogate pairs as 4-byte sequences): strings with a character
 *       above {@code U+00FF} and no unpaired surrogate;
 *   <li>{@code 2} UTF-16, little-endian, two bytes a character: strings with an unpaired surrogate,
 *       which UTF-8 cannot carry, so that every Java string arrives exactly as it was sent.
 * </ul>
 *
 * <p>Because the header gives the byte length, a reader checks it against the bytes left in the
 * frame before allocating anything and builds the string straight from the frame's bytes ({@code
 * new String(bytes, offset, length, charset)}), with no per-character loop for ISO-8859-1 and
 * ASCII-only UTF-8. The writer copies characters in one pass and falls back to measuring the
 * UTF-8 length only when it meets a character above {@code U+00FF}.
 *
 * <p>The fixed-size numbers ({@link #writeInt(int)}, {@link #writeLong(long)}, …) are written as
 * Kryo writes them (little-endian), each with one store instead of one a byte.
 *
 * <p>Not thread-safe.
 */
public final class FrameOutput extends Output {
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The longest string, in encoded bytes, the header can describe. */
  public static final int MAX_STRING_BYTES = 0x3FFF_FFFE;

  static final int LATIN_1 = 0;
  static final int UTF_8 = 1;
  static final int UTF_16 = 2;

  /** An output of {@code bufferSize} bytes at first, growing without limit. */
  public FrameOutput(int bufferSize) {
    super(bufferSize, -1);
  }

  @Override
  public void writeInt(int value) {
    if (capacity - position < 4) {
      require(4);
    }
    INT.set(buffer, position, value);
    position += 4;
  }

  @Override
  public void writeLong(long value) {
    if (capacity - position < 8) {
      require(8);
    }
    LONG.set(buffer, position, value);
    position += 8;
  }

  @Override
  public void writeShort(int value) {
    if (capacity - position < 2) {
      require(2);
    }
    SHORT.set(buffer, position, (short) value);
    position += 2;
  }

  @Override
  public void writeChar(char value) {
    writeShort(value);
  }

  @Override
  public void writeFloat(float value) {
    writeInt(Float.floatToIntBits(value));
  }

  @Override
  public void writeDouble(double value) {
    writeLong(Double.doubleToLongBits(value));
  }

  /**
   * Writes {@code s} (which may be {@code null}) in the length-prefixed string form described
   * above.
   *
   * @throws SerializationException if its encoded form is longer than {@link #MAX_STRING_BYTES}
   */
  public void writeLengthPrefixedString(String s) {
    if (s == null) {
      writeByte(0);
      return;
    }
    int length = s.length();
    if (length <= 31) { // the common case: one header byte
      require(1 + length);
      byte[] b = buffer;
      int start = position;
      int at = start + 1;
      for (int i = 0; i < length; i++) {
        char c = s.charAt(i);
        if (c > 0xFF) {
          writeWide(s);
          return;
        }
        b[at + i] = (byte) c;
      }
      b[start] = (byte) ((length << 2) + 1);
      position = at + length;
      return;
    }
    if (length > MAX_STRING_BYTES) {
      throw tooLong(length);
    }
    int start = position;
    writeHeader(length, LATIN_1);
    require(length);
    byte[] b = buffer;
    int at = position;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c > 0xFF) {
        position = start;
        writeWide(s);
        return;
      }
      b[at + i] = (byte) c;
    }
    position = at + length;
  }

  /** A string with a character above U+00FF: UTF-8, or UTF-16 if it has an unpaired surrogate. */
  private void writeWide(String s) {
    int length = s.length();
    long utf8 = 0;
    boolean unpaired = false;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        utf8 += 1;
      } else if (c < 0x800) {
        utf8 += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
        utf8 += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        unpaired = true;
        break;
      } else {
        utf8 += 3;
      }
    }
    if (unpaired) {
      long bytes = 2L * length;
      if (bytes > MAX_STRING_BYTES) {
        throw tooLong(bytes);
      }
      writeHeader((int) bytes, UTF_16);
      require((int) bytes);
      byte[] b = buffer;
      int at = position;
      for (int i = 0; i < length; i++) {
        char c = s.charAt(i);
        b[at++] = (byte) c;
        b[at++] = (byte) (c >>> 8);
      }
      position = at;
      return;
    }
    if (utf8 > MAX_STRING_BYTES) {
      throw tooLong(utf8);
    }
    writeHeader((int) utf8, UTF_8);
    require((int) utf8);
    byte[] b = buffer;
    int at = position;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        b[at++] = (byte) c;
      } else if (c < 0x800) {
        b[at++] = (byte) (0xC0 | c >>> 6);
        b[at++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c)) { // paired: checked above
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[at++] = (byte) (0xF0 | cp >>> 18);
        b[at++] = (byte) (0x80 | cp >>> 12 & 0x3F);
        b[at++] = (byte) (0x80 | cp >>> 6 & 0x3F);
        b[at++] = (byte) (0x80 | cp & 0x3F);
      } else {
        b[at++] = (byte) (0xE0 | c >>> 12);
        b[at++] = (byte) (0x80 | c >>> 6 & 0x3F);
        b[at++] = (byte) (0x80 | c & 0x3F);
      }
    }
    position = at;
  }

  private void writeHeader(int bytes, int encoding) {
    int value = (bytes << 2 | encoding) + 1; // bytes <= MAX_STRING_BYTES: fits in 32 bits unsigned
    require(5);
    byte[] b = buffer;
    int at = position;
    while ((value & ~0x7F) != 0) {
      b[at++] = (byte) (value & 0x7F | 0x80);
      value >>>= 7;
    }
    b[at++] = (byte) value;
    position = at;
  }

  private static SerializationException tooLong(long bytes) {
    return new SerializationException("a string of " + bytes + " encoded bytes is longer than the "
        + MAX_STRING_BYTES + " bytes a message can carry");
  }
}
