package io.typedipc.internal.serial;

import com.esotericsoftware.kryo.io.Input;
import io.typedipc.ProtocolException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A Kryo {@link Input} over the bytes of one received frame, which refuses to allocate anything a
 * hostile peer declares larger than the frame can hold.
 *
 * <p>Kryo allocates strings and arrays from a length read off the wire before it reads their
 * contents. Here every such length is first compared with the bytes left in the frame (each
 * element takes at least one byte, or its fixed size), and a larger one is a {@link
 * ProtocolException}, so a 10-byte frame can never make the reader allocate gigabytes. This covers
 * {@link #readString()} (the character count of UTF-8 strings) and the bulk array reads ({@link
 * #readBytes(int)}, {@link #readInts(int, boolean)}, …) that Kryo's serializers use; the
 * collection, map and array serializers of this package check their own lengths with {@link
 * #checkLength(int, int)}.
 *
 * <p>The input never reads from a stream: reading past the end of the frame fails with Kryo's
 * buffer-underflow exception, which {@link Serialization} turns into a {@link ProtocolException}.
 * An instance may be reused for another frame with {@link #setBuffer(byte[], int, int)}. Not
 * thread-safe.
 *
 * <p>Besides Kryo's own string form ({@link #readString()}), it reads typedipc's length-prefixed
 * form ({@link #readLengthPrefixedString()}, written by {@link FrameOutput}), which message
 * arguments use.
 *
 * <h2>Decoded size</h2>
 *
 * A well-formed frame can still decode to many times its bytes (a map of a million small entries
 * takes a few bytes each on the wire and a hundred or more on the heap). So the input keeps an
 * estimate of the heap that the values read from the current frame take ({@link
 * #decodedBytes()}): strings and primitive arrays are charged here, objects, collection entries and
 * reference arrays by the serializers of this package ({@link #charge(long)}). With {@link
 * #limitDecoded(long)}, reading the rest of a frame fails with {@link DecodedSizeException} once
 * the estimate passes the limit, before much more than the limit is allocated.
 */
public final class FrameInput extends Input {
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** A JVM object header and a reference, as {@link #charge} estimates them. */
  static final int OBJECT_HEADER = 12;
  static final int REFERENCE = 4;
  /** An array's header (with its length), as estimated. */
  static final int ARRAY_HEADER = 16;
  /** A {@code String} with its array's header, before its characters, as estimated. */
  static final int STRING_OVERHEAD = 24 + ARRAY_HEADER;

  /** The estimated heap taken by what was read from the current frame. */
  private long decoded;
  /** The most {@link #decoded} may reach; {@link Long#MAX_VALUE} for no limit. */
  private long decodedLimit = Long.MAX_VALUE;
  /** Whether this frame's reading is measured: it has a limit, and the JVM counts allocations. */
  private boolean measuring;
  /**
   * The thread's allocation counter ({@link Allocations}) at the first charge after the limit was
   * set (calls whose arguments are all primitives never read it), or -1.
   */
  private long allocationStart = -1;
  /** What the thread had allocated since {@link #allocationStart} at the last check. */
  private long allocated;
  /** Charges left before the next look at the allocation counter. */
  private int chargesUntilCheck;
  /** How often {@link #charge} looks at the allocation counter (a look costs a few nanoseconds). */
  private static final int CHARGES_PER_CHECK = 256;
  /**
   * How many times its limit reading a frame may allocate, measured, before it stops: the estimate
   * stays within a factor of three of the allocation for every value shape typedipc's tests try
   * (temporaries included), so only a shape it misses gets there.
   */
  public static final int ALLOCATION_FACTOR = 4;
  /** Room for the strings of up to 64 characters read in Kryo's ASCII form ({@link #readAscii}). */
  private final byte[] asciiScratch = new byte[64];
  /** A {@link #chars} buffer larger than this (a long string was read) is dropped at the next frame. */
  private static final int KEPT_CHARS = 16 * 1024;

  /** Reads {@code length} bytes of {@code bytes} starting at {@code offset}. */
  public FrameInput(byte[] bytes, int offset, int length) {
    super(bytes, checkRange(bytes, offset, length), length);
  }

  /**
   * Limits the estimated heap that the values read from the rest of the current frame may take,
   * counted from now ({@link #decodedBytes()} starts again from 0). The next frame ({@link
   * #setBuffer}) is read without a limit unless one is set again.
   *
   * @param maxBytes the limit, at least 1
   */
  public void limitDecoded(long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, not " + maxBytes);
    }
    decoded = 0;
    decodedLimit = maxBytes;
    measuring = Allocations.COUNTED;
    allocationStart = -1;
    allocated = 0;
    chargesUntilCheck = CHARGES_PER_CHECK;
  }

  /**
   * What reading the frame had allocated at the last {@link #checkAllocation}, measured from the
   * first value charged after the {@linkplain #limitDecoded limit} was set; 0 without a limit, or
   * where the JVM does not count allocations.
   */
  public long allocatedBytes() {
    return allocated;
  }

  /**
   * Checks what reading the frame has allocated, measured, against {@link #ALLOCATION_FACTOR}
   * times the limit: the bound for whatever the estimate misses (work a constructor or a
   * comparison does, say). {@link #charge} looks every {@value #CHARGES_PER_CHECK} charges; call
   * this once more when the values are read.
   *
   * @throws DecodedSizeException if it allocated more
   */
  public void checkAllocation() {
    chargesUntilCheck = CHARGES_PER_CHECK;
    if (allocationStart >= 0) {
      allocated = Allocations.ofThisThread() - allocationStart;
      if (allocated > ALLOCATION_FACTOR * decodedLimit) {
        throw DecodedSizeException.allocated(decodedLimit, allocated);
      }
    }
  }

  /** The limit set by {@link #limitDecoded} for the current frame, or {@link Long#MAX_VALUE}. */
  public long decodedLimit() {
    return decodedLimit;
  }

  /**
   * The heap that the values read from the current frame take, as estimated (compressed
   * references, objects aligned to 8 bytes): a lower bound for nothing and an exact figure for
   * nothing, but it grows with what is allocated, whatever its bytes on the wire.
   */
  public long decodedBytes() {
    return decoded;
  }

  /**
   * Adds {@code bytes} to the estimated heap of the current frame's values.
   *
   * @throws DecodedSizeException if that takes the estimate past the {@linkplain #limitDecoded
   *     limit}
   */
  public void charge(long bytes) {
    if (measuring && allocationStart < 0) {
      allocationStart = Allocations.ofThisThread();
    }
    long total = decoded + bytes;
    decoded = total;
    if (total > decodedLimit) {
      throw new DecodedSizeException(decodedLimit);
    }
    if (--chargesUntilCheck <= 0) {
      checkAllocation();
    }
  }

  /** The length of the character buffer Kryo's string reads use, which this input keeps; for tests. */
  int charBufferLength() {
    return chars.length;
  }

  /** {@link #charge} on {@code in} if it is a frame input; other inputs keep no estimate. */
  static void charge(com.esotericsoftware.kryo.io.Input in, long bytes) {
    if (in instanceof FrameInput frame) {
      frame.charge(bytes);
    }
  }

  /** Charges an array of {@code length} elements of {@code elementBytes} each. */
  private void chargeArray(int length, int elementBytes) {
    charge(align(ARRAY_HEADER + (long) length * elementBytes));
  }

  /** {@code bytes} rounded up to a multiple of 8, as the JVM lays out objects. */
  static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  private static int checkRange(byte[] bytes, int offset, int length) {
    if (bytes == null) {
      throw new IllegalArgumentException("bytes cannot be null");
    }
    if (offset < 0 || length < 0 || offset > bytes.length - length) {
      throw new IllegalArgumentException(
          "range [" + offset + ", " + offset + "+" + length + ") outside a " + bytes.length
              + "-byte array");
    }
    return offset;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Given the array it already reads (a connection's frame buffer, frame after frame), it only
   * moves the bounds: storing a reference into a long-lived object costs G1 a write barrier with a
   * fence when the two live in different heap regions, once per frame otherwise.
   */
  @Override
  public void setBuffer(byte[] bytes, int offset, int count) {
    checkRange(bytes, offset, count);
    decoded = 0;
    decodedLimit = Long.MAX_VALUE;
    measuring = false;
    allocationStart = -1;
    allocated = 0;
    if (chars.length > KEPT_CHARS) {
      chars = new char[32]; // what a long string grew it to is not kept for the frames after it
    }
    if (bytes == buffer) {
      position = offset;
      limit = offset + count;
      total = 0;
      return;
    }
    super.setBuffer(bytes, offset, count);
  }

  /** Not supported: a frame input reads only the bytes it was given. */
  @Override
  public void setInputStream(InputStream inputStream) {
    throw new UnsupportedOperationException("a FrameInput reads only the frame's bytes");
  }

  // Fixed-size numbers as Kryo reads them (little-endian), one load each; reading past the end of
  // the frame fails in require() with Kryo's buffer-underflow exception, as before.

  @Override
  public int readInt() {
    if (limit - position < 4) {
      require(4);
    }
    int v = (int) INT.get(buffer, position);
    position += 4;
    return v;
  }

  @Override
  public long readLong() {
    if (limit - position < 8) {
      require(8);
    }
    long v = (long) LONG.get(buffer, position);
    position += 8;
    return v;
  }

  @Override
  public short readShort() {
    if (limit - position < 2) {
      require(2);
    }
    short v = (short) SHORT.get(buffer, position);
    position += 2;
    return v;
  }

  @Override
  public char readChar() {
    return (char) readShort();
  }

  @Override
  public float readFloat() {
    return Float.intBitsToFloat(readInt());
  }

  @Override
  public double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  /** The number of bytes not yet read in this frame. */
  public int remaining() {
    return limit - position;
  }

  /**
   * Checks a length declared by the peer against the rest of the frame.
   *
   * @param declared the declared number of elements
   * @param minBytesEach the fewest bytes each element occupies on the wire (at least 1)
   * @return {@code declared}
   * @throws ProtocolException if {@code declared} is negative or its elements cannot fit in the
   *     bytes left in the frame
   */
  public int checkLength(int declared, int minBytesEach) {
    int left = limit - position;
    if (declared < 0) {
      throw new ProtocolException("declared length " + declared + " is negative");
    }
    if ((long) declared * minBytesEach > left) {
      throw new ProtocolException(
          "declared length " + declared + " exceeds the " + left + " bytes left in the frame");
    }
    return declared;
  }

  /**
   * Reads a string written by {@link com.esotericsoftware.kryo.io.Output#writeString(String)},
   * checking a UTF-8 string's declared character count against the rest of the frame first.
   */
  @Override
  public String readString() {
    int p = position;
    boolean ascii = p < limit && (buffer[p] & 0x80) == 0;
    if (p < limit && !ascii) { // UTF-8 (or null / empty): a char count follows
      int charCountPlusOne = readVarIntFlag(true);
      position = p;
      if (charCountPlusOne < 0) {
        throw new ProtocolException("declared string length is negative");
      }
      if (charCountPlusOne > 1) {
        int chars = charCountPlusOne - 1;
        int left = limit - p - 1; // at least the first header byte is consumed
        if (chars > left) {
          throw new ProtocolException(
              "declared length " + chars + " exceeds the " + left + " bytes left in the frame");
        }
        charge(STRING_OVERHEAD + 2L * chars); // read as chars, then perhaps compacted
      }
    }
    if (ascii) {
      return readAscii();
    }
    return super.readString();
  }

  /**
   * Kryo's ASCII form: one byte a character, the last with its high bit set. Read here rather than
   * by Kryo, which copies the bytes through a {@code char[]} it doubles as it goes (about nine bytes
   * of garbage a character, and a buffer the input keeps): the end is found in the frame first, the
   * string is charged, then made from the bytes.
   */
  private String readAscii() {
    byte[] b = buffer;
    int start = position;
    int end = start;
    while (end < limit && b[end] >= 0) {
      end++;
    }
    if (end == limit) {
      throw new ProtocolException("a string's last character is missing: the frame ends first");
    }
    int length = end - start + 1;
    charge(align(STRING_OVERHEAD + (long) length));
    // the frame's bytes are never written (another thread may read them): the last one is unmarked
    // in a copy, a reused one for the short strings Kryo writes in this form
    byte[] copy = length <= asciiScratch.length ? asciiScratch : new byte[length];
    System.arraycopy(b, start, copy, 0, length);
    copy[length - 1] &= 0x7F;
    position = end + 1;
    return new String(copy, 0, length, StandardCharsets.ISO_8859_1);
  }

  /**
   * Reads a string written by {@link FrameOutput#writeLengthPrefixedString(String)}: its length is
   * checked against the bytes left in the frame before anything is allocated, and the string is
   * built straight from the frame's bytes.
   *
   * @return the string, or {@code null} if {@code null} was written
   * @throws ProtocolException if the header is cut short or malformed, names an unknown encoding,
   *     or claims more bytes than the frame has left
   */
  public String readLengthPrefixedString() {
    byte[] b = buffer;
    int p = position;
    int end = limit;
    if (p >= end) {
      throw new ProtocolException("a string's header is missing: the frame ends first");
    }
    int header = b[p++];
    if (header < 0) { // more header bytes follow
      header &= 0x7F;
      for (int shift = 7; ; shift += 7) {
        if (p >= end) {
          throw new ProtocolException("a string's header is cut short by the end of the frame");
        }
        int next = b[p++];
        if (shift == 28 && (next & 0xF0) != 0) {
          throw new ProtocolException("a string's header is longer than 5 bytes or exceeds 32 bits");
        }
        header |= (next & 0x7F) << shift;
        if (next >= 0) {
          break;
        }
      }
    }
    if (header == 0) {
      position = p;
      return null;
    }
    int value = header - 1; // unsigned
    int encoding = value & 3;
    int bytes = value >>> 2;
    int left = end - p;
    if (bytes > left) {
      throw new ProtocolException("a string declares " + bytes + " bytes, more than the " + left
          + " bytes left in the frame");
    }
    charge(align(STRING_OVERHEAD + (encoding == FrameOutput.LATIN_1 ? bytes : 2L * bytes)));
    String s;
    switch (encoding) {
      case FrameOutput.LATIN_1 -> s = new String(b, p, bytes, StandardCharsets.ISO_8859_1);
      case FrameOutput.UTF_8 -> s = new String(b, p, bytes, StandardCharsets.UTF_8);
      case FrameOutput.UTF_16 -> {
        if ((bytes & 1) != 0) {
          throw new ProtocolException("a UTF-16 string declares an odd number of bytes (" + bytes + ")");
        }
        char[] chars = new char[bytes >>> 1];
        for (int i = 0, at = p; i < chars.length; i++, at += 2) {
          chars[i] = (char) ((b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8);
        }
        s = new String(chars);
      }
      default -> throw new ProtocolException("a string names encoding 3, which does not exist");
    }
    position = p + bytes;
    return s;
  }

  /** Not used by typedipc; refuses rather than allocate from an unchecked length. */
  @Override
  public StringBuilder readStringBuilder() {
    String s = readString();
    return s == null ? null : new StringBuilder(s);
  }

  @Override
  public byte[] readBytes(int length) {
    chargeArray(checkLength(length, 1), 1);
    return super.readBytes(length);
  }

  @Override
  public int[] readInts(int length) {
    chargeArray(checkLength(length, 4), 4);
    return super.readInts(length);
  }

  @Override
  public int[] readInts(int length, boolean optimizePositive) {
    chargeArray(checkLength(length, varEncoding ? 1 : 4), 4);
    return super.readInts(length, optimizePositive);
  }

  @Override
  public long[] readLongs(int length) {
    chargeArray(checkLength(length, 8), 8);
    return super.readLongs(length);
  }

  @Override
  public long[] readLongs(int length, boolean optimizePositive) {
    chargeArray(checkLength(length, varEncoding ? 1 : 8), 8);
    return super.readLongs(length, optimizePositive);
  }

  @Override
  public float[] readFloats(int length) {
    chargeArray(checkLength(length, 4), 4);
    return super.readFloats(length);
  }

  @Override
  public double[] readDoubles(int length) {
    chargeArray(checkLength(length, 8), 8);
    return super.readDoubles(length);
  }

  @Override
  public short[] readShorts(int length) {
    chargeArray(checkLength(length, 2), 2);
    return super.readShorts(length);
  }

  @Override
  public char[] readChars(int length) {
    chargeArray(checkLength(length, 2), 2);
    return super.readChars(length);
  }

  @Override
  public boolean[] readBooleans(int length) {
    chargeArray(checkLength(length, 1), 1);
    return super.readBooleans(length);
  }
}
