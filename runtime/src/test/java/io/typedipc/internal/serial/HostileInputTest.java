package io.typedipc.internal.serial;

import static io.typedipc.internal.serial.TestSupport.allocatedBytes;
import static io.typedipc.internal.serial.TestSupport.full;
import static io.typedipc.internal.serial.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.ProtocolException;
import io.typedipc.internal.serial.Fixtures.BackorderException;
import io.typedipc.internal.serial.Fixtures.Color;
import io.typedipc.internal.serial.Fixtures.Line;
import io.typedipc.internal.serial.Fixtures.Order;
import io.typedipc.internal.serial.Fixtures.Point;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Hand-crafted malicious frames: each must fail fast with ProtocolException, allocating little. */
class HostileInputTest {
  private static final int HUGE = Integer.MAX_VALUE - 8;
  private static final long ALLOCATION_BUDGET = 4L << 20; // far below any declared length here

  private final Serialization s = full();

  private static byte[] bytes(Consumer<Output> writer) {
    Output out = new Output(64, -1);
    writer.accept(out);
    out.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}); // a little data after the header
    return out.toBytes();
  }

  /** The class tag Kryo writes for a value of {@code value}'s class. */
  private int tag(Object value) {
    byte[] b = write(s, value, Object.class);
    return new Input(b).readVarInt(true);
  }

  private ProtocolException assertRejected(byte[] frame, Class<?> declaredType) {
    return assertRejected(frame, (kryo, in) -> s.readValue(kryo, in, declaredType));
  }

  private interface Reader {
    Object read(Kryo kryo, FrameInput in);
  }

  private ProtocolException assertRejected(byte[] frame, Reader reader) {
    return assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      Kryo kryo = s.borrow();
      try {
        long before = allocatedBytes();
        ProtocolException e;
        try {
          Object value = reader.read(kryo, Serialization.frameInput(frame, 0, frame.length));
          throw new AssertionError("accepted a hostile frame as " + value);
        } catch (ProtocolException expected) {
          e = expected;
        }
        long after = allocatedBytes();
        if (before >= 0) {
          assertTrue(after - before < ALLOCATION_BUDGET,
              "allocated " + (after - before) + " bytes for a " + frame.length + "-byte frame");
        }
        return e;
      } finally {
        s.release(kryo);
      }
    });
  }

  private static void assertLengthMessage(ProtocolException e) {
    assertTrue(e.getMessage().contains("declared length")
        && e.getMessage().contains("bytes left in the frame"), e.getMessage());
  }

  @Test
  void hugeStringLength() {
    byte[] frame = bytes(o -> o.writeVarIntFlag(true, HUGE, true));
    assertLengthMessage(assertRejected(frame, String.class));
    int stringTag = tag("x");
    assertLengthMessage(assertRejected(bytes(o -> {
      o.writeVarInt(stringTag, true);
      o.writeVarIntFlag(true, HUGE, true);
    }), Object.class));
    // negative (overflowing) count
    assertRejected(bytes(o -> o.writeVarIntFlag(true, -5, true)), String.class);
  }

  @Test
  void hugePrimitiveArrayLengths() {
    for (Class<?> type : List.of(byte[].class, char[].class, short[].class, int[].class,
        long[].class, float[].class, double[].class)) {
      byte[] frame = bytes(o -> o.writeVarInt(HUGE, true)); // Kryo's arrays: length + 1, 0 = null
      assertLengthMessage(assertRejected(frame, type));
    }
    // boolean[] (ours: not-null marker, then length)
    assertLengthMessage(assertRejected(bytes(o -> {
      o.writeByte(1);
      o.writeVarInt(HUGE, true);
    }), boolean[].class));
  }

  @Test
  void hugeReferenceArrayLengths() {
    assertLengthMessage(assertRejected(bytes(o -> {
      o.writeByte(1);
      o.writeVarInt(HUGE, true);
    }), String[].class));
    for (Object sample : List.of(new Object[0], new String[0], new Point[0], new int[0][])) {
      int tag = tag(sample);
      assertLengthMessage(assertRejected(bytes(o -> {
        o.writeVarInt(tag, true);
        o.writeVarInt(HUGE, true);
      }), Object.class));
    }
  }

  @Test
  void hugeCollectionAndMapSizes() {
    for (Object sample : List.of(new ArrayList<>(), new java.util.LinkedList<>(), new java.util.HashSet<>(),
        new LinkedHashSet<>(), new HashMap<>(), new LinkedHashMap<>())) {
      int tag = tag(sample);
      assertLengthMessage(assertRejected(bytes(o -> {
        o.writeVarInt(tag, true);
        o.writeVarInt(HUGE, true);
      }), Object.class));
    }
    for (Object sample : List.of(new TreeSet<>(), new TreeMap<>())) {
      int tag = tag(sample);
      assertLengthMessage(assertRejected(bytes(o -> {
        o.writeVarInt(tag, true);
        o.writeByte(0); // natural ordering
        o.writeVarInt(HUGE, true);
      }), Object.class));
    }
    // a map needs at least two bytes per entry
    int mapTag = tag(new HashMap<>());
    assertLengthMessage(assertRejected(bytes(o -> {
      o.writeVarInt(mapTag, true);
      o.writeVarInt(5, true); // 5 entries, 8 bytes left
    }), Object.class));
  }

  @Test
  void hugeBigNumbers() {
    // BigInteger and BigDecimal are not final: a class tag comes first
    for (Object sample : List.of(BigInteger.TEN, BigDecimal.TEN)) {
      int tag = tag(sample);
      assertLengthMessage(assertRejected(bytes(o -> {
        o.writeVarInt(tag, true);
        o.writeVarInt(HUGE, true);
      }), sample.getClass()));
    }
  }

  @Test
  void hugeLengthsInExceptionsAndFailures() {
    int exceptionTag = tag(new BackorderException("x"));
    assertLengthMessage(assertRejected(bytes(o -> {
      o.writeVarInt(exceptionTag, true);
      o.writeVarIntFlag(true, HUGE, true); // message
    }), (k, in) -> s.readException(k, in)));
    assertLengthMessage(assertRejected(bytes(o -> {
      o.writeVarInt(exceptionTag, true);
      o.writeString("message");
      o.writeVarInt(HUGE, true); // stack trace length
    }), (k, in) -> s.readException(k, in)));
    assertLengthMessage(assertRejected(bytes(o -> {
      o.writeVarInt(1, true);
      o.writeString("java.lang.Error");
      o.writeString(null);
      o.writeVarInt(HUGE, true); // stack trace length
    }), (k, in) -> s.readFailure(k, in)));
    for (int chain : new int[] {0, 9, HUGE, -1}) {
      assertRejected(bytes(o -> o.writeVarInt(chain, true)), (k, in) -> s.readFailure(k, in));
    }
    // a non-exception where an exception is expected
    byte[] point = write(s, new Point(1, 2), Object.class);
    assertRejected(point, (k, in) -> s.readException(k, in));
  }

  @Test
  void nestedClaimsDoNotMultiplyAllocation() {
    // 60 nested Object[], each claiming almost the whole 1 MiB frame: reading must not allocate
    // 60 arrays of a million slots up front
    int arrayTag = tag(new Object[0]);
    int size = 1 << 20;
    Output out = new Output(size, size);
    for (int i = 0; i < 60; i++) {
      out.writeVarInt(arrayTag, true);
      out.writeVarInt(size - 400, true);
      out.writeByte(Elements.MIXED);
    }
    byte[] frame = Arrays.copyOf(out.toBytes(), size); // the rest: null elements
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      Kryo kryo = s.borrow();
      try {
        long before = allocatedBytes();
        assertThrows(ProtocolException.class,
            () -> s.readValue(kryo, Serialization.frameInput(frame, 0, frame.length), Object.class));
        long after = allocatedBytes();
        if (before >= 0) {
          assertTrue(after - before < 64L << 20, "allocated " + (after - before));
        }
      } finally {
        s.release(kryo);
      }
    });
  }

  @Test
  void unknownClassIds() {
    ProtocolException e = assertRejected(bytes(o -> o.writeVarInt(123_456_789 + 2, true)), Object.class);
    assertTrue(e.getMessage().contains("class id 123456789"), e.getMessage());
    // class names are never accepted (Kryo would load the class)
    e = assertRejected(bytes(o -> {
      o.writeByte(1);
      o.writeVarInt(0, true);
      o.writeString("java.lang.ProcessBuilder");
    }), Object.class);
    assertTrue(e.getMessage().contains("by name"), e.getMessage());
    // an id registered by another process but not this one
    Serialization other =
        Serialization.create(List.of(), List.of(Fixtures.Secret.class), 64);
    byte[] secret = write(other, new Fixtures.Secret("s"), Object.class);
    assertRejected(secret, Object.class);
    // unknown ids as collection elements and map keys
    int listTag = tag(new ArrayList<>());
    assertRejected(bytes(o -> {
      o.writeVarInt(listTag, true);
      o.writeVarInt(1, true);
      o.writeByte(Elements.SAME);
      o.writeVarInt(987_654 + 2, true);
    }), Object.class);
    assertRejected(bytes(o -> {
      o.writeVarInt(listTag, true);
      o.writeVarInt(1, true);
      o.writeByte(7); // invalid element mode
    }), Object.class);
  }

  @Test
  void truncatedFrames() {
    List<Object[]> samples = List.of(
        new Object[] {"a string long enough to be utf8 é", String.class},
        new Object[] {new Line(new Point(1, 2), new Point(3, 4), "label"), Line.class},
        new Object[] {Map.of("k", List.of(1, 2, 3), "l", Optional.of(Color.RED)), Map.class},
        new Object[] {new int[] {1, 2, 3, 400000}, int[].class},
        new Object[] {new Object[] {1L, "x", new Point(0, 0)}, Object.class},
        new Object[] {new BigDecimal("1234567890123456789012.5"), BigDecimal.class});
    for (Object[] sample : samples) {
      byte[] full = write(s, sample[0], (Class<?>) sample[1]);
      for (int n = 0; n < full.length; n++) {
        byte[] prefix = Arrays.copyOf(full, n);
        assertRejected(prefix, (Class<?>) sample[1]);
      }
    }
  }

  @Test
  void deepNesting() {
    int arrayTag = tag(new Object[0]);
    Output out = new Output(64, -1);
    for (int i = 0; i < 10_000; i++) {
      out.writeVarInt(arrayTag, true);
      out.writeVarInt(1, true);
      out.writeByte(Elements.MIXED);
    }
    out.writeByte(0);
    ProtocolException e = assertRejected(out.toBytes(), Object.class);
    assertTrue(e.getMessage().contains("maximum depth of 64"), e.getMessage());

    int listTag = tag(new ArrayList<>());
    Output lists = new Output(64, -1);
    for (int i = 0; i < 10_000; i++) {
      lists.writeVarInt(listTag, true);
      lists.writeVarInt(1, true);
      lists.writeByte(Elements.SAME);
      lists.writeVarInt(listTag, true);
      lists.writeByte(1); // not null
    }
    assertRejected(lists.toBytes(), List.class);

    // records nested through their Object component
    int holderTag = tag(new Fixtures.Holder(null));
    Output holders = new Output(64, -1);
    for (int i = 0; i < 10_000; i++) {
      holders.writeVarInt(holderTag, true);
    }
    assertRejected(holders.toBytes(), Object.class);
  }

  @Test
  void wrongElementTypesInTypedArrays() {
    int pointsTag = tag(new Point[0]);
    byte[] frame = bytes(o -> {
      o.writeVarInt(pointsTag, true);
      o.writeVarInt(1, true);
      o.writeByte(Elements.MIXED);
      o.writeVarInt(tag("s"), true);
      o.writeString("not a point");
    });
    assertRejected(Arrays.copyOf(frame, frame.length - 8), Object.class);
  }

  @Test
  void invalidValuesInsideKnownTypes() {
    assertRejected(bytes(o -> o.writeVarInt(99, true)), Color.class); // enum ordinal
    assertRejected(bytes(o -> {
      o.writeByte(1);
      o.writeInt(2024, true);
      o.writeByte(13); // month 13
      o.writeByte(1);
    }), java.time.LocalDate.class);
    // a TreeSet with elements that do not compare
    int treeTag = tag(new TreeSet<>());
    assertRejected(bytes(o -> {
      o.writeVarInt(treeTag, true);
      o.writeByte(0);
      o.writeVarInt(2, true);
      o.writeByte(Elements.MIXED);
      o.writeVarInt(tag("s"), true);
      o.writeString("a");
      o.writeVarInt(tag(1), true);
      o.writeVarInt(1, true);
    }), Object.class);
  }

  @Test
  void orderWithGarbageFieldsFailsCleanly() {
    Order order = new Order(1, "a", List.of(), Map.of(), Optional.empty(), Color.RED, new int[0], null);
    byte[] valid = write(s, order, Order.class);
    for (int i = 0; i < valid.length; i++) {
      byte[] bad = valid.clone();
      bad[i] = (byte) 0xff;
      try {
        TestSupport.read(s, bad, Order.class);
      } catch (ProtocolException | AssertionError expected) {
        // rejected, or read as another valid value
      } catch (Throwable t) {
        fail("byte " + i + ": " + t, t);
      }
    }
    assertEquals(order.sku(), ((Order) TestSupport.read(s, valid, Order.class)).sku());
  }
}
