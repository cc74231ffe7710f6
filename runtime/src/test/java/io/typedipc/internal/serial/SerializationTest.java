package io.typedipc.internal.serial;

import static io.typedipc.internal.serial.TestSupport.full;
import static io.typedipc.internal.serial.TestSupport.read;
import static io.typedipc.internal.serial.TestSupport.roundTrip;
import static io.typedipc.internal.serial.TestSupport.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.ProtocolException;
import io.typedipc.RemoteException;
import io.typedipc.SerializationException;
import io.typedipc.internal.serial.Fixtures.Account;
import io.typedipc.internal.serial.Fixtures.BackorderException;
import io.typedipc.internal.serial.Fixtures.Color;
import io.typedipc.internal.serial.Fixtures.Holder;
import io.typedipc.internal.serial.Fixtures.Line;
import io.typedipc.internal.serial.Fixtures.Node;
import io.typedipc.internal.serial.Fixtures.Op;
import io.typedipc.internal.serial.Fixtures.Order;
import io.typedipc.internal.serial.Fixtures.OutOfStockException;
import io.typedipc.internal.serial.Fixtures.Point;
import io.typedipc.internal.serial.Fixtures.QuotaException;
import io.typedipc.internal.serial.Fixtures.Secret;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SerializationTest {
  private final Serialization s = full();

  private void assertRoundTrip(Object value, Class<?> declaredType) {
    Object copy = roundTrip(s, value, declaredType);
    if (value != null && value.getClass().isArray()) {
      assertTrue(Arrays.deepEquals(new Object[] {value}, new Object[] {copy}),
          () -> Arrays.deepToString(new Object[] {value}) + " != "
              + Arrays.deepToString(new Object[] {copy}));
      assertEquals(value.getClass(), copy.getClass());
    } else {
      assertEquals(value, copy);
    }
    // the same value through a type variable (class tag) must also work
    Object viaObject = roundTrip(s, value, Object.class);
    if (value != null && value.getClass().isArray()) {
      assertTrue(Arrays.deepEquals(new Object[] {value}, new Object[] {viaObject}));
    } else {
      assertEquals(value, viaObject);
    }
  }

  @Test
  void primitivesBoxedAndStrings() {
    assertEquals(42, roundTrip(s, 42, int.class));
    assertEquals(-7L, roundTrip(s, -7L, long.class));
    assertEquals(true, roundTrip(s, true, boolean.class));
    assertEquals('x', roundTrip(s, 'x', char.class));
    assertEquals((byte) 3, roundTrip(s, (byte) 3, byte.class));
    assertEquals((short) 300, roundTrip(s, (short) 300, short.class));
    assertEquals(1.5f, roundTrip(s, 1.5f, float.class));
    assertEquals(2.25, roundTrip(s, 2.25, double.class));
    assertRoundTrip(Integer.MIN_VALUE, Integer.class);
    assertRoundTrip(Long.MAX_VALUE, Long.class);
    assertRoundTrip(Double.NaN, Double.class);
    assertRoundTrip("", String.class);
    assertRoundTrip("ascii", String.class);
    assertRoundTrip("ünïcødé \uD83D\uDE00 " + "x".repeat(1000), String.class);
    assertNull(roundTrip(s, null, String.class));
    assertNull(roundTrip(s, null, Integer.class));
    assertNull(roundTrip(s, null, Object.class));
    assertNull(roundTrip(s, null, List.class));
    assertNull(roundTrip(s, null, void.class));
    assertEquals(0, write(s, null, void.class).length);
    // an async method's CompletableFuture<Void>: Kryo has no registration for Void
    assertNull(roundTrip(s, null, Void.class));
    assertEquals(0, write(s, null, Void.class).length);
  }

  /**
   * Primitive parameters and results skip Kryo's registration lookup; the bytes must stay what
   * {@code kryo.writeObject} writes, so peers of earlier versions still understand each other.
   */
  @Test
  void primitivesHaveKryosOwnBytes() {
    Object[][] cases = {
        {int.class, new Object[] {0, 1, -1, 63, 64, 127, 128, 16_384, Integer.MAX_VALUE, Integer.MIN_VALUE}},
        {long.class, new Object[] {0L, 1L, -1L, 1L << 35, Long.MAX_VALUE, Long.MIN_VALUE}},
        {boolean.class, new Object[] {true, false}},
        {double.class, new Object[] {0.0, -2.5, Double.NaN, Double.MAX_VALUE}},
        {float.class, new Object[] {0f, 1.5f, Float.NEGATIVE_INFINITY}},
        {char.class, new Object[] {'a', '\u00fc', '\uffff'}},
        {byte.class, new Object[] {(byte) 0, (byte) -128, (byte) 127}},
        {short.class, new Object[] {(short) 0, (short) -1, Short.MAX_VALUE, Short.MIN_VALUE}},
    };
    for (Object[] c : cases) {
      Class<?> type = (Class<?>) c[0];
      for (Object value : (Object[]) c[1]) {
        Kryo kryo = s.borrow();
        byte[] viaKryo;
        try {
          Output out = new Output(16, -1);
          kryo.writeObject(out, value);
          viaKryo = out.toBytes();
        } finally {
          s.release(kryo);
        }
        assertArrayEquals(viaKryo, write(s, value, type), type + " " + value);
        assertEquals(value, read(s, viaKryo, type), type + " " + value);
      }
    }
    SerializationException wrong = assertThrows(SerializationException.class, () -> write(s, 1L, int.class));
    assertEquals("cannot write a java.lang.Long as a int", wrong.getMessage());
  }

  @Test
  void finalDeclaredTypesHaveNoClassTag() {
    assertEquals(2, write(s, 300, int.class).length); // varint only
    assertEquals(2, write(s, "ab", String.class).length); // ascii, no tag
    assertTrue(write(s, new Point(1, 2), Point.class).length < write(s, new Point(1, 2), Object.class).length);
  }

  @Test
  void defaultTypes() {
    assertRoundTrip(new ArrayList<>(List.of(1, "two", 3.0)), List.class);
    assertRoundTrip(new LinkedList<>(List.of("a", "b")), LinkedList.class);
    assertRoundTrip(new HashMap<>(Map.of("a", 1, "b", 2)), Map.class);
    assertRoundTrip(new LinkedHashMap<>(Map.of("a", List.of(1))), Map.class);
    assertRoundTrip(new TreeMap<>(Map.of("b", 2, "a", 1)), TreeMap.class);
    assertRoundTrip(new HashSet<>(Set.of(1, 2, 3)), Set.class);
    assertRoundTrip(new LinkedHashSet<>(List.of("z", "a")), Set.class);
    assertRoundTrip(new TreeSet<>(Set.of(5, 1, 3)), SortedSet.class);
    assertRoundTrip(Optional.of("x"), Optional.class);
    assertRoundTrip(Optional.empty(), Optional.class);
    assertRoundTrip(new byte[] {1, -2, 3}, byte[].class);
    assertRoundTrip(new boolean[] {true, false}, boolean[].class);
    assertRoundTrip(new char[] {'a', '\u1234'}, char[].class);
    assertRoundTrip(new short[] {1, -1}, short[].class);
    assertRoundTrip(new int[] {1, -1, Integer.MAX_VALUE}, int[].class);
    assertRoundTrip(new long[] {Long.MIN_VALUE, 0}, long[].class);
    assertRoundTrip(new float[] {1.5f}, float[].class);
    assertRoundTrip(new double[] {Math.PI}, double[].class);
    assertRoundTrip(new String[] {"a", null, "c"}, String[].class);
    assertRoundTrip(new Object[] {1, "b", null, List.of(3)}, Object[].class);
    assertRoundTrip(new int[0], int[].class);
    assertRoundTrip(new String[0], String[].class);
    assertRoundTrip(new BigInteger("-123456789012345678901234567890"), BigInteger.class);
    assertRoundTrip(BigInteger.ZERO, BigInteger.class);
    assertRoundTrip(new BigDecimal("-12345678901234567890.000123"), BigDecimal.class);
    assertRoundTrip(new BigDecimal("1.50"), BigDecimal.class);
    assertRoundTrip(UUID.randomUUID(), UUID.class);
    assertRoundTrip(new Date(123456789L), Date.class);
    assertRoundTrip(URI.create("https://example.com/a?b=c#d"), URI.class);
    assertRoundTrip(Locale.CANADA_FRENCH, Locale.class);
    assertRoundTrip(new Locale("xx", "YY", "var"), Locale.class);
    assertRoundTrip(Instant.ofEpochSecond(1234567, 89), Instant.class);
    assertRoundTrip(Duration.ofMillis(-5), Duration.class);
    assertRoundTrip(Period.of(1, 2, 3), Period.class);
    assertRoundTrip(LocalDate.of(2024, 2, 29), LocalDate.class);
    assertRoundTrip(LocalTime.of(23, 59, 58, 999), LocalTime.class);
    assertRoundTrip(LocalDateTime.of(2020, 1, 1, 0, 0), LocalDateTime.class);
    assertRoundTrip(ZonedDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneId.of("Europe/Paris")), ZonedDateTime.class);
    assertRoundTrip(OffsetDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(3)), OffsetDateTime.class);
    assertRoundTrip(OffsetTime.of(1, 2, 3, 4, ZoneOffset.UTC), OffsetTime.class);
    assertRoundTrip(Year.of(1999), Year.class);
    assertRoundTrip(YearMonth.of(1999, 12), YearMonth.class);
    assertRoundTrip(MonthDay.of(2, 29), MonthDay.class);
    assertRoundTrip(ZoneOffset.ofHoursMinutes(-5, -30), ZoneOffset.class);
    for (DayOfWeek day : DayOfWeek.values()) { // java.time's enums are java.time value types too
      assertRoundTrip(day, DayOfWeek.class);
    }
    for (Month month : Month.values()) {
      assertRoundTrip(month, Month.class);
    }
    assertRoundTrip(new ArrayList<>(List.of(Month.MAY, DayOfWeek.FRIDAY)), List.class);
  }

  /**
   * Whole values, where Kryo's own serializers lost part of them (an audit): a Locale's script and
   * extensions, and the offset of a ZonedDateTime in the hour its zone repeats.
   */
  @Test
  void localesAndZonedDateTimesArriveWhole() {
    for (String tag : List.of("zh-Hant-TW", "sr-Latn-RS", "de-DE-u-co-phonebk", "en-US-x-private", "und")) {
      assertRoundTrip(Locale.forLanguageTag(tag), Locale.class);
    }
    assertRoundTrip(new Locale("ja", "JP", "JP"), Locale.class); // the Japanese imperial calendar's legacy form
    assertRoundTrip(new Locale("no", "NO", "NY"), Locale.class);
    assertRoundTrip(new Locale("en", "US", "POSIX"), Locale.class);
    assertRoundTrip(new Locale("", "", "not_a_bcp47_variant"), Locale.class);
    ZonedDateTime earlier = ZonedDateTime.of(2024, 10, 27, 2, 30, 0, 0, ZoneId.of("Europe/Paris"));
    ZonedDateTime later = earlier.withLaterOffsetAtOverlap();
    assertTrue(!earlier.equals(later), "the test's time is in an overlap");
    assertRoundTrip(earlier, ZonedDateTime.class);
    assertRoundTrip(later, ZonedDateTime.class);
    assertRoundTrip(ZonedDateTime.of(2024, 3, 31, 3, 30, 0, 7, ZoneId.of("Europe/Paris")), ZonedDateTime.class);
    assertRoundTrip(ZonedDateTime.of(1900, 1, 1, 0, 0, 0, 0, ZoneId.of("UTC+01:00")), ZonedDateTime.class);
    assertRoundTrip(ZonedDateTime.of(-5000, 6, 1, 12, 0, 0, 0, ZoneOffset.ofHours(-7)), ZonedDateTime.class);
  }

  @Test
  void recordsEnumsAndUserClasses() {
    assertRoundTrip(new Point(1, -2), Point.class);
    assertRoundTrip(new Line(new Point(0, 0), null, "diag"), Line.class);
    assertRoundTrip(Color.BLUE, Color.class);
    assertSame(Op.TIMES, roundTrip(s, Op.TIMES, Op.class));
    assertSame(Op.PLUS, roundTrip(s, Op.PLUS, Object.class));
    assertRoundTrip(new Account("ann", 100, List.of(1, "deposit", new Point(3, 4))), Account.class);
    Node root = new Node("root");
    root.children.add(new Node("a"));
    root.children.get(0).children.add(new Node("b"));
    assertRoundTrip(root, Node.class);
    assertRoundTrip(new Point[] {new Point(1, 1), null}, Point[].class);
    assertRoundTrip(new Color[] {Color.RED}, Color[].class);
    assertRoundTrip(new int[][] {{1}, {2, 3}, null}, int[][].class);
    assertRoundTrip(new String[][] {{"a"}, {}}, String[][].class);
    assertRoundTrip(new Holder(new Holder(Color.GREEN)), Holder.class);
  }

  @Test
  void nestedGenerics() {
    Order order =
        new Order(7, "apple", List.of("fresh", "red"),
            Map.of("square", List.of(new Point(0, 0), new Point(1, 1)), "empty", List.of()),
            Optional.of("fragile"), Color.RED, new int[] {1, 2}, Map.of(1, Set.of("x")));
    Order copy = (Order) roundTrip(s, order, Order.class);
    assertEquals(order.id(), copy.id());
    assertEquals(order.tags(), copy.tags());
    assertEquals(order.shapes(), copy.shapes());
    assertEquals(order.note(), copy.note());
    assertEquals(order.color(), copy.color());
    assertArrayEquals(order.counts(), copy.counts());
    assertEquals(order.any(), copy.any());

    Map<String, Map<Integer, List<Set<Point>>>> deep =
        Map.of("k", Map.of(1, List.of(Set.of(new Point(1, 2)), Set.of())));
    assertEquals(deep, roundTrip(s, deep, Map.class));
  }

  @Test
  void collectionsTravelByValueAndKeepOrder() {
    List<Integer> source = new ArrayList<>(List.of(5, 3, 9, 1));
    Map<String, Object> views = new LinkedHashMap<>();
    views.put("List.of", List.of(1, 2, 3));
    views.put("asList", Arrays.asList("a", null, "c"));
    views.put("unmodifiable", Collections.unmodifiableList(source));
    views.put("subList", source.subList(1, 3));
    views.put("empty", Collections.emptyList());
    views.put("singleton", Collections.singletonList("one"));
    views.put("cow", new CopyOnWriteArrayList<>(source));
    for (Map.Entry<String, Object> e : views.entrySet()) {
      Object copy = roundTrip(s, e.getValue(), List.class);
      assertInstanceOf(ArrayList.class, copy, e.getKey());
      assertEquals(e.getValue(), copy, e.getKey());
    }

    Set<String> setOf = Set.of("q", "w", "e", "r");
    Object setCopy = roundTrip(s, setOf, Set.class);
    assertInstanceOf(LinkedHashSet.class, setCopy);
    assertEquals(new ArrayList<>(setOf), new ArrayList<>((Set<?>) setCopy));

    SortedSet<Integer> sorted = Collections.unmodifiableSortedSet(new TreeSet<>(source));
    Object sortedCopy = roundTrip(s, sorted, SortedSet.class);
    assertInstanceOf(TreeSet.class, sortedCopy);
    assertEquals(sorted, sortedCopy);
    assertInstanceOf(TreeSet.class, roundTrip(s, new ConcurrentSkipListSet<>(source), Set.class));

    Map<String, Integer> mapOf = Map.of("a", 1, "b", 2, "c", 3);
    Object mapCopy = roundTrip(s, mapOf, Map.class);
    assertInstanceOf(LinkedHashMap.class, mapCopy);
    assertEquals(new ArrayList<>(mapOf.keySet()), new ArrayList<>(((Map<?, ?>) mapCopy).keySet()));
    assertInstanceOf(LinkedHashMap.class, roundTrip(s, new ConcurrentHashMap<>(mapOf), Map.class));
    assertInstanceOf(LinkedHashMap.class, roundTrip(s, Collections.unmodifiableMap(mapOf), Map.class));

    NavigableMap<String, Integer> tree = new TreeMap<>(mapOf);
    Object head = roundTrip(s, tree.headMap("c", false), NavigableMap.class);
    assertInstanceOf(TreeMap.class, head);
    assertEquals(Map.of("a", 1, "b", 2), head);

    Object values = roundTrip(s, new LinkedHashMap<>(mapOf).values(), Collection.class);
    assertInstanceOf(ArrayList.class, values);

    // same-type round trips keep their class and order
    LinkedHashMap<String, Integer> ordered = new LinkedHashMap<>();
    ordered.put("z", 1);
    ordered.put("a", 2);
    ordered.put("m", 3);
    assertEquals(List.of("z", "a", "m"),
        new ArrayList<>(((LinkedHashMap<?, ?>) roundTrip(s, ordered, LinkedHashMap.class)).keySet()));
    List<Object> mixed = new ArrayList<>(Arrays.asList(null, 1, "x", null, 2L));
    assertEquals(mixed, roundTrip(s, mixed, List.class));
    List<Object> allNull = new ArrayList<>(Arrays.asList(null, null));
    assertEquals(allNull, roundTrip(s, allNull, List.class));
  }

  /** Corners of "by value": nulls as keys and values, edge numbers and strings, empty and nested containers. */
  @Test
  void cornersOfValues() {
    HashMap<String, Integer> nullKey = new HashMap<>();
    nullKey.put(null, 1);
    nullKey.put("b", null);
    assertRoundTrip(nullKey, Map.class);
    LinkedHashSet<String> nullElement = new LinkedHashSet<>(Arrays.asList("a", null));
    assertRoundTrip(nullElement, Set.class);
    assertRoundTrip(-0.0, Double.class);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) roundTrip(s, -0.0, double.class)));
    assertRoundTrip(Float.NEGATIVE_INFINITY, Float.class);
    assertRoundTrip(Character.MAX_VALUE, Character.class);
    assertRoundTrip("\0nul\0", String.class);
    assertRoundTrip("\uD83D", String.class); // a lone surrogate
    assertRoundTrip("x".repeat(200_000), String.class);
    assertRoundTrip(new ArrayList<>(List.of(new ArrayList<>(), new HashMap<>(), new TreeSet<>())), List.class);
    assertRoundTrip(new ArrayList<>(List.of(Optional.empty(), Optional.of(List.of(1)))), List.class);
    assertRoundTrip(new long[100_000], long[].class);
    assertRoundTrip(new TreeMap<>(Map.of(Month.MAY, DayOfWeek.MONDAY)), SortedMap.class);
  }

  @Test
  void sortedCollectionWithUnregisteredComparatorIsRefused() {
    TreeSet<String> reversed = new TreeSet<>(Comparator.reverseOrder());
    reversed.add("a");
    SerializationException e =
        assertThrows(SerializationException.class, () -> write(s, reversed, Set.class));
    assertTrue(e.getMessage().contains("is not registered"), e.getMessage());
  }

  /** The README: queues and deques are refused even where a Collection is declared. */
  @Test
  void aQueueIsRefusedWhereACollectionIsDeclared() {
    SerializationException e = assertThrows(SerializationException.class,
        () -> write(s, new java.util.ArrayDeque<>(List.of("a")), java.util.Collection.class));
    assertTrue(e.getMessage().contains("java.util.ArrayDeque is not registered"), e.getMessage());
    assertThrows(SerializationException.class,
        () -> write(s, new java.util.PriorityQueue<>(List.of(1)), java.util.Collection.class));
  }

  @Test
  void unregisteredClassOnWrite() {
    SerializationException e =
        assertThrows(SerializationException.class, () -> write(s, new Secret("x"), Object.class));
    assertTrue(e.getMessage().contains("class " + Secret.class.getName() + " is not registered for the wire"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Manager.Builder.register"), e.getMessage());

    // nested in a registered value, in a collection, and as a tagless declared type
    SerializationException nested =
        assertThrows(SerializationException.class,
            () -> write(s, new Holder(List.of(new Secret("x"))), Holder.class));
    assertTrue(nested.getMessage().contains(Secret.class.getName()), nested.getMessage());
    assertThrows(SerializationException.class, () -> write(s, new Secret("x"), Secret.class));
    assertThrows(SerializationException.class, () -> write(s, new StringBuilder("x"), Object.class));
    SerializationException array =
        assertThrows(SerializationException.class, () -> write(s, new Secret[0], Object.class));
    assertTrue(array.getMessage().contains(Secret.class.getName() + "[]"), array.getMessage());
  }

  @Test
  void wrongValueForDeclaredTypeOnWrite() {
    assertThrows(SerializationException.class, () -> write(s, null, int.class));
    assertThrows(SerializationException.class, () -> write(s, 1L, int.class));
    assertThrows(SerializationException.class, () -> write(s, "x", Integer.class));
  }

  @Test
  void cyclesAndDeepValuesFailToWrite() {
    List<Object> cyclic = new ArrayList<>();
    cyclic.add(cyclic);
    SerializationException e =
        assertThrows(SerializationException.class, () -> write(s, cyclic, List.class));
    assertTrue(e.getMessage().contains("maximum depth of 64"), e.getMessage());

    Object deep = null;
    for (int i = 0; i < 100; i++) {
      deep = new Holder(deep);
    }
    Object tooDeep = deep;
    assertThrows(SerializationException.class, () -> write(s, tooDeep, Object.class));
    Object ok = null;
    for (int i = 0; i < 60; i++) {
      ok = new Holder(ok);
    }
    assertEquals(ok, roundTrip(s, ok, Object.class));
  }

  @Test
  void stringsIntegersAndLongsAreWrittenAndReadAsKryoItselfDoes() {
    // the values a peer of an earlier version writes through Kryo's writeObjectOrNull, and reads
    List<Object[]> cases = List.of(
        new Object[] {String.class, "text"}, new Object[] {String.class, ""},
        new Object[] {String.class, "ünïcödé ✓"}, new Object[] {String.class, null},
        new Object[] {Integer.class, 0}, new Object[] {Integer.class, -1},
        new Object[] {Integer.class, Integer.MAX_VALUE}, new Object[] {Integer.class, Integer.MIN_VALUE},
        new Object[] {Integer.class, null}, new Object[] {Long.class, 1L << 40},
        new Object[] {Long.class, Long.MIN_VALUE}, new Object[] {Long.class, -7L}, new Object[] {Long.class, null});
    Kryo kryo = s.borrow();
    try {
      for (Object[] c : cases) {
        Class<?> type = (Class<?>) c[0];
        Output kryos = new Output(64, -1);
        kryo.writeObjectOrNull(kryos, c[1], type);
        byte[] expected = kryos.toBytes();
        String what = type.getSimpleName() + " " + c[1];
        assertArrayEquals(expected, write(s, c[1], type), what);
        assertEquals(c[1], read(s, expected, type), what);
      }
    } finally {
      s.release(kryo);
    }
    assertThrows(ProtocolException.class, () -> read(s, new byte[] {1, (byte) 0x80}, Integer.class));
    assertThrows(ProtocolException.class, () -> read(s, new byte[] {1}, Long.class));
    assertThrows(SerializationException.class, () -> write(s, "text", Integer.class));
  }

  @Test
  void kryoIsReusableAfterFailures() {
    Kryo kryo = s.borrow();
    try {
      Output out = new Output(64, -1);
      assertThrows(SerializationException.class,
          () -> s.writeValue(kryo, out, new Holder(new Secret("x")), Holder.class));
      byte[] junk = {(byte) 0x7f, 0x7f, 0x7f};
      assertThrows(ProtocolException.class,
          () -> s.readValue(kryo, Serialization.frameInput(junk, 0, junk.length), Object.class));
      out.reset();
      s.writeValue(kryo, out, Map.of("k", List.of(new Point(1, 2))), Map.class);
      byte[] bytes = out.toBytes();
      assertEquals(Map.of("k", List.of(new Point(1, 2))),
          s.readValue(kryo, Serialization.frameInput(bytes, 0, bytes.length), Map.class));
      assertEquals(0, kryo.getDepth());
    } finally {
      s.release(kryo);
    }
  }

  @Test
  void valueOfWrongTypeOnRead() {
    // both sides use the same declared type; a peer may still send a value of another class
    byte[] bytes = write(s, "text", Object.class);
    ProtocolException e = assertThrows(ProtocolException.class, () -> read(s, bytes, Number.class));
    assertTrue(e.getMessage().contains("java.lang.Number"), e.getMessage());
    assertThrows(ProtocolException.class, () -> read(s, write(s, List.of(1), List.class), Set.class));
  }

  @Test
  void readRequiresFrameInput() {
    Kryo kryo = s.borrow();
    try {
      assertThrows(IllegalArgumentException.class,
          () -> s.readValue(kryo, new com.esotericsoftware.kryo.io.Input(new byte[] {0}), Object.class));
    } finally {
      s.release(kryo);
    }
    Serialization other = full();
    Kryo foreign = other.borrow();
    assertThrows(IllegalArgumentException.class, () -> s.release(foreign));
    other.release(foreign);
  }

  @Test
  void instancesWithDifferentAllowListsAgreeOnSharedClasses() {
    Serialization small =
        Serialization.create(List.of(), List.of(Line.class, Point.class, Color.class), 64);
    Serialization big = full();
    Line line = new Line(new Point(1, 2), new Point(3, 4), "l");
    List<Object> shared = List.of(line, Color.GREEN, new Point(5, 6), Map.of("k", "v"));
    assertEquals(shared, read(small, write(big, shared, List.class), List.class));
    assertEquals(shared, read(big, write(small, shared, List.class), List.class));
    assertEquals(line, read(small, write(big, line, Object.class), Object.class));

    // a class only the big side knows is rejected by the small side, by id, without loading it
    byte[] bytes = write(big, new Account("a", 1, null), Object.class);
    ProtocolException e = assertThrows(ProtocolException.class, () -> read(small, bytes, Object.class));
    assertTrue(e.getMessage().contains("not in this process's allow-list"), e.getMessage());
    assertEquals(ClassIds.stableId(Point.class), ClassIds.stableId(Point.class.getName()));
  }

  @Test
  void collidingIdsAreRefused() {
    // find two names with the same id, then check the collision message names both
    Map<Integer, String> seen = new HashMap<>();
    String a = null;
    String b = null;
    for (int i = 0; a == null; i++) {
      String name = "com.example.C" + i;
      String previous = seen.putIfAbsent(ClassIds.stableId(name), name);
      if (previous != null) {
        a = previous;
        b = name;
      }
    }
    assertEquals(ClassIds.stableId(a), ClassIds.stableId(b));
    assertTrue(ClassIds.stableId(a) >= ClassIds.FIRST_USER_ID);
    // the real check, on real classes, goes through the same map in create(); simulate it here
    IllegalStateException e =
        assertThrows(IllegalStateException.class,
            () -> Serialization.createForTest(List.of(Point.class, Line.class), c -> 4242));
    assertTrue(e.getMessage().contains(Point.class.getName())
        && e.getMessage().contains(Line.class.getName()), e.getMessage());
  }

  @Test
  void badRegistrationsFailAtCreate() {
    class Local {}
    assertThrows(IllegalArgumentException.class,
        () -> Serialization.create(List.of(), List.of(Local.class), 64));
    assertThrows(IllegalArgumentException.class,
        () -> Serialization.create(List.of(), List.of(StringBuilder.class), 64));
    assertThrows(IllegalArgumentException.class,
        () -> Serialization.create(List.of(), List.of(NoDefaultConstructor.class), 64));
    assertThrows(IllegalArgumentException.class,
        () -> Serialization.create(List.of(), List.of(Inner.class), 64));
    // interfaces, abstract classes, built-ins and duplicates are accepted and ignored
    Serialization.create(List.of(),
        List.of(Runnable.class, Number.class, String.class, int.class, ArrayList.class, Point.class, Point.class), 64);
  }

  static final class NoDefaultConstructor {
    final int x;

    NoDefaultConstructor(int x) {
      this.x = x;
    }
  }

  final class Inner {}

  // ---------------------------------------------------------------------------------------------
  // exceptions and failures

  private Throwable exceptionRoundTrip(Throwable t) {
    Kryo kryo = s.borrow();
    try {
      Output out = new Output(256, -1);
      s.writeException(kryo, out, t);
      byte[] bytes = out.toBytes();
      FrameInput in = Serialization.frameInput(bytes, 0, bytes.length);
      Throwable copy = s.readException(kryo, in);
      assertEquals(bytes.length, in.position());
      return copy;
    } finally {
      s.release(kryo);
    }
  }

  @Test
  void declaredExceptionsWithFields() {
    OutOfStockException e = new OutOfStockException("apple", 3);
    OutOfStockException copy = (OutOfStockException) exceptionRoundTrip(e);
    assertEquals("out of stock: apple", copy.getMessage());
    assertEquals("apple", copy.sku);
    assertEquals(3, copy.available);
    assertArrayEquals(e.getStackTrace(), copy.getStackTrace());
    assertNull(copy.getCause());

    BackorderException b = new BackorderException("pear", List.of("apple", "plum"));
    b.initCause(new IllegalStateException("warehouse closed", new IOException("disk")));
    BackorderException bc = (BackorderException) exceptionRoundTrip(b);
    assertEquals("out of stock: pear", bc.getMessage());
    assertEquals("pear", bc.sku);
    assertEquals(List.of("apple", "plum"), bc.alternatives);
    RemoteException cause = assertInstanceOf(RemoteException.class, bc.getCause());
    assertEquals("java.lang.IllegalStateException", cause.remoteType());
    assertEquals("warehouse closed", cause.remoteMessage());
    assertEquals("java.io.IOException", ((RemoteException) cause.getCause()).remoteType());

    QuotaException q = new QuotaException("bob", 10);
    QuotaException qc = (QuotaException) exceptionRoundTrip(q);
    assertEquals("bob exceeded 10", qc.getMessage());
    assertArrayEquals(q.getStackTrace(), qc.getStackTrace());

    // a JDK exception type, and an unregistered subclass travelling as its registered superclass
    IOException io = (IOException) exceptionRoundTrip(new IOException("io"));
    assertEquals("io", io.getMessage());
    Throwable fnf = exceptionRoundTrip(new FileNotFoundException("missing.txt"));
    assertEquals(IOException.class, fnf.getClass());
    assertEquals("missing.txt", fnf.getMessage());

    // an exception as an ordinary value
    assertEquals("out of stock: kiwi",
        ((Throwable) roundTrip(s, new OutOfStockException("kiwi", 1), Object.class)).getMessage());
  }

  @Test
  void unregisteredExceptionCannotBeWrittenAsDeclared() {
    Kryo kryo = s.borrow();
    try {
      assertThrows(SerializationException.class,
          () -> s.writeException(kryo, new Output(64, -1), new IllegalStateException("x")));
    } finally {
      s.release(kryo);
    }
  }

  @Test
  void failures() {
    Throwable inner = new ArithmeticException("/ by zero");
    Throwable outer = new IllegalStateException("boom", new RuntimeException(inner));
    Kryo kryo = s.borrow();
    try {
      Output out = new Output(256, -1);
      s.writeFailure(kryo, out, outer);
      byte[] bytes = out.toBytes();
      RemoteException r = s.readFailure(kryo, Serialization.frameInput(bytes, 0, bytes.length));
      assertEquals("java.lang.IllegalStateException", r.remoteType());
      assertEquals("boom", r.remoteMessage());
      assertEquals("java.lang.IllegalStateException: boom", r.getMessage());
      assertArrayEquals(outer.getStackTrace(), r.getStackTrace());
      RemoteException c1 = (RemoteException) r.getCause();
      assertEquals("java.lang.RuntimeException", c1.remoteType());
      RemoteException c2 = (RemoteException) c1.getCause();
      assertEquals("java.lang.ArithmeticException", c2.remoteType());
      assertNull(c2.getCause());

      // long cause chains are cut at 8; self-referencing chains end
      Throwable chain = new Error("e0");
      for (int i = 1; i < 20; i++) {
        chain = new Error("e" + i, chain);
      }
      out.reset();
      s.writeFailure(kryo, out, chain);
      byte[] chainBytes = out.toBytes();
      RemoteException rc = s.readFailure(kryo, Serialization.frameInput(chainBytes, 0, chainBytes.length));
      int depth = 0;
      for (Throwable t = rc; t != null; t = t.getCause()) {
        depth++;
      }
      assertEquals(8, depth);

      // a forwarded RemoteException keeps the original remote type
      out.reset();
      s.writeFailure(kryo, out, r);
      byte[] again = out.toBytes();
      assertEquals("java.lang.IllegalStateException",
          s.readFailure(kryo, Serialization.frameInput(again, 0, again.length)).remoteType());
      assertFalse(again.length == 0);
    } finally {
      s.release(kryo);
    }
  }

  @Test
  void concurrentUse() throws Exception {
    Order order = new Order(1, "sku", List.of("a"), Map.of(), Optional.empty(), Color.RED,
        new int[] {1}, null);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 8; t++) {
      Thread thread = new Thread(() -> {
        try {
          for (int i = 0; i < 2000; i++) {
            Order copy = (Order) roundTrip(s, order, Order.class);
            if (copy.id() != 1) {
              throw new AssertionError("bad copy");
            }
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(List.of(), errors);
  }
}
