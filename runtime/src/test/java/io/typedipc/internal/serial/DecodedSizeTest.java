package io.typedipc.internal.serial;

import static io.typedipc.internal.serial.TestSupport.allocatedBytes;
import static io.typedipc.internal.serial.TestSupport.full;
import static io.typedipc.internal.serial.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.esotericsoftware.kryo.Kryo;
import io.typedipc.internal.serial.Fixtures.Buffered;
import io.typedipc.internal.serial.Fixtures.Point;
import io.typedipc.internal.serial.Fixtures.QuotaException;
import java.io.IOException;
import java.net.URI;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A frame's decoded size: {@link FrameInput#decodedBytes()} grows with what decoding allocates,
 * whatever the frame's bytes, and a frame whose values pass the input's limit fails with {@link
 * DecodedSizeException} having allocated little more than the limit.
 */
class DecodedSizeTest {
  private final Serialization s = full();

  /** Values that take many times their bytes on the heap, and some that do not. */
  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("map of 200,000 small entries", (Supplier<Object>) () -> {
          Map<String, Integer> m = new HashMap<>();
          for (int i = 0; i < 200_000; i++) {
            m.put("k" + i, i);
          }
          return m;
        }),
        Arguments.of("linked map of 200,000 int pairs", (Supplier<Object>) () -> {
          Map<Integer, Integer> m = new LinkedHashMap<>();
          for (int i = 0; i < 200_000; i++) {
            m.put(i, i);
          }
          return m;
        }),
        Arguments.of("sorted map of 100,000 entries", (Supplier<Object>) () -> {
          Map<Long, String> m = new TreeMap<>();
          for (long i = 0; i < 100_000; i++) {
            m.put(i, "v");
          }
          return m;
        }),
        Arguments.of("set of 200,000 ints", (Supplier<Object>) () -> {
          HashSet<Integer> set = new HashSet<>();
          for (int i = 0; i < 200_000; i++) {
            set.add(i * 1000);
          }
          return set;
        }),
        Arguments.of("list of 1,000,000 boxed ints", (Supplier<Object>) () -> {
          List<Integer> l = new ArrayList<>();
          for (int i = 0; i < 1_000_000; i++) {
            l.add(i);
          }
          return l;
        }),
        Arguments.of("linked list of 300,000 nulls", (Supplier<Object>) () -> new LinkedList<>(Collections.nCopies(300_000, null))),
        Arguments.of("list of 300,000 empty lists", (Supplier<Object>) () -> {
          List<List<Integer>> l = new ArrayList<>();
          for (int i = 0; i < 300_000; i++) {
            l.add(new ArrayList<>());
          }
          return l;
        }),
        Arguments.of("Object[] of 1,000,000 nulls", (Supplier<Object>) () -> new Object[1_000_000]),
        Arguments.of("list of 200,000 records", (Supplier<Object>) () -> {
          List<Point> l = new ArrayList<>();
          for (int i = 0; i < 200_000; i++) {
            l.add(new Point(i, -i));
          }
          return l;
        }),
        Arguments.of("1,000,000 ASCII characters", (Supplier<Object>) () -> "a".repeat(1_000_000)),
        Arguments.of("500,000 characters beyond Latin-1", (Supplier<Object>) () -> "\u20ac".repeat(500_000)),
        Arguments.of("200,000 short strings", (Supplier<Object>) () -> {
          String[] a = new String[200_000];
          Arrays.setAll(a, i -> "s" + i);
          return a;
        }),
        Arguments.of("long[] of 500,000", (Supplier<Object>) () -> new long[500_000]),
        Arguments.of("byte[] of 4,000,000", (Supplier<Object>) () -> new byte[4_000_000]),
        Arguments.of("boolean[] of 1,000,000", (Supplier<Object>) () -> new boolean[1_000_000]),
        Arguments.of("an exception with 20,000 suppressed ones that are described", (Supplier<Object>) () -> {
          IOException e = new IOException("outer");
          for (int i = 0; i < 20_000; i++) {
            RuntimeException s = new RuntimeException(""); // not registered: it travels described
            s.setStackTrace(new StackTraceElement[0]);
            e.addSuppressed(s);
          }
          return e;
        }),
        Arguments.of("20,000 exceptions without stack traces", (Supplier<Object>) () -> {
          List<Exception> l = new ArrayList<>();
          for (int i = 0; i < 20_000; i++) {
            IOException e = new IOException();
            e.setStackTrace(new StackTraceElement[0]);
            l.add(e);
          }
          return l;
        }),
        Arguments.of("2,000 exceptions 50 lists deep", (Supplier<Object>) () -> {
          List<Object> l = new ArrayList<>();
          for (int i = 0; i < 2_000; i++) {
            QuotaException e = new QuotaException("u", i);
            e.setStackTrace(new StackTraceElement[0]);
            l.add(e);
          }
          Object nested = l;
          for (int i = 0; i < 50; i++) {
            nested = new ArrayList<>(List.of(nested));
          }
          return nested;
        }),
        Arguments.of("an exception with 20,000 stack frames", (Supplier<Object>) () -> {
          IOException e = new IOException("deep");
          StackTraceElement[] frames = new StackTraceElement[20_000];
          Arrays.fill(frames, new StackTraceElement("C", "m", null, -1));
          e.setStackTrace(frames);
          return e;
        }),
        Arguments.of("50,000 objects whose constructor allocates 4 KB", (Supplier<Object>) () -> {
          List<Buffered> l = new ArrayList<>();
          for (int i = 0; i < 50_000; i++) {
            l.add(new Buffered(null));
          }
          return l;
        }),
        Arguments.of("100,000 offset date-times, odd offsets", (Supplier<Object>) () -> {
          List<OffsetDateTime> l = new ArrayList<>();
          for (int i = 0; i < 100_000; i++) {
            l.add(OffsetDateTime.of(2026, 12, 7, 23, 0, i % 60, 0, ZoneOffset.ofTotalSeconds(3723 + i % 1000)));
          }
          return l;
        }),
        Arguments.of("100,000 zoned date-times, odd fixed zones", (Supplier<Object>) () -> {
          List<ZonedDateTime> l = new ArrayList<>();
          for (int i = 0; i < 100_000; i++) {
            l.add(ZonedDateTime.of(2026, 12, 7, 23, 0, 0, i, ZoneId.of("UTC+01:02:03")));
          }
          return l;
        }),
        Arguments.of("100,000 local date-times", (Supplier<Object>) () -> {
          List<LocalDateTime> l = new ArrayList<>();
          for (int i = 0; i < 100_000; i++) {
            l.add(LocalDateTime.of(2026, 12, 7, 23, 0, 0, i));
          }
          return l;
        }),
        Arguments.of("20,000 locales with extensions", (Supplier<Object>) () -> {
          List<Locale> l = new ArrayList<>();
          for (int i = 0; i < 20_000; i++) {
            l.add(Locale.forLanguageTag("de-DE-u-ca-gregory-nu-latn-x-t" + i));
          }
          return l;
        }),
        Arguments.of("100,000 en-US locales", (Supplier<Object>) () -> new ArrayList<>(Collections.nCopies(100_000, Locale.US))),
        Arguments.of("300,000 empty hash sets", (Supplier<Object>) () -> {
          List<Object> l = new ArrayList<>();
          for (int i = 0; i < 300_000; i++) {
            l.add(new HashSet<>());
          }
          return l;
        }),
        Arguments.of("300,000 empty tree sets", (Supplier<Object>) () -> {
          List<Object> l = new ArrayList<>();
          for (int i = 0; i < 300_000; i++) {
            l.add(new java.util.TreeSet<>());
          }
          return l;
        }),
        Arguments.of("50,000 URIs", (Supplier<Object>) () -> {
          List<URI> l = new ArrayList<>();
          for (int i = 0; i < 50_000; i++) {
            l.add(URI.create("s://u@h:1/p?q#f" + i));
          }
          return l;
        }));
  }

  /**
   * The estimate is not far below what decoding allocates (temporaries included), so a limit on
   * it is a limit on the heap a frame can take; nor far above it, so honest values are not refused
   * for many times what they take.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void theEstimateFollowsWhatDecodingAllocates(String what, Supplier<Object> value) {
    assumeTrue(allocatedBytes() >= 0, "this JVM does not count allocated bytes");
    byte[] frame = write(s, value.get(), Object.class);
    Kryo kryo = s.borrow();
    try {
      long allocated = Long.MAX_VALUE;
      long estimate = 0;
      for (int round = 0; round < 3; round++) { // the least of three: class loading, JIT and TLAB noise
        FrameInput in = Serialization.frameInput(frame, 0, frame.length);
        long before = allocatedBytes();
        s.readValue(kryo, in, Object.class);
        allocated = Math.min(allocated, allocatedBytes() - before);
        estimate = in.decodedBytes();
      }
      String report = what + ": " + frame.length + "-byte frame, allocated " + allocated
          + " bytes, estimated " + estimate;
      System.out.println(report);
      assertTrue(estimate >= allocated / 3, "the estimate is far below the allocation: " + report);
      assertTrue(estimate <= allocated * 3 + 1024, "the estimate is far above the allocation: " + report);
    } finally {
      s.release(kryo);
    }
  }

  @Test
  void aFrameWhoseValuesPassTheLimitFailsHavingAllocatedLittleMore() {
    assumeTrue(allocatedBytes() >= 0, "this JVM does not count allocated bytes");
    Map<Integer, Integer> big = new HashMap<>();
    for (int i = 0; i < 1_000_000; i++) {
      big.put(i, -i);
    }
    byte[] frame = write(s, big, Object.class);
    long limit = 4L << 20;
    Kryo kryo = s.borrow();
    try {
      FrameInput in = Serialization.frameInput(frame, 0, frame.length);
      in.limitDecoded(limit);
      long before = allocatedBytes();
      DecodedSizeException e = assertThrows(DecodedSizeException.class, () -> s.readValue(kryo, in, Object.class));
      long allocated = allocatedBytes() - before;
      assertEquals(limit, e.limit());
      assertEquals("the decoded values would take more than 4194304 bytes of heap (estimated)", e.getMessage());
      assertTrue(allocated < 3 * limit, "allocated " + allocated + " bytes under a limit of " + limit
          + " for a " + frame.length + "-byte frame");

      // the same input goes on with the next frame, counted from zero and without a limit
      byte[] small = write(s, Map.of(1, 2), Object.class);
      in.setBuffer(small, 0, small.length);
      assertEquals(Long.MAX_VALUE, in.decodedLimit());
      assertEquals(Map.of(1, 2), s.readValue(kryo, in, Object.class));
      assertTrue(in.decodedBytes() > 0 && in.decodedBytes() < 1024, "estimate " + in.decodedBytes());
      in.setBuffer(frame, 0, frame.length);
      assertEquals(big, s.readValue(kryo, in, Object.class));
    } finally {
      s.release(kryo);
    }
  }

  @Test
  void theLimitHoldsInsideNestedValuesAndKeepsItsType() {
    List<Map<String, Integer>> nested = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Map<String, Integer> m = new HashMap<>();
      for (int j = 0; j < 10_000; j++) {
        m.put("k" + j, j);
      }
      nested.add(m);
    }
    byte[] frame = write(s, nested, Object.class);
    Kryo kryo = s.borrow();
    try {
      FrameInput in = Serialization.frameInput(frame, 0, frame.length);
      in.limitDecoded(1L << 20);
      DecodedSizeException e = assertThrows(DecodedSizeException.class, () -> s.readValue(kryo, in, Object.class));
      assertTrue(e.getMessage().startsWith("the decoded values would take more than 1048576 bytes of heap (estimated)"),
          e.getMessage());
    } finally {
      s.release(kryo);
    }
  }

  /**
   * What the estimate misses is bounded by what decoding allocates, measured: 20,000 empty
   * collections of a class whose constructor makes room for 1,024 elements take 80 MB from a 40 KB
   * frame, estimated at under 1 MB, and the read stops once it has allocated four times the limit.
   */
  @Test
  void aReadThatAllocatesFarMoreThanItsEstimateStopsAtFourTimesTheLimit() {
    assumeTrue(allocatedBytes() >= 0, "this JVM does not count allocated bytes");
    List<Fixtures.Bag> bags = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      bags.add(new Fixtures.Bag());
    }
    byte[] frame = write(s, bags, Object.class);
    long limit = 8L << 20;
    Kryo kryo = s.borrow();
    try {
      FrameInput unlimited = Serialization.frameInput(frame, 0, frame.length);
      s.readValue(kryo, unlimited, Object.class);
      assertTrue(unlimited.decodedBytes() < limit, "estimated " + unlimited.decodedBytes()); // the estimate misses it

      FrameInput in = Serialization.frameInput(frame, 0, frame.length);
      in.limitDecoded(limit);
      long before = allocatedBytes();
      DecodedSizeException e = assertThrows(DecodedSizeException.class, () -> s.readValue(kryo, in, Object.class));
      long allocated = allocatedBytes() - before;
      assertTrue(e.allocated() > FrameInput.ALLOCATION_FACTOR * limit, "allocated " + e.allocated());
      assertTrue(e.getMessage().startsWith("decoding the values allocated "), e.getMessage());
      assertTrue(allocated < (FrameInput.ALLOCATION_FACTOR + 1) * limit,
          "allocated " + allocated + " bytes under a limit of " + limit);
    } finally {
      s.release(kryo);
    }
  }

  /**
   * Kryo's ASCII form of a string (one byte a character, the last marked) is read from the frame's
   * bytes: a crafted 1,000,000-character one allocates about its size, not the nine bytes a
   * character Kryo's doubling buffer took, and no large buffer stays with the input afterwards.
   */
  @Test
  void aLongAsciiFormStringIsReadFromTheFramesBytes() {
    assumeTrue(allocatedBytes() >= 0, "this JVM does not count allocated bytes");
    byte[] frame = new byte[1_000_000];
    Arrays.fill(frame, (byte) 'a');
    frame[frame.length - 1] |= (byte) 0x80;
    Kryo kryo = s.borrow();
    try {
      FrameInput in = Serialization.frameInput(frame, 0, frame.length);
      long allocated = Long.MAX_VALUE;
      for (int round = 0; round < 3; round++) {
        in.setBuffer(frame, 0, frame.length);
        long before = allocatedBytes();
        String value = (String) s.readValue(kryo, in, String.class);
        allocated = Math.min(allocated, allocatedBytes() - before);
        assertEquals(1_000_000, value.length());
        assertEquals("a".repeat(1_000_000), value);
        assertEquals(frame.length, in.position());
      }
      assertTrue(allocated < 3L * frame.length, "allocated " + allocated + " bytes for 1,000,000 characters");
      assertTrue(in.decodedBytes() >= frame.length, "estimated " + in.decodedBytes());

      // a UTF-8 string of 100,000 characters grows the buffer Kryo reads through; the next frame drops it
      byte[] utf8 = write(s, "\u20ac".repeat(100_000), String.class);
      in.setBuffer(utf8, 0, utf8.length);
      assertEquals("\u20ac".repeat(100_000), s.readValue(kryo, in, String.class));
      assertTrue(in.charBufferLength() >= 100_000);
      byte[] small = write(s, "ok", String.class);
      in.setBuffer(small, 0, small.length);
      assertTrue(in.charBufferLength() <= 16 * 1024, "kept " + in.charBufferLength() + " characters");
      assertEquals("ok", s.readValue(kryo, in, String.class));

      byte[] unterminated = Arrays.copyOf(frame, 100);
      unterminated[99] = 'a';
      in.setBuffer(unterminated, 0, unterminated.length);
      assertThrows(io.typedipc.ProtocolException.class, () -> s.readValue(kryo, in, String.class));
    } finally {
      s.release(kryo);
    }
  }

  @Test
  void aLimitIsAtLeastOneByte() {
    FrameInput in = Serialization.frameInput(new byte[0], 0, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> in.limitDecoded(0));
    assertEquals("maxBytes must be at least 1, not 0", e.getMessage());
    assertEquals(Long.MAX_VALUE, in.decodedLimit());
  }
}
