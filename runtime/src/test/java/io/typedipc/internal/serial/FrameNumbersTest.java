package io.typedipc.internal.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FrameOutput and FrameInput write and read fixed-size numbers with one store or load each; the
 * bytes must stay exactly Kryo's, since other code reads and writes them with Kryo's own Input and
 * Output.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FrameNumbersTest {
  private static final int[] INTS = {0, 1, -1, 0x01020304, Integer.MIN_VALUE, Integer.MAX_VALUE};
  private static final long[] LONGS = {0, 1, -1, 0x0102030405060708L, Long.MIN_VALUE, Long.MAX_VALUE};
  private static final double[] DOUBLES = {0.0, -0.0, 1.5, Double.NaN, Double.MIN_VALUE, Double.NEGATIVE_INFINITY};
  private static final float[] FLOATS = {0f, -0f, 1.5f, Float.NaN, Float.MAX_VALUE};
  private static final short[] SHORTS = {0, 1, -1, Short.MIN_VALUE, Short.MAX_VALUE};
  private static final char[] CHARS = {0, 'a', 'é', '\uffff'};

  private static void writeAll(Output out) {
    for (int v : INTS) {
      out.writeInt(v);
    }
    for (long v : LONGS) {
      out.writeLong(v);
    }
    for (double v : DOUBLES) {
      out.writeDouble(v);
    }
    for (float v : FLOATS) {
      out.writeFloat(v);
    }
    for (short v : SHORTS) {
      out.writeShort(v);
    }
    for (char v : CHARS) {
      out.writeChar(v);
    }
  }

  private static void readAll(Input in) {
    for (int v : INTS) {
      assertEquals(v, in.readInt());
    }
    for (long v : LONGS) {
      assertEquals(v, in.readLong());
    }
    for (double v : DOUBLES) {
      assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(in.readDouble()));
    }
    for (float v : FLOATS) {
      assertEquals(Float.floatToIntBits(v), Float.floatToIntBits(in.readFloat()));
    }
    for (short v : SHORTS) {
      assertEquals(v, in.readShort());
    }
    for (char v : CHARS) {
      assertEquals(v, in.readChar());
    }
  }

  @Test
  void theSameBytesAsKryoBothWays() {
    FrameOutput fast = new FrameOutput(4); // small: the writes must grow it
    writeAll(fast);
    Output kryo = new Output(4, -1);
    writeAll(kryo);
    assertArrayEquals(kryo.toBytes(), fast.toBytes());

    byte[] bytes = kryo.toBytes();
    FrameInput in = new FrameInput(bytes, 0, bytes.length);
    readAll(in);
    assertEquals(bytes.length, in.position());
    readAll(new Input(fast.toBytes()));
  }

  @Test
  void readingPastTheFrameFailsAsKryoDoes() {
    byte[] bytes = {1, 2, 3, 4, 5, 6, 7};
    assertThrows(KryoException.class, () -> new FrameInput(bytes, 0, 7).readLong());
    assertThrows(KryoException.class, () -> new FrameInput(bytes, 4, 3).readInt());
    assertThrows(KryoException.class, () -> new FrameInput(bytes, 6, 1).readShort());
    FrameInput in = new FrameInput(bytes, 1, 4); // a frame inside a larger array: its end counts
    assertEquals(0x05040302, in.readInt());
    assertThrows(KryoException.class, in::readChar);
  }

  @Test
  void aFrameInputReusedOnTheSameArrayReadsOnlyTheNewFrame() {
    byte[] buffer = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    FrameInput in = new FrameInput(buffer, 0, 8);
    assertEquals(0x04030201, in.readInt()); // half of the first frame read, then the next one is given
    in.setBuffer(buffer, 6, 6);
    assertEquals(6, in.position());
    assertEquals(12, in.limit());
    assertEquals(new FrameInput(buffer, 6, 6).total(), in.total(), "counted as a fresh input counts");
    assertEquals(0x0A090807, in.readInt());
    assertThrows(KryoException.class, in::readInt, "only two bytes of the frame are left");
    in.setBuffer(buffer, 2, 2); // a frame that ends before where the last one ended
    assertEquals(0x0403, in.readShort());
    assertThrows(KryoException.class, in::readByte);
    assertThrows(IllegalArgumentException.class, () -> in.setBuffer(buffer, 10, 3), "past the array");
    byte[] other = {42};
    in.setBuffer(other, 0, 1);
    assertEquals(42, in.readByte());
  }
}
