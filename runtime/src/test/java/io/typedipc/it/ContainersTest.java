package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.ProtocolException;
import io.typedipc.RemoteException;
import io.typedipc.SerializationException;
import io.typedipc.builtin.Merge;
import io.typedipc.builtin.Namespace;
import io.typedipc.builtin.SharedDoubleArray;
import io.typedipc.builtin.SharedIntArray;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedLongArray;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedValue;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The semantics of the built-in containers, through real proxies over TCP (Manager and clients in
 * this JVM; {@link ContainersAcrossJvmsTest} crosses JVMs).
 */
class ContainersTest {
  private static final AuthKey KEY = AuthKey.generate();
  private static Manager manager;
  private static ManagerClient client;
  private static ManagerClient other;

  @BeforeAll
  static void start() {
    manager = Manager.builder().address(0).authKey(KEY)
        .register(Money.class)
        .map("prices").list("seeded", List.of(0, 1, 2, 3, 4)).value("answer", 42)
        .intArray("ints", 3).longArray("longs", 2).doubleArray("doubles", 2).namespace("config")
        .start();
    client = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(KEY).register(Money.class).connect();
    other = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(KEY).register(Money.class).connect();
  }

  @AfterAll
  static void stop() {
    other.close();
    client.close();
    manager.close();
  }

  @Test
  void mapBehavesLikeAMapByValue() {
    SharedMap<String, Integer> m = client.map("m1");
    assertTrue(m.isEmpty());
    assertNull(m.put("a", 1));
    assertEquals(1, m.put("a", 2));
    m.putAll(Map.of("b", 3));
    assertEquals(2, m.size());
    assertEquals(2, m.get("a"));
    assertEquals(9, m.getOrDefault("zz", 9));
    assertTrue(m.containsKey("b"));
    assertTrue(m.containsValue(3));
    assertEquals(Set.of("a", "b"), m.keySet());
    assertEquals(List.of(2, 3), m.values());
    assertEquals(Map.of("a", 2), m.getAll(List.of("a", "nope")));
    // atomic compound operations
    assertEquals(2, m.putIfAbsent("a", 100));
    assertNull(m.putIfAbsent("c", 5));
    assertFalse(m.replace("a", 1, 10));
    assertTrue(m.replace("a", 2, 10));
    assertEquals(10, m.replace("a", 11));
    assertNull(m.replace("nope", 1));
    assertFalse(m.remove("a", 99));
    assertTrue(m.remove("a", 11));
    assertEquals(3, m.remove("b"));
    // by value: changing the copy changes nothing in the Manager
    Map<String, Integer> copy = m.asMap();
    copy.put("local", 1);
    assertEquals(Map.of("c", 5), m.asMap());
    // the same name is the same map, for every client
    SharedMap<String, Integer> same = other.map("m1");
    assertEquals(5, same.get("c"));
    m.clear();
    assertEquals(0, same.size());
  }

  @Test
  void mergeAppliesItsOperationInTheManager() {
    SharedMap<String, Object> m = client.map("merges");
    assertEquals(1L, m.merge("sum", 1L, Merge.SUM));
    assertEquals(3L, m.merge("sum", 2L, Merge.SUM));
    assertEquals(new BigDecimal("1.5"), m.merge("dec", new BigDecimal("1.5"), Merge.SUM));
    assertEquals(4, m.merge("min", 4, Merge.MIN));
    assertEquals(2, m.merge("min", 2, Merge.MIN));
    assertEquals(2, m.merge("min", 3, Merge.MIN));
    assertEquals("b", m.merge("max", "b", Merge.MAX));
    assertEquals("b", m.merge("max", "a", Merge.MAX));
    assertEquals("a", m.merge("s", "a", Merge.CONCAT));
    assertEquals("ab", m.merge("s", "b", Merge.CONCAT));
    assertEquals(List.of(1), m.merge("l", List.of(1), Merge.CONCAT));
    assertEquals(List.of(1, 2), m.merge("l", List.of(2), Merge.CONCAT));
    assertEquals("x", m.merge("sum", "x", Merge.REPLACE));
    RemoteException wrong = assertThrows(RemoteException.class, () -> m.merge("max", 1, Merge.SUM));
    assertTrue(wrong.getMessage().contains("SUM needs numbers of the same class"), wrong.getMessage());
    assertEquals("b", m.get("max"), "a failed merge changes nothing");
  }

  @Test
  void valuesOfUnregisteredClassesAreRefusedBeforeSending() {
    SharedMap<String, Object> m = client.map("unregistered");
    SerializationException e = assertThrows(SerializationException.class, () -> m.put("k", new StringBuilder("x")));
    assertTrue(e.getMessage().contains("java.lang.StringBuilder is not registered"), e.getMessage());
    m.put("money", new Money(5, "EUR")); // registered on both sides
    assertEquals(new Money(5, "EUR"), m.get("money"));
  }

  @Test
  void aValueOfAClassTheReceiverDidNotRegisterIsAProtocolError() {
    SharedMap<String, Object> m = client.map("registered-here");
    m.put("money", new Money(7, "EUR"));
    try (ManagerClient unaware = ManagerClient.connect("127.0.0.1", manager.port(), KEY)) {
      SharedMap<String, Object> same = unaware.map("registered-here");
      ProtocolException e = assertThrows(ProtocolException.class, () -> same.get("money"));
      assertTrue(e.getMessage().contains("register the class on both sides"), e.getMessage());
    }
    assertEquals(new Money(7, "EUR"), m.get("money"), "other clients are unaffected");
  }

  @Test
  void listBehavesLikeAListByValue() {
    SharedList<String> l = client.list("l1");
    assertTrue(l.add("a"));
    l.add(0, "z");
    assertTrue(l.addAll(List.of("b", "a")));
    assertTrue(l.addAll(1, List.of("y")));
    assertEquals(List.of("z", "y", "a", "b", "a"), l.toList());
    assertEquals("y", l.get(1));
    assertEquals("y", l.set(1, "Y"));
    assertEquals(2, l.indexOf("a"));
    assertEquals(4, l.lastIndexOf("a"));
    assertTrue(l.contains("b"));
    assertEquals(List.of("Y", "a"), l.subList(1, 3));
    assertEquals("z", l.remove(0));
    assertTrue(l.remove("a"));
    assertFalse(l.remove("nope"));
    assertEquals(List.of("Y", "b", "a"), l.toList());
    assertEquals("bc", l.merge(1, "c", Merge.CONCAT));
    assertEquals(3, other.<String>list("l1").size());
    RemoteException e = assertThrows(RemoteException.class, () -> l.get(10));
    assertTrue(e.getMessage().contains("IndexOutOfBoundsException"), e.getMessage());
    l.clear();
    assertTrue(l.isEmpty());

    SharedList<Integer> ints = client.list("ints-list");
    ints.addAll(List.of(10, 20, 30));
    assertEquals(20, ints.remove(1)); // remove(int): by index, as with java.util.List
    assertTrue(ints.remove(Integer.valueOf(10)));
    assertEquals(List.of(30), ints.toList());
    assertEquals(List.of(0, 1, 2, 3, 4), client.<Integer>list("seeded").toList());
  }

  @Test
  void valueHasTheAtomicOperations() {
    SharedValue<Integer> v = client.value("counter", 0);
    assertEquals(0, v.get());
    assertEquals(1, v.incrementAndGet());
    assertEquals(11, v.addAndGet(10));
    assertEquals(11, v.getAndAdd(1));
    assertEquals(11, v.decrementAndGet());
    assertFalse(v.compareAndSet(5, 6));
    assertTrue(v.compareAndSet(11, 20));
    assertEquals(20, v.getAndSet(7));
    assertEquals(9, v.accumulateAndGet(9, Merge.MAX));
    assertEquals(9, v.getAndAccumulate(3, Merge.MIN));
    assertEquals(3, v.get());
    v.set(100);
    // value(name, initial) sets the initial value only if the value is null
    assertEquals(100, other.value("counter", 0).get());
    assertEquals(42, client.<Integer>value("answer", 0).get());
    SharedValue<String> s = client.value("text", null);
    assertNull(s.get());
    RemoteException e = assertThrows(RemoteException.class, s::incrementAndGet);
    assertTrue(e.getMessage().contains("cannot count with null"), e.getMessage());
  }

  @Test
  void arraysHaveTheAtomicOperations() {
    SharedIntArray a = client.intArray("ints", 3);
    assertEquals(3, a.length());
    assertEquals(5, a.addAndGet(0, 5));
    assertEquals(5, a.getAndAdd(0, 1));
    assertEquals(6, a.getAndSet(0, 1));
    assertTrue(a.compareAndSet(0, 1, 2));
    assertFalse(a.compareAndSet(0, 1, 3));
    a.set(2, 9);
    assertArrayEquals(new int[] {2, 0, 9}, a.toArray());
    a.setAll(1, new int[] {7, 8});
    assertArrayEquals(new int[] {7, 8}, a.slice(1, 3));
    a.fill(4);
    assertArrayEquals(new int[] {4, 4, 4}, a.toArray());
    RemoteException e = assertThrows(RemoteException.class, () -> a.get(3));
    assertTrue(e.getMessage().contains("index 3 is outside the shared array of length 3"), e.getMessage());
    assertThrows(RemoteException.class, () -> a.setAll(2, new int[] {1, 2}));
    IllegalArgumentException wrongLength = assertThrows(IllegalArgumentException.class, () -> client.intArray("ints", 4));
    assertTrue(wrongLength.getMessage().contains("exists with length 3"), wrongLength.getMessage());

    SharedLongArray longs = other.longArray("longs", 2);
    assertEquals(Long.MAX_VALUE, longs.addAndGet(1, Long.MAX_VALUE));
    assertArrayEquals(new long[] {0, Long.MAX_VALUE}, longs.toArray());

    SharedDoubleArray doubles = client.doubleArray("doubles", 2);
    assertEquals(0.5, doubles.addAndGet(0, 0.5));
    doubles.set(1, Double.NaN);
    assertTrue(doubles.compareAndSet(1, Double.NaN, 1.0), "compares bit patterns, so NaN matches");
    assertFalse(doubles.compareAndSet(0, -0.0, 2.0));
    assertArrayEquals(new double[] {0.5, 1.0}, doubles.toArray());

    IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> client.intArray("huge", Integer.MAX_VALUE));
    assertTrue(tooLong.getMessage().contains("length from 0 to 16777216"), tooLong.getMessage());
  }

  @Test
  void namespaceHoldsNamedAttributesOfAnyAllowedClass() {
    Namespace<Object> ns = client.namespace("config");
    assertNull(ns.set("x", 1));
    ns.set("name", "sober");
    ns.set("when", List.of("2018-05-09"));
    assertEquals(1, ns.get("x", Integer.class));
    assertEquals("sober", ns.get("name"));
    assertTrue(ns.has("x"));
    assertFalse(ns.has("y"));
    assertEquals("sober", ns.setIfAbsent("name", "other"));
    assertEquals(Set.of("x", "name", "when"), ns.names());
    assertEquals(1, ns.remove("x"));
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("name", "sober");
    expected.put("when", List.of("2018-05-09"));
    assertEquals(expected, other.<Object>namespace("config").asMap());
    assertThrows(ClassCastException.class, () -> ns.get("name", Integer.class));
  }

  @Test
  void aNameTakenByAnotherKindIsRefused() {
    client.map("taken");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.list("taken"));
    assertTrue(e.getMessage().contains("'taken' is already a SharedMap"), e.getMessage());
    IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class, () -> client.map("typedipc.mine"));
    assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
  }
}
