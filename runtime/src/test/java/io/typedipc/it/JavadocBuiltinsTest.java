package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.AuthenticationException;
import io.typedipc.ConnectionLostException;
import io.typedipc.EmptyException;
import io.typedipc.FullException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.RemoteException;
import io.typedipc.SerializationException;
import io.typedipc.builtin.JoinableQueue;
import io.typedipc.builtin.Merge;
import io.typedipc.builtin.Namespace;
import io.typedipc.builtin.SharedBarrier;
import io.typedipc.builtin.SharedBoundedSemaphore;
import io.typedipc.builtin.SharedCondition;
import io.typedipc.builtin.SharedDoubleArray;
import io.typedipc.builtin.SharedEvent;
import io.typedipc.builtin.SharedIntArray;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedLongArray;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.builtin.SharedRLock;
import io.typedipc.builtin.SharedSemaphore;
import io.typedipc.builtin.SharedValue;
import io.typedipc.builtin.SyncChildMain;
import io.typedipc.channel.Events;
import io.typedipc.introspect.ManagerView;
import io.typedipc.introspect.MethodView;
import io.typedipc.introspect.ObjectView;
import io.typedipc.testing.TestThreads;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The promises of the Javadoc of the built-in shared types (io.typedipc.builtin) and of the
 * introspection views (io.typedipc.introspect), one by one, where no other test checks them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavadocBuiltinsTest {
  private final AuthKey key = AuthKey.generate();
  private Manager manager;
  private ManagerClient client;

  @BeforeEach
  void start() {
    manager = TestTransport.manager(Manager.builder()).address(0).authKey(key).jmx(false).start();
    client = TestTransport.connect(manager.port(), key);
  }

  @AfterEach
  void stop() {
    client.close();
    manager.close();
  }

  // ---- SharedMap

  @Test
  void aMapAllowsNullKeysAndValuesAndKeepsInsertionOrder() {
    SharedMap<String, Integer> m = client.map("m");
    assertNull(m.put(null, 1));
    assertEquals(1, m.get(null));
    assertNull(m.put("nullValue", null));
    assertTrue(m.containsKey("nullValue"), "a key with a null value has a value");
    assertTrue(m.containsValue(null));
    assertEquals(7, m.getOrDefault("absent", 7));
    // "Sets the value for key only if it has none (or null)"
    assertNull(m.putIfAbsent("nullValue", 5));
    assertEquals(5, m.get("nullValue"));
    List<String> keys = new ArrayList<>();
    for (int i = 20; i > 0; i--) {
      keys.add("k" + i);
      m.put("k" + i, i);
    }
    List<String> all = new ArrayList<>(Arrays.asList(null, "nullValue"));
    all.addAll(keys);
    assertEquals(all, new ArrayList<>(m.keySet()), "keySet in insertion order");
    assertEquals(all, new ArrayList<>(m.asMap().keySet()), "asMap in insertion order");
    List<Integer> values = new ArrayList<>(List.of(1, 5));
    for (int i = 20; i > 0; i--) {
      values.add(i);
    }
    assertEquals(values, m.values(), "values in insertion order");
    assertEquals(List.of("k3", "k9", "k1"), new ArrayList<>(m.getAll(List.of("k3", "nope", "k9", "k1")).keySet()),
        "getAll in the order of keys");
    assertEquals(22, m.size());
    assertFalse(m.isEmpty());
    m.clear();
    assertTrue(m.isEmpty());
  }

  @Test
  void aMapsMergeOfAnAbsentOrNullKeySetsTheOperandForEveryOperation() {
    SharedMap<String, Object> m = client.map("merges");
    for (Merge op : Merge.values()) {
      assertEquals(op == Merge.CONCAT ? "s" : 3, m.merge("absent-" + op, op == Merge.CONCAT ? "s" : 3, op), op.name());
      m.put("null-" + op, null);
      assertEquals(4, m.merge("null-" + op, 4, op), op.name());
    }
  }

  // ---- Merge

  @Test
  void sumWrapsAroundForEveryIntegralClassAndANegativeOperandSubtracts() {
    SharedMap<String, Object> m = client.map("sums");
    m.put("i", Integer.MAX_VALUE);
    assertEquals(Integer.MIN_VALUE, m.merge("i", 1, Merge.SUM));
    m.put("l", Long.MAX_VALUE);
    assertEquals(Long.MIN_VALUE, m.merge("l", 1L, Merge.SUM));
    m.put("s", Short.MAX_VALUE);
    assertEquals(Short.MIN_VALUE, m.merge("s", (short) 1, Merge.SUM));
    m.put("b", Byte.MAX_VALUE);
    assertEquals(Byte.MIN_VALUE, m.merge("b", (byte) 1, Merge.SUM));
    assertEquals((short) 5, m.merge("s2", (short) 5, Merge.SUM));
    assertEquals((short) 2, m.merge("s2", (short) -3, Merge.SUM));
    assertEquals((byte) -1, m.merge("b2", (byte) -1, Merge.SUM));
    assertEquals(1.5, m.merge("d", 1.5, Merge.SUM));
    assertEquals(0.25, m.merge("d", -1.25, Merge.SUM));
    assertEquals(1.5f, m.merge("f", 1.5f, Merge.SUM));
    assertEquals(-0.5f, m.merge("f", -2f, Merge.SUM));
    assertEquals(BigInteger.TEN, m.merge("bi", BigInteger.TEN, Merge.SUM));
    assertEquals(BigInteger.valueOf(7), m.merge("bi", BigInteger.valueOf(-3), Merge.SUM));
    assertEquals(new BigDecimal("1.5"), m.merge("bd", new BigDecimal("1.5"), Merge.SUM));
    assertEquals(new BigDecimal("0.5"), m.merge("bd", new BigDecimal("-1.0"), Merge.SUM));
  }

  @Test
  void operandsOfTheWrongClassFailWithIllegalArgumentAndChangeNothing() {
    SharedMap<String, Object> m = client.map("wrong");
    m.put("int", 1);
    m.put("text", "a");
    m.put("list", List.of(1));
    assertWrongOperand(m, "int", 1L, Merge.SUM);
    assertWrongOperand(m, "int", (short) 1, Merge.SUM);
    assertWrongOperand(m, "int", "x", Merge.MIN);
    assertWrongOperand(m, "int", 2L, Merge.MAX);
    assertWrongOperand(m, "text", 1, Merge.CONCAT);
    assertWrongOperand(m, "list", "x", Merge.CONCAT);
    assertWrongOperand(m, "int", 1, Merge.CONCAT);
    assertWrongOperand(m, "text", "b", Merge.SUM);
    assertWrongOperand(m, "list", List.of(2), Merge.MIN);
    assertEquals(Map.of("int", 1, "text", "a", "list", List.of(1)), m.asMap());
    SharedList<Object> l = client.list("wrong-list");
    l.add(1);
    assertWrongOperand(() -> l.merge(0, "x", Merge.SUM));
    assertEquals(List.of(1), l.toList());
    SharedValue<Object> v = client.value("wrong-value", 1);
    assertWrongOperand(() -> v.accumulateAndGet(1L, Merge.SUM));
    assertWrongOperand(() -> v.getAndAccumulate("x", Merge.MAX));
    assertEquals(1, v.get());
  }

  private static void assertWrongOperand(SharedMap<String, Object> m, String key, Object operand, Merge op) {
    assertWrongOperand(() -> m.merge(key, operand, op));
  }

  private static void assertWrongOperand(Executable call) {
    RemoteException e = assertThrows(RemoteException.class, call);
    assertTrue(e.getMessage().contains("IllegalArgumentException") || e.remoteType().contains("IllegalArgumentException"),
        e.getMessage());
  }

  @Test
  void minAndMaxCompareAnyComparableAndReplaceReturnsTheNewValue() {
    SharedValue<Object> v = client.value("cmp", new BigDecimal("2.0"));
    assertEquals(new BigDecimal("1.5"), v.accumulateAndGet(new BigDecimal("1.5"), Merge.MIN));
    assertEquals(new BigDecimal("1.5"), v.getAndAccumulate(new BigDecimal("9"), Merge.MAX));
    assertEquals(new BigDecimal("9"), v.get());
    assertEquals("z", v.accumulateAndGet("z", Merge.REPLACE));
    assertEquals("z", v.accumulateAndGet("a", Merge.MAX));
    assertEquals("za", v.accumulateAndGet("a", Merge.CONCAT));
  }

  // ---- SharedList

  @Test
  void aListAllowsNullsAndAddAllOfNothingDoesNotChangeIt() {
    SharedList<String> l = client.list("l");
    assertTrue(l.add(null));
    l.add(1, null);
    assertEquals(Arrays.asList(null, null), l.toList());
    assertTrue(l.contains(null));
    assertEquals(0, l.indexOf(null));
    assertEquals(1, l.lastIndexOf(null));
    assertEquals(-1, l.indexOf("x"));
    assertEquals(-1, l.lastIndexOf("x"));
    assertFalse(l.addAll(List.of()));
    assertFalse(l.addAll(0, List.of()));
    assertTrue(l.addAll(1, List.of("a", "b")));
    assertEquals(Arrays.asList(null, "a", "b", null), l.toList());
    assertTrue(l.remove((String) null));
    assertEquals(Arrays.asList("a", "b", null), l.toList());
    assertNull(l.set(2, "c"));
    assertEquals("c", l.remove(2));
  }

  @Test
  void aListsIndexErrorsNameIndexOutOfBoundsAndChangeNothing() {
    SharedList<String> l = client.list("bounds");
    l.addAll(List.of("a", "b"));
    assertIndexError(() -> l.get(-1));
    assertIndexError(() -> l.get(2));
    assertIndexError(() -> l.set(2, "x"));
    assertIndexError(() -> l.add(3, "x"));
    assertIndexError(() -> l.addAll(3, List.of("x")));
    assertIndexError(() -> l.remove(2));
    assertIndexError(() -> l.merge(2, "x", Merge.CONCAT));
    assertIndexError(() -> l.subList(1, 3));
    assertIndexError(() -> l.subList(2, 1));
    assertEquals(List.of("a", "b"), l.toList());
    List<String> copy = l.subList(0, 2);
    copy.add("local");
    assertEquals(List.of("a", "b"), l.toList(), "subList is a copy");
  }

  private static void assertIndexError(Executable call) {
    RemoteException e = assertThrows(RemoteException.class, call);
    assertTrue(e.getMessage().contains("IndexOutOfBoundsException")
        || e.remoteType().contains("IndexOutOfBoundsException"), e.remoteType() + ": " + e.getMessage());
  }

  // ---- SharedValue

  @Test
  void aValuesNumericShortcutsWorkOnEveryNumericClass() {
    List<Object[]> cases = List.of(
        new Object[] {1, 2, 3},
        new Object[] {1L, 2L, 3L},
        new Object[] {(short) 1, (short) 2, (short) 3},
        new Object[] {(byte) 1, (byte) 2, (byte) 3},
        new Object[] {1.0, 2.0, 3.0},
        new Object[] {1.0f, 2.0f, 3.0f},
        new Object[] {BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3)},
        new Object[] {BigDecimal.ONE, BigDecimal.valueOf(2), BigDecimal.valueOf(3)});
    for (Object[] c : cases) {
      String what = c[0].getClass().getSimpleName();
      SharedValue<Object> v = client.value("n-" + what, c[0]);
      assertEquals(c[1], v.incrementAndGet(), what);
      assertEquals(c[0], v.decrementAndGet(), what);
      assertEquals(c[2], v.addAndGet(c[1]), what);
      assertEquals(c[2], v.getAndAdd(c[0]), what);
      assertEquals(c[0], v.accumulateAndGet(c[0], Merge.REPLACE), what);
    }
    SharedValue<Object> text = client.value("n-text", "a");
    RemoteException e = assertThrows(RemoteException.class, text::incrementAndGet);
    assertEquals("a", text.get(), e.getMessage());
    assertThrows(RemoteException.class, () -> text.addAndGet("b"));
    assertEquals("a", text.get());
  }

  @Test
  void aValueComparesWithEqualsAndMayBeNull() {
    SharedValue<List<Integer>> v = client.value("eq", new ArrayList<>(List.of(1, 2)));
    assertTrue(v.compareAndSet(List.of(1, 2), List.of(3)), "an equal, not identical, value matches");
    assertEquals(List.of(3), v.get());
    assertFalse(v.compareAndSet(null, List.of(4)));
    v.set(null);
    assertNull(v.get());
    assertTrue(v.compareAndSet(null, List.of(4)));
    assertEquals(List.of(4), v.getAndSet(null));
    assertNull(v.get());
    List<Integer> copy = new ArrayList<>(List.of(5));
    v.set(copy);
    v.get().add(6);
    assertEquals(List.of(5), v.get(), "get returns a copy");
  }

  // ---- arrays

  @Test
  void intAndLongArraysWrapAroundOnOverflow() {
    SharedIntArray ints = client.intArray("ints", 2);
    ints.set(0, Integer.MAX_VALUE);
    assertEquals(Integer.MIN_VALUE, ints.addAndGet(0, 1));
    assertEquals(Integer.MIN_VALUE, ints.getAndAdd(0, -1));
    assertEquals(Integer.MAX_VALUE, ints.get(0));
    SharedLongArray longs = client.longArray("longs", 2);
    longs.set(1, Long.MIN_VALUE);
    assertEquals(Long.MAX_VALUE, longs.addAndGet(1, -1));
    assertEquals(Long.MAX_VALUE, longs.getAndSet(1, 3));
    assertTrue(longs.compareAndSet(1, 3, 4));
    longs.fill(-2);
    assertArrayEquals(new long[] {-2, -2}, longs.toArray());
    longs.setAll(0, new long[] {1});
    assertArrayEquals(new long[] {1}, longs.slice(0, 1));
  }

  @Test
  void anArrayStartsWithZerosAndABadIndexChangesNothing() {
    SharedIntArray ints = client.intArray("zeros", 4);
    assertArrayEquals(new int[4], ints.toArray());
    assertArrayEquals(new long[3], client.longArray("lzeros", 3).toArray());
    assertArrayEquals(new double[2], client.doubleArray("dzeros", 2).toArray());
    ints.fill(1);
    assertIndexError(() -> ints.setAll(3, new int[] {9, 9}));
    assertIndexError(() -> ints.setAll(-1, new int[] {9}));
    assertIndexError(() -> ints.set(-1, 9));
    assertIndexError(() -> ints.addAndGet(4, 9));
    assertIndexError(() -> ints.compareAndSet(4, 1, 9));
    assertIndexError(() -> ints.slice(2, 5));
    assertIndexError(() -> ints.slice(3, 2));
    assertArrayEquals(new int[] {1, 1, 1, 1}, ints.toArray(), "a setAll partly out of range writes nothing");
    assertArrayEquals(new int[0], ints.slice(2, 2));
    SharedIntArray empty = client.intArray("empty", 0);
    assertEquals(0, empty.length());
    assertArrayEquals(new int[0], empty.toArray());
    assertIndexError(() -> empty.get(0));
  }

  @Test
  void aDoubleArraysCompareAndSetTellsZeroFromNegativeZero() {
    SharedDoubleArray d = client.doubleArray("d", 2);
    assertFalse(d.compareAndSet(0, -0.0, 1.0), "0.0 is not -0.0");
    assertTrue(d.compareAndSet(0, 0.0, -0.0));
    assertFalse(d.compareAndSet(0, 0.0, 1.0));
    assertTrue(d.compareAndSet(0, -0.0, 2.0));
    d.set(1, Double.longBitsToDouble(0x7ff8000000000001L)); // a NaN of another bit pattern
    assertTrue(d.compareAndSet(1, Double.NaN, 1.0), "doubleToLongBits: every NaN is the one NaN");
    assertEquals(2.5, d.addAndGet(0, 0.5));
    assertEquals(2.5, d.getAndAdd(0, -0.5));
    assertEquals(2.0, d.getAndSet(0, 3.0));
    d.fill(1.25);
    d.setAll(1, new double[] {7.5});
    assertArrayEquals(new double[] {1.25, 7.5}, d.toArray());
    assertArrayEquals(new double[] {7.5}, d.slice(1, 2));
    assertIndexError(() -> d.get(2));
  }

  // ---- Namespace

  @Test
  void aNamespaceAttributeSetToNullIsSetAndSetIfAbsentFillsIt() {
    Namespace<Object> ns = client.namespace("ns");
    assertNull(ns.set("a", null));
    assertTrue(ns.has("a"), "set, even to null");
    assertNull(ns.get("a"));
    assertNull(ns.get("a", String.class));
    assertNull(ns.get("absent", String.class));
    assertNull(ns.setIfAbsent("a", "filled"), "null counts as not set");
    assertEquals("filled", ns.get("a"));
    assertNull(ns.setIfAbsent("b", 2));
    assertEquals(2, ns.setIfAbsent("b", 3));
    ns.set("c", 3);
    assertEquals("filled", ns.set("a", "again"));
    assertEquals(List.of("a", "b", "c"), new ArrayList<>(ns.names()), "in the order first set");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", "again");
    expected.put("b", 2);
    expected.put("c", 3);
    assertEquals(expected, ns.asMap());
    assertEquals(List.of("a", "b", "c"), new ArrayList<>(ns.asMap().keySet()));
    assertNull(ns.remove("absent"));
    assertEquals(2, ns.remove("b"));
    assertFalse(ns.has("b"));
    Namespace<Integer> typed = client.namespace("typed");
    typed.set("n", 1);
    assertEquals(1, typed.get("n", Integer.class));
  }

  // ---- synchronization

  /** Runs {@code task} on a thread of its own (TestThreads.EACH). */
  private static <T> CompletableFuture<T> background(Callable<T> task) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return task.call();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, TestThreads.EACH);
  }

  private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never: " + what);
      }
      Thread.sleep(10); // polling with a deadline
    }
  }

  private static final Duration LONG = Duration.ofSeconds(30);
  /** Far below LONG: a call that returned within it did not wait for its timeout. */
  private static final long AT_ONCE = TimeUnit.SECONDS.toNanos(10);

  @Test
  void aBoundedSemaphoresReleaseOfSeveralThatWouldRiseTooHighReleasesNone() throws Exception {
    SharedBoundedSemaphore b = client.boundedSemaphore("b", 3);
    assertTrue(b.tryAcquire(2, LONG));
    assertEquals(1, b.availablePermits());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.release(3));
    assertEquals(1, b.availablePermits(), "nothing released: " + e.getMessage());
    b.release(2);
    assertEquals(3, b.availablePermits());
    assertThrows(IllegalStateException.class, b::release);
    assertEquals(3, b.availablePermits());
  }

  @Test
  void aSemaphoresAcquireOfSeveralHoldsUpThoseBehindItAndZeroWaitsDoNotWait() throws Exception {
    SharedSemaphore s = client.semaphore("s", 2);
    assertEquals("s", s.name());
    CompletableFuture<Void> three = background(() -> {
      s.acquire(3);
      return null;
    });
    eventually("the acquire of three waits", () -> s.getQueueLength() == 1);
    assertEquals(2, s.availablePermits());
    assertFalse(s.tryAcquire(), "two are free, but an acquire waits before");
    long start = System.nanoTime();
    assertFalse(s.tryAcquire(Duration.ZERO));
    assertFalse(s.tryAcquire(Duration.ofMillis(-5)));
    assertFalse(s.tryAcquire(0, TimeUnit.SECONDS));
    assertTrue(System.nanoTime() - start < AT_ONCE);
    CompletableFuture<Boolean> one = background(() -> s.tryAcquire(LONG));
    eventually("the acquire of one waits behind it", () -> s.getQueueLength() == 2);
    assertFalse(one.isDone());
    s.release();
    three.get(30, TimeUnit.SECONDS);
    assertEquals(0, s.availablePermits());
    assertFalse(one.isDone());
    s.release(4);
    assertTrue(one.get(30, TimeUnit.SECONDS));
    assertEquals(3, s.availablePermits(), "a plain semaphore rises above its initial value");
    assertFalse(s.wasAbandoned());
  }

  @Test
  void aLocksStateQueriesAndATimedTryLockOfNoTime() throws Exception {
    SharedLock lock = client.lock("l");
    assertEquals("l", lock.name());
    assertFalse(lock.isLocked());
    assertFalse(lock.isHeldByCurrentThread());
    assertTrue(lock.tryLock(Duration.ZERO), "free: no wait needed");
    assertTrue(lock.isLocked());
    assertTrue(lock.isHeldByCurrentThread());
    CompletableFuture<Boolean> elsewhere = background(() -> {
      long start = System.nanoTime();
      boolean got = lock.tryLock(Duration.ofMillis(-1)) || lock.tryLock(Duration.ZERO) || lock.tryLock(0, TimeUnit.SECONDS);
      return !got && lock.isLocked() && !lock.isHeldByCurrentThread() && System.nanoTime() - start < AT_ONCE;
    });
    assertTrue(elsewhere.get(30, TimeUnit.SECONDS));
    CompletableFuture<Boolean> waiter = background(() -> {
      lock.lock();
      lock.unlock();
      return true;
    });
    eventually("one thread waits", () -> lock.getQueueLength() == 1);
    CompletionException e = assertThrows(CompletionException.class, () -> background(() -> {
      lock.unlock();
      return null;
    }).join());
    assertTrue(e.getCause() instanceof IllegalMonitorStateException, "unlock by another thread: " + e);
    lock.unlock();
    assertTrue(waiter.get(30, TimeUnit.SECONDS));
    assertEquals(0, lock.getQueueLength());
    assertThrows(IllegalMonitorStateException.class, lock::unlock, "unlock of a free lock");
    assertFalse(lock.wasAbandoned());
  }

  @Test
  void aReentrantLocksHoldCountIsPerThread() throws Exception {
    SharedRLock r = client.rlock("r");
    assertEquals(0, r.getHoldCount());
    r.lock();
    r.lock();
    assertTrue(r.tryLock());
    assertEquals(3, r.getHoldCount());
    assertEquals(0, background(r::getHoldCount).get(30, TimeUnit.SECONDS));
    assertFalse(background(r::tryLock).get(30, TimeUnit.SECONDS));
    CompletionException e = assertThrows(CompletionException.class, () -> background(() -> {
      r.unlock();
      return null;
    }).join());
    assertTrue(e.getCause() instanceof IllegalMonitorStateException, e.toString());
    r.unlock();
    r.unlock();
    assertTrue(r.isLocked(), "one hold left");
    r.unlock();
    assertFalse(r.isLocked());
    assertThrows(IllegalMonitorStateException.class, r::unlock);
  }

  @Test
  void anEventsWaitOfNoTimeReturnsTheFlagAtOnce() throws Exception {
    SharedEvent e = client.event("e");
    assertEquals("e", e.name());
    assertFalse(e.isSet());
    long start = System.nanoTime();
    assertFalse(e.await(Duration.ZERO));
    assertFalse(e.await(Duration.ofMillis(-1)));
    assertTrue(System.nanoTime() - start < AT_ONCE);
    CompletableFuture<Boolean> timed = background(() -> e.await(LONG));
    CompletableFuture<Void> untimed = background(() -> {
      e.await();
      return null;
    });
    eventually("both wait", () -> manager.introspect().parkedCalls() == 2);
    e.set();
    assertTrue(timed.get(30, TimeUnit.SECONDS));
    untimed.get(30, TimeUnit.SECONDS);
    assertTrue(e.isSet());
    assertTrue(e.await(Duration.ZERO));
    e.await();
    e.set();
    e.clear();
    assertFalse(e.isSet());
    e.clear();
    assertFalse(e.await(Duration.ofMillis(50)));
  }

  @Test
  void aConditionsNameAndSignalCounts() throws Exception {
    SharedCondition own = client.condition("c");
    assertTrue(own.lock() instanceof SharedRLock, "its own reentrant lock");
    assertEquals("c", own.name(), "a condition with its own lock has the lock's name");
    assertEquals("c", own.lock().name());
    SharedCondition named = client.lock("l").condition("ready");
    assertEquals("l#ready", named.name());
    assertEquals("l", named.lock().name());
    own.lock().lock();
    try {
      assertEquals(0, own.signal(0));
      assertEquals(0, own.signal(5));
      assertEquals(0, own.getWaitQueueLength());
      assertThrows(IllegalArgumentException.class, () -> own.signal(-1));
      assertTrue(own.awaitFor(() -> true, LONG), "a true predicate does not wait");
      assertTrue(own.lock().isHeldByCurrentThread());
    } finally {
      own.lock().unlock();
    }
    AtomicInteger ran = new AtomicInteger();
    assertThrows(IllegalMonitorStateException.class, () -> own.awaitFor(() -> ran.incrementAndGet() > 0, LONG),
        "without the lock, even a true predicate");
    assertEquals(0, ran.get(), "the predicate runs only with the lock held");
    assertThrows(IllegalMonitorStateException.class, () -> own.signal(1));
    assertThrows(IllegalMonitorStateException.class, () -> own.await(Duration.ZERO));
  }

  @Test
  void aJoinableQueuesTaskDoneTooOftenChangesNothing() throws Exception {
    JoinableQueue<Integer> q = client.joinableQueue("jq", Integer.class, 0);
    assertThrows(IllegalStateException.class, q::taskDone);
    assertEquals(0, q.unfinishedTasks());
    q.join();
    q.put(1);
    q.put(2);
    assertEquals(1, q.get());
    assertEquals(2, q.unfinishedTasks(), "a get does not finish a task");
    q.taskDone();
    assertEquals(1, q.unfinishedTasks());
    CompletableFuture<Boolean> joined = background(() -> q.join(LONG));
    eventually("the join waits", () -> manager.introspect().parkedCalls() == 1);
    assertFalse(joined.isDone());
    q.taskDone();
    assertTrue(joined.get(30, TimeUnit.SECONDS));
    assertThrows(IllegalStateException.class, q::taskDone);
    assertEquals(0, q.unfinishedTasks());
    assertEquals(2, q.getNowait(), "an element taken without taskDone stays in the queue until got");
  }

  @Test
  void aQueuesWaitsOfNoTimeDoNotWait() throws Exception {
    SharedQueue<String> q = client.queue("q", String.class, 1);
    assertEquals("q", q.name());
    assertEquals(1, q.capacity());
    long start = System.nanoTime();
    assertThrows(EmptyException.class, () -> q.get(Duration.ZERO));
    assertThrows(EmptyException.class, () -> q.get(Duration.ofMillis(-1)));
    assertNull(q.poll(Duration.ZERO));
    assertNull(q.poll(Duration.ofMillis(-1)));
    q.put("a", Duration.ZERO);
    assertTrue(q.isFull());
    assertThrows(FullException.class, () -> q.put("b", Duration.ZERO));
    assertThrows(FullException.class, () -> q.put("b", Duration.ofMillis(-1)));
    assertFalse(q.offer("b", Duration.ZERO));
    assertFalse(q.offer("b", Duration.ofMillis(-1)));
    assertTrue(System.nanoTime() - start < AT_ONCE);
    assertEquals("a", q.poll(Duration.ZERO));
    assertTrue(q.isEmpty());
  }

  @Test
  void aBarriersArrivalIndicesCountDownAndAbortHoldsUntilReset() throws Exception {
    SharedBarrier b = client.barrier("b", 3);
    assertEquals("b", b.name());
    assertEquals(3, b.getParties());
    CompletableFuture<Integer> first = background(() -> b.await(30, TimeUnit.SECONDS));
    eventually("the first waits", () -> b.getNumberWaiting() == 1);
    CompletableFuture<Integer> second = background(b::await);
    eventually("the second waits", () -> b.getNumberWaiting() == 2);
    assertEquals(0, b.await(LONG), "the last to arrive");
    assertEquals(2, first.get(30, TimeUnit.SECONDS), "getParties() - 1 for the first to arrive");
    assertEquals(1, second.get(30, TimeUnit.SECONDS));
    assertEquals(0, b.getNumberWaiting());
    b.abort();
    assertTrue(b.isBroken());
    assertThrows(BrokenBarrierException.class, b::await);
    assertThrows(BrokenBarrierException.class, () -> b.await(LONG));
    assertThrows(BrokenBarrierException.class, () -> b.await(Duration.ZERO), "broken before the timeout matters");
    assertTrue(b.isBroken(), "later waits fail until reset");
    b.reset();
    assertFalse(b.isBroken());
    CompletableFuture<Integer> again = background(() -> b.await(LONG));
    CompletableFuture<Integer> again2 = background(() -> b.await(LONG));
    eventually("two wait", () -> b.getNumberWaiting() == 2);
    assertEquals(0, b.await(30, TimeUnit.SECONDS));
    assertEquals(3, again.get(30, TimeUnit.SECONDS) + again2.get(30, TimeUnit.SECONDS));
  }

  // ---- introspection

  @Test
  void everyKindOfObjectIsListedWithItsInterfaceAndTheMethodsThatRunInTheManager() throws Exception {
    try (Manager m = TestTransport.manager(Manager.builder()).address(0).authKey(key).jmx(false)
            .share(Cells.class, "cells", new CellsImpl())
            .channel(Events.class, "events", 4).start();
        ManagerClient c = TestTransport.connect(m.port(), key)) {
      Namespace<Object> ns = c.namespace("ns");
      ns.set("x", 1);
      assertEquals(1, ns.get("x", Integer.class));
      SharedMap<String, Object> map = c.map("map");
      map.put("k", "v");
      assertThrows(RemoteException.class, () -> map.merge("k", 1, Merge.SUM));
      c.intArray("ints", 2).setAll(0, new int[] {1});
      c.<String>list("list").addAll(List.of("a"));
      c.lock("lock").lock();
      c.condition("cond");
      c.barrier("barrier", 2);
      c.queue("queue", String.class, 0);
      Cells.Cell cell = c.shared(Cells.class, "cells").newCell(1);
      assertEquals(1, cell.get());
      for (ManagerView view : List.of(m.introspect(), c.introspect())) {
        String text = view.toText();
        assertNull(view.object("absent"));
        List<String> names = view.objects().stream().map(ObjectView::name).toList();
        assertEquals(names.stream().sorted().toList(), names, "objects by name");
        for (ObjectView o : view.objects()) {
          assertTrue(List.of("shared", "builtin", "channel", "returned", "system").contains(o.kind()), o.toString());
          assertTrue(List.of("SERIAL", "CONCURRENT").contains(o.dispatch()), o.toString());
          assertTrue(o.queuedCalls() >= 0, o.toString());
          for (MethodView mv : o.methods()) {
            assertTrue(mv.errors() <= mv.calls(), mv.toString());
            if (mv.calls() == 0) {
              assertEquals(List.of(0L, 0L, 0L, 0L), List.of(mv.p50Nanos(), mv.p90Nanos(), mv.p99Nanos(), mv.maxNanos()),
                  "no latency without calls: " + mv);
            } else {
              assertTrue(0 < mv.p50Nanos() && mv.p50Nanos() <= mv.p90Nanos() && mv.p90Nanos() <= mv.p99Nanos()
                  && mv.p99Nanos() <= mv.maxNanos(), mv.toString());
            }
          }
        }
        ObjectView nsView = view.object("ns");
        assertEquals("builtin", nsView.kind(), text);
        assertEquals(Namespace.class.getName(), nsView.type(), text);
        List<String> nsMethods = nsView.methods().stream().map(MethodView::method).toList();
        assertTrue(nsMethods.contains("get(java.lang.String)"), nsMethods.toString());
        assertFalse(nsMethods.contains("get(java.lang.String,java.lang.Class)"), "a default method runs in the caller: " + nsMethods);
        assertEquals(1, method(nsView, "get(java.lang.String)").calls(), "the default get(name, type) called it once");
        assertEquals(1, method(view.object("ints"), "setAll(int,int[])").calls(), text);
        assertEquals(1, method(view.object("list"), "addAll(java.util.Collection)").calls(), text);
        ObjectView mapView = view.object("map");
        assertEquals(SharedMap.class.getName(), mapView.type(), text);
        MethodView merge = method(mapView, "merge(java.lang.Object,java.lang.Object,io.typedipc.builtin.Merge)");
        assertEquals(1, merge.calls(), merge.toString());
        assertEquals(1, merge.errors(), "a call that threw is a failed call: " + merge);
        assertEquals(1, mapView.errors());
        assertEquals(2, mapView.calls());
        assertEquals("builtin", view.object("lock").kind(), text);
        assertEquals(SharedLock.class.getName(), view.object("lock").type(), text);
        assertEquals(SharedQueue.class.getName(), view.object("queue").type(), text);
        assertEquals(SharedCondition.class.getName(), view.object("cond").type(), "what client.condition returns: " + text);
        assertEquals(SharedBarrier.class.getName(), view.object("barrier").type(), text);
        assertTrue(method(view.object("lock"), "acquire(long,long,long)").calls() >= 1, "the wire's methods: " + text);
        ObjectView channel = view.object("events");
        assertEquals("channel", channel.kind(), text);
        assertEquals(Events.class.getName(), channel.type(), "a channel's message interface: " + text);
        assertEquals("shared", view.object("cells").kind(), text);
        ObjectView returned = view.objects().stream().filter(o -> o.kind().equals("returned")).findFirst().orElseThrow();
        assertTrue(returned.name().matches("typedipc\\.obj\\.\\d+"), returned.name());
        assertEquals(Cells.Cell.class.getName(), returned.type());
        assertEquals(view.objects().stream().mapToLong(ObjectView::calls).sum(), view.calls());
        assertEquals(view.objects().stream().mapToLong(ObjectView::errors).sum(), view.errors());
      }
    }
  }

  private static MethodView method(ObjectView object, String signature) {
    return object.methods().stream().filter(mv -> mv.method().equals(signature)).findFirst()
        .orElseThrow(() -> new AssertionError(signature + " not in " + object.methods()));
  }

  // ---- more corners

  /**
   * "Signalled waiters reacquire the lock in the order they were signalled, behind threads already
   * waiting for it."
   */
  @Test
  void signalledWaitersReacquireInSignalOrderBehindThreadsWaitingForTheLock() throws Exception {
    SharedCondition c = client.condition("order");
    SharedLock lock = c.lock();
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (String w : List.of("w1", "w2", "w3")) {
      all.add(background(() -> {
        lock.lock();
        try {
          assertTrue(c.await(LONG), w);
          order.add(w);
        } finally {
          lock.unlock();
        }
        return null;
      }));
      eventually(w + " waits", () -> c.getWaitQueueLength() == all.size());
    }
    lock.lock();
    try {
      all.add(background(() -> {
        lock.lock();
        try {
          order.add("locker");
        } finally {
          lock.unlock();
        }
        return null;
      }));
      eventually("a thread waits for the lock", () -> lock.getQueueLength() == 1);
      c.signal(); // w1
      assertEquals(2, c.signal(2)); // w2, w3
      assertEquals(0, c.getWaitQueueLength());
    } finally {
      lock.unlock();
    }
    for (CompletableFuture<Void> f : all) {
      f.get(30, TimeUnit.SECONDS);
    }
    assertEquals(List.of("locker", "w1", "w2", "w3"), order);
  }

  /**
   * "If the lock's holder dies, the lock is released as described for SharedLock, and a waiter
   * that reacquires it sees wasAbandoned() return true": the holder is another JVM, killed.
   */
  @Test
  void aWaiterReacquiringALockWhoseHolderDiedSeesItAbandoned() throws Exception {
    SharedLock lock = client.lock("held");
    SharedCondition c = lock.condition("never");
    CountDownLatch locked = new CountDownLatch(1);
    CompletableFuture<Boolean> waiter = background(() -> {
      lock.lock();
      try {
        locked.countDown();
        eventually("the other JVM waits for the lock", () -> lock.getQueueLength() == 1);
        // waiting hands the lock to the other JVM, already queued for it; nobody signals
        assertFalse(c.await(Duration.ofMillis(300)));
        return lock.wasAbandoned();
      } finally {
        lock.unlock();
      }
    });
    locked.await();
    try (ChildJvm holder = ChildJvm.start(SyncChildMain.class, key,
        Integer.toString(manager.port()), "holdLock", "held")) {
      holder.awaitLine("HELD", LONG);
      eventually("the wait timed out", () -> c.getWaitQueueLength() == 0);
      assertFalse(waiter.isDone(), "it waits for the lock the other JVM holds");
      holder.kill();
      assertTrue(waiter.get(30, TimeUnit.SECONDS), "wasAbandoned() after reacquiring");
    }
    assertFalse(lock.isLocked());
  }

  /** "Each call is atomic": many threads of one JVM through one proxy lose no update. */
  @Test
  void concurrentCallersThroughOneProxyLoseNothing() throws Exception {
    SharedValue<Long> v = client.value("count", 0L);
    SharedMap<String, Long> m = client.map("counts");
    SharedIntArray a = client.intArray("slots", 2);
    SharedList<Integer> l = client.list("items");
    int threads = 8;
    int each = 200;
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      all.add(background(() -> {
        for (int i = 0; i < each; i++) {
          v.incrementAndGet();
          m.merge("hits", 1L, Merge.SUM);
          a.addAndGet(id % 2, 1);
          l.add(id * each + i);
        }
        return null;
      }));
    }
    for (CompletableFuture<Void> f : all) {
      f.get(60, TimeUnit.SECONDS);
    }
    long total = (long) threads * each;
    assertEquals(total, v.get());
    assertEquals(total, m.get("hits"));
    assertArrayEquals(new int[] {(int) total / 2, (int) total / 2}, a.toArray());
    assertEquals(total, l.size());
    assertEquals(total, l.toList().stream().distinct().count());
  }

  @Test
  void mapKeysAreComparedWithEqualsAndANamespaceChecksItsValuesClasses() {
    SharedMap<List<Integer>, String> m = client.map("keys");
    m.put(List.of(1, 2), "a");
    assertEquals("a", m.get(new ArrayList<>(List.of(1, 2))));
    assertTrue(m.containsKey(Arrays.asList(1, 2)));
    Namespace<Object> ns = client.namespace("allowed");
    SerializationException e = assertThrows(SerializationException.class,
        () -> ns.set("x", new StringBuilder("not registered")));
    assertFalse(ns.has("x"), e.getMessage());
  }

  /** "every put adds one": only a put that adds its element counts as a task. */
  @Test
  void aJoinableQueueCountsOnlyThePutsThatAddedTheirElement() throws Exception {
    JoinableQueue<String> q = client.joinableQueue("tasks", String.class, 1);
    q.put("a");
    assertFalse(q.offer("b"));
    assertFalse(q.offer("b", Duration.ofMillis(20)));
    assertThrows(FullException.class, () -> q.putNowait("b"));
    assertThrows(FullException.class, () -> q.put("b", Duration.ofMillis(20)));
    assertEquals(1, q.unfinishedTasks(), "refused puts are no tasks");
    CompletableFuture<Thread> putter = new CompletableFuture<>(); // handed over with a happens-before
    CompletableFuture<Void> interrupted = background(() -> {
      putter.complete(Thread.currentThread());
      q.put("c");
      return null;
    });
    Thread putting = putter.get(30, TimeUnit.SECONDS);
    eventually("the put waits", () -> manager.introspect().parkedCalls() == 1);
    putting.interrupt();
    assertThrows(ExecutionException.class, () -> interrupted.get(30, TimeUnit.SECONDS));
    eventually("the put is withdrawn", () -> manager.introspect().parkedCalls() == 0);
    assertEquals(1, q.unfinishedTasks(), "a withdrawn put is no task");
    try (ManagerClient dying = TestTransport.connect(manager.port(), key)) {
      JoinableQueue<String> same = dying.joinableQueue("tasks", String.class, 1);
      background(() -> {
        same.put("d");
        return null;
      });
      eventually("its put waits", () -> manager.introspect().parkedCalls() == 1);
    }
    eventually("the closed client's put is dropped", () -> manager.introspect().parkedCalls() == 0);
    assertEquals(1, q.unfinishedTasks(), "a dropped put is no task");
    assertEquals("a", q.get());
    assertEquals(1, q.unfinishedTasks());
    long start = System.nanoTime();
    assertFalse(q.join(Duration.ZERO));
    assertFalse(q.join(Duration.ofMillis(-1)));
    assertTrue(System.nanoTime() - start < AT_ONCE);
    q.taskDone();
    assertTrue(q.join(Duration.ZERO));
    assertEquals(0, q.size());
  }

  /** "Sets key to value only if it has a value": a key mapped to null has one (containsKey). */
  @Test
  void aMapsReplaceOfAKeyMappedToNullReplacesIt() {
    SharedMap<String, Integer> m = client.map("nulls");
    m.put("k", null);
    assertNull(m.replace("k", 3));
    assertEquals(3, m.get("k"));
    assertTrue(m.replace("k", 3, null));
    assertTrue(m.containsKey("k"));
    assertTrue(m.remove("k", null));
    assertFalse(m.containsKey("k"));
  }

  /** Merge: "In every case a null (or absent) current value is replaced by the operand". */
  @Test
  void aNullListElementOrValueIsReplacedByTheMergeOperand() {
    SharedList<Object> l = client.list("with-null");
    l.add(null);
    l.add(null);
    assertEquals(5, l.merge(0, 5, Merge.SUM));
    assertEquals("s", l.merge(1, "s", Merge.CONCAT));
    assertEquals(List.of(5, "s"), l.toList());
    SharedValue<Object> v = client.value("null-value", null);
    assertNull(v.getAndAccumulate(2, Merge.MIN));
    assertEquals(2, v.get());
    v.set(null);
    assertEquals(List.of(1), v.accumulateAndGet(List.of(1), Merge.CONCAT));
  }

  /** SharedQueue: "null is not allowed", for every way to put; nothing is added. */
  @Test
  void everyPutOfNullIsRefusedAndAddsNothing() {
    SharedQueue<String> q = client.queue("no-nulls", String.class, 0);
    assertThrows(NullPointerException.class, () -> q.put(null));
    assertThrows(NullPointerException.class, () -> q.put(null, LONG));
    assertThrows(NullPointerException.class, () -> q.putNowait(null));
    assertThrows(NullPointerException.class, () -> q.offer(null));
    assertThrows(NullPointerException.class, () -> q.offer(null, LONG));
    JoinableQueue<String> j = client.joinableQueue("no-nulls-joinable", String.class, 0);
    assertThrows(NullPointerException.class, () -> j.offer(null));
    assertThrows(NullPointerException.class, () -> j.putNowait(null));
    assertEquals(0, j.unfinishedTasks());
    assertTrue(q.isEmpty());
    assertTrue(j.isEmpty());
  }

  /**
   * SharedBarrier.await: "BrokenBarrierException ... also when this party tripped it and it was
   * reset or aborted while its action ran"; the others get BrokenBarrierException too.
   */
  @Test
  void aResetOrAbortWhileTheTrippingPartysActionRunsBreaksItForEveryParty() throws Exception {
    for (boolean abort : List.of(false, true)) {
      String name = "acted-" + abort;
      CountDownLatch inAction = new CountDownLatch(1);
      CountDownLatch finish = new CountDownLatch(1);
      SharedBarrier plain = client.barrier(name, 2);
      SharedBarrier acting = client.barrier(name, 2, () -> {
        inAction.countDown();
        try {
          finish.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      CompletableFuture<Integer> other = background(() -> plain.await(LONG));
      eventually("the other party waits", () -> plain.getNumberWaiting() == 1);
      CompletableFuture<Integer> tripping = background(() -> acting.await(LONG));
      assertTrue(inAction.await(30, TimeUnit.SECONDS));
      if (abort) {
        plain.abort();
      } else {
        plain.reset();
      }
      finish.countDown();
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> tripping.get(30, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof BrokenBarrierException, (abort ? "abort: " : "reset: ") + e.getCause());
      e = assertThrows(ExecutionException.class, () -> other.get(30, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof BrokenBarrierException, (abort ? "abort: " : "reset: ") + e.getCause());
      assertEquals(abort, plain.isBroken(), "a reset leaves it whole, an abort broken");
    }
  }

  /**
   * SharedLock: "if the connection is lost, [the wait ends] with ConnectionLostException" — the
   * Manager's JVM is killed while threads here wait, on every kind of wait.
   */
  @Test
  void everyWaitEndsWithConnectionLostWhenTheManagersJvmDies() throws Exception {
    try (ChildJvm managerJvm = ChildJvm.start(TestManagerMain.class, key)) {
      int port = Integer.parseInt(managerJvm.awaitLine("PORT", LONG));
      try (ManagerClient c = TestTransport.connect(port, key)) {
        SharedLock lock = c.lock("lock");
        lock.lock();
        SharedCondition cond = c.condition("cond");
        SharedSemaphore sem = c.semaphore("sem", 0);
        SharedEvent event = c.event("event");
        SharedBarrier barrier = c.barrier("barrier", 2);
        SharedQueue<String> queue = c.queue("queue", String.class, 0);
        JoinableQueue<String> joinable = c.joinableQueue("joinable", String.class, 0);
        joinable.put("task");
        Map<String, CompletableFuture<Object>> waits = new LinkedHashMap<>();
        waits.put("lock", background(() -> {
          lock.lock();
          return null;
        }));
        waits.put("tryLock", background(() -> lock.tryLock(LONG)));
        waits.put("condition", background(() -> {
          cond.lock().lock();
          return cond.await(LONG);
        }));
        waits.put("semaphore", background(() -> {
          sem.acquire();
          return null;
        }));
        waits.put("event", background(() -> {
          event.await();
          return null;
        }));
        waits.put("barrier", background(() -> barrier.await()));
        waits.put("queue", background(() -> queue.get()));
        waits.put("join", background(() -> {
          joinable.join();
          return null;
        }));
        eventually("every wait is parked", () -> c.introspect().parkedCalls() == waits.size());
        managerJvm.kill();
        for (Map.Entry<String, CompletableFuture<Object>> w : waits.entrySet()) {
          ExecutionException e = assertThrows(ExecutionException.class,
              () -> w.getValue().get(30, TimeUnit.SECONDS), w.getKey());
          Throwable cause = e.getCause() instanceof CompletionException ? e.getCause().getCause() : e.getCause();
          assertTrue(cause instanceof ConnectionLostException, w.getKey() + ": " + cause);
        }
      }
    }
  }

  /**
   * SharedLock: "not reentrant: lock() by the thread that holds it throws IllegalMonitorStateException
   * instead of waiting forever, and tryLock returns false at once" — the timed and interruptible
   * forms too; a SharedRLock's holder gets another hold at once from each.
   */
  @Test
  void theHoldersOwnTimedAndInterruptibleAcquiresDoNotWait() throws Exception {
    SharedLock lock = client.lock("own");
    lock.lock();
    try {
      long start = System.nanoTime();
      assertFalse(lock.tryLock(LONG));
      assertFalse(lock.tryLock(30, TimeUnit.SECONDS));
      assertThrows(IllegalMonitorStateException.class, lock::lockInterruptibly);
      assertTrue(System.nanoTime() - start < AT_ONCE, "no wait for its own lock");
      assertTrue(lock.isHeldByCurrentThread(), "still held once");
    } finally {
      lock.unlock();
    }
    assertFalse(lock.isLocked());
    SharedRLock r = client.rlock("own-r");
    r.lock();
    long start = System.nanoTime();
    assertTrue(r.tryLock(LONG));
    assertTrue(r.tryLock(30, TimeUnit.SECONDS));
    r.lockInterruptibly();
    assertTrue(System.nanoTime() - start < AT_ONCE);
    assertEquals(4, r.getHoldCount());
    for (int i = 0; i < 4; i++) {
      r.unlock();
    }
    assertFalse(r.isLocked());
  }

  /**
   * SharedCondition: "If the client of a waiting thread disconnects or dies, its wait is dropped"
   * — whether it was still waiting or already signalled and waiting for the lock.
   */
  @Test
  void theWaitsOfAJvmThatDiesAreDroppedSignalledOrNot() throws Exception {
    SharedCondition c = client.condition("dying");
    try (ChildJvm waiting = ChildJvm.start(SyncChildMain.class, key,
        Integer.toString(manager.port()), "waitOnCondition", "dying", "2")) {
      eventually("two threads of the other JVM wait", () -> c.getWaitQueueLength() == 2);
      waiting.kill();
      eventually("their waits are dropped", () -> c.getWaitQueueLength() == 0);
    }
    c.lock().lock();
    try {
      assertEquals(0, c.signal(5), "nobody left to wake");
    } finally {
      c.lock().unlock();
    }
    int ours = manager.introspect().connections().size();
    try (ChildJvm signalled = ChildJvm.start(SyncChildMain.class, key,
        Integer.toString(manager.port()), "waitOnCondition", "dying", "2")) {
      eventually("two threads of the other JVM wait", () -> c.getWaitQueueLength() == 2);
      c.lock().lock();
      try {
        assertEquals(2, c.signal(2));
        signalled.kill();
        eventually("the dead JVM's connection is gone", () -> manager.introspect().connections().size() == ours);
      } finally {
        c.lock().unlock();
      }
    }
    assertTrue(background(() -> {
      boolean got = c.lock().tryLock(LONG);
      boolean abandoned = c.lock().wasAbandoned();
      c.lock().unlock();
      return got && !abandoned;
    }).get(30, TimeUnit.SECONDS), "the lock is not left to the dead JVM's signalled waiters");
    assertFalse(c.lock().isLocked());
  }

  /**
   * Arrays' Javadoc: "a reply over the frame limit (16 MiB by default) fails its call with
   * SerializationException ...; read a large array in slices", and a setAll over it fails before
   * sending. 5,000,000 ints of large values do not fit; the client stays connected.
   */
  @Test
  void aLargeArrayIsReadInSlicesWhenItDoesNotFitAFrame() {
    int length = 5_000_000;
    SharedIntArray a = client.intArray("large", length);
    a.fill(Integer.MIN_VALUE); // 5 bytes each on the wire
    a.set(length - 1, 7);
    SerializationException e = assertThrows(SerializationException.class, a::toArray);
    assertTrue(e.getMessage().contains("maxFrameSize"), e.getMessage());
    int[] values = new int[length];
    Arrays.fill(values, Integer.MAX_VALUE);
    assertThrows(SerializationException.class, () -> a.setAll(0, values));
    assertTrue(client.isConnected());
    int[] tail = a.slice(length - 1_000_000, length);
    assertEquals(7, tail[tail.length - 1]);
    assertEquals(Integer.MIN_VALUE, tail[0], "the refused setAll wrote nothing");
    SharedLongArray longs = client.longArray("large-longs", 3_000_000);
    longs.fill(Long.MIN_VALUE);
    assertThrows(SerializationException.class, longs::toArray);
    SharedDoubleArray doubles = client.doubleArray("large-doubles", 3_000_000);
    doubles.fill(Math.PI);
    assertThrows(SerializationException.class, doubles::toArray);
    assertEquals(1_000_000, doubles.slice(0, 1_000_000).length);
  }

  /** SharedList/SharedMap Javadoc: a copy over the frame limit fails; read it in parts. */
  @Test
  void aLargeListOrMapIsReadInPartsWhenItDoesNotFitAFrame() {
    String text = "x".repeat(1_000);
    SharedList<String> l = client.list("large-list");
    SharedMap<Integer, String> m = client.map("large-map");
    List<String> chunk = Collections.nCopies(1_000, text);
    Map<Integer, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      l.addAll(chunk); // 20 MB in all, 1 MB per call
      entries.clear();
      for (int k = i * 1_000; k < (i + 1) * 1_000; k++) {
        entries.put(k, text);
      }
      m.putAll(entries);
    }
    assertThrows(SerializationException.class, l::toList);
    assertThrows(SerializationException.class, m::asMap);
    assertThrows(SerializationException.class, m::values);
    assertTrue(client.isConnected());
    assertEquals(20_000, l.size());
    assertEquals(5_000, l.subList(0, 5_000).size());
    assertEquals(20_000, m.keySet().size(), "the keys alone fit");
    assertEquals(1_000, m.getAll(new ArrayList<>(m.keySet()).subList(0, 1_000)).size());
  }

  /**
   * SharedQueue: "A wait of a client that disconnects or dies is dropped: its put adds nothing. An
   * element is handed to a waiting get only while that get's client is connected."
   */
  @Test
  void theQueueWaitsOfAJvmThatDiesAreDroppedAndLoseNoElement() throws Exception {
    SharedQueue<String> q = client.queue("dq", String.class, 0);
    SharedQueue<String> full = client.queue("dq-full", String.class, 1);
    full.put("mine");
    int ours = manager.introspect().connections().size();
    try (ChildJvm child = ChildJvm.start(JavadocBuiltinsChildMain.class, key, Integer.toString(manager.port()), "dq")) {
      child.awaitLine("WAITING", LONG);
      eventually("three waits are parked", () -> manager.introspect().parkedCalls() == 3);
      child.kill();
      eventually("the dead JVM's connection is gone", () -> manager.introspect().connections().size() == ours);
    }
    assertEquals(0, manager.introspect().parkedCalls());
    q.put("a");
    q.put("b");
    assertEquals(2, q.size(), "no element went to the dead JVM's gets");
    assertEquals("a", q.get(Duration.ZERO));
    assertEquals("b", q.get(Duration.ZERO));
    assertEquals(1, full.size(), "the dead JVM's put added nothing");
    assertEquals("mine", full.get(Duration.ZERO));
    assertNull(full.poll());
  }

  /**
   * SharedBarrier: the action runs "on the awaiting thread, once per generation, before the other
   * parties are released"; a handle without one that trips it releases the others at once.
   */
  @Test
  void aBarrierActionRunsOnTheTrippingThreadBeforeTheOthersGo() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    SharedBarrier acting = client.barrier("act", 2, () -> {
      ranOn.set(Thread.currentThread());
      log.add("action");
    });
    SharedBarrier plain = client.barrier("act", 2);
    CompletableFuture<Void> other = background(() -> {
      plain.await(LONG);
      log.add("released");
      return null;
    });
    eventually("the other party waits", () -> plain.getNumberWaiting() == 1);
    AtomicReference<Thread> awaiting = new AtomicReference<>();
    assertEquals(0, background(() -> {
      awaiting.set(Thread.currentThread());
      return acting.await(LONG);
    }).get(30, TimeUnit.SECONDS));
    other.get(30, TimeUnit.SECONDS);
    assertEquals(List.of("action", "released"), log);
    assertTrue(ranOn.get() == awaiting.get(), "on the awaiting thread");
    // the handle with the action arriving first does not run it: the one tripping has none
    CompletableFuture<Integer> first = background(() -> acting.await(LONG));
    eventually("the acting party waits", () -> plain.getNumberWaiting() == 1);
    assertEquals(0, plain.await(LONG));
    assertEquals(1, first.get(30, TimeUnit.SECONDS));
    assertEquals(List.of("action", "released"), log, "once per generation, by the tripping handle only");
  }

  /** Merge.SUM: "BigDecimals whose scales differ by more than 10,000 are refused". */
  @Test
  void aBigDecimalSumBridgingMoreThanTenThousandScalesIsRefused() {
    SharedValue<BigDecimal> v = client.value("decimal", BigDecimal.ONE);
    BigDecimal far = new BigDecimal(BigInteger.ONE, 10_001);
    assertWrongOperand(() -> v.addAndGet(far));
    assertEquals(BigDecimal.ONE, v.get());
    BigDecimal near = new BigDecimal(BigInteger.ONE, 10_000);
    assertEquals(BigDecimal.ONE.add(near), v.addAndGet(near));
  }

  /** Merge: a null operand is refused unless the current value is null or the operation REPLACE. */
  @Test
  void aNullOperandIsRefusedExceptByReplaceOrOverNull() {
    SharedMap<String, Object> m = client.map("null-operands");
    m.put("n", 1);
    for (Merge op : List.of(Merge.SUM, Merge.MIN, Merge.MAX, Merge.CONCAT)) {
      assertWrongOperand(() -> m.merge("n", null, op));
      assertEquals(1, m.get("n"), op.name());
      assertNull(m.merge("absent-" + op, null, op), op.name());
    }
    assertNull(m.merge("n", null, Merge.REPLACE));
    assertTrue(m.containsKey("n"));
    assertNull(m.get("n"));
  }

  /** SharedSemaphore.release: the permits cannot pass Integer.MAX_VALUE; nothing is released then. */
  @Test
  void aSemaphoreCannotRiseAboveIntegerMaxValue() {
    SharedSemaphore s = client.semaphore("huge", Integer.MAX_VALUE - 1);
    assertThrows(IllegalStateException.class, () -> s.release(2));
    assertEquals(Integer.MAX_VALUE - 1, s.availablePermits());
    s.release();
    assertEquals(Integer.MAX_VALUE, s.availablePermits());
    assertThrows(IllegalStateException.class, s::release);
    assertEquals(Integer.MAX_VALUE, s.availablePermits());
  }

  /**
   * SharedQueue: an element not of the handle's class fails the put with ClassCastException before
   * it is sent; a get of one another handle put there fails with ClassCastException, the element taken.
   */
  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void elementsOfAnotherClassFailWithClassCastException() throws Exception {
    SharedQueue<String> strings = client.queue("mixed", String.class, 0);
    SharedQueue raw = strings;
    assertThrows(ClassCastException.class, () -> raw.put(5));
    assertThrows(ClassCastException.class, () -> raw.offer(5));
    assertEquals(0, strings.size(), "nothing was sent");
    SharedQueue<Integer> ints = client.queue("mixed", Integer.class, 0);
    ints.put(5);
    strings.put("s");
    ClassCastException e = assertThrows(ClassCastException.class, () -> strings.get(LONG));
    assertTrue(e.getMessage().contains("the element is taken"), e.getMessage());
    assertEquals(1, strings.size());
    assertEquals("s", strings.get(LONG));
  }

  /**
   * After its client closes, every built-in handle's calls fail with ConnectionLostException (the
   * README's "the client was closed" row), and a thread parked in a wait is released with it.
   */
  @Test
  void afterItsClientClosesEveryBuiltinHandleFailsWithConnectionLost() throws Exception {
    ManagerClient closing = TestTransport.connect(manager.port(), key);
    SharedMap<String, Integer> map = closing.map("m");
    SharedList<Integer> list = closing.list("l");
    SharedValue<Integer> value = closing.value("v", 0);
    SharedIntArray ints = closing.intArray("a", 1);
    Namespace<Object> ns = closing.namespace("ns");
    SharedLock lock = closing.lock("lock");
    SharedRLock rlock = closing.rlock("rlock");
    SharedCondition cond = closing.condition("cond");
    SharedSemaphore sem = closing.semaphore("sem", 0);
    SharedEvent event = closing.event("event");
    SharedBarrier barrier = closing.barrier("barrier", 2);
    SharedQueue<String> queue = closing.queue("queue", String.class, 0);
    JoinableQueue<String> joinable = closing.joinableQueue("joinable", String.class, 0);
    CompletableFuture<Void> parked = background(() -> {
      sem.acquire();
      return null;
    });
    eventually("the acquire waits", () -> sem.getQueueLength() == 1);
    closing.close();
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> parked.get(30, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof ConnectionLostException, e.getCause().toString());
    Map<String, Executable> calls = new LinkedHashMap<>();
    calls.put("map", () -> map.get("k"));
    calls.put("list", () -> list.add(1));
    calls.put("value", value::incrementAndGet);
    calls.put("array", () -> ints.get(0));
    calls.put("namespace", () -> ns.set("x", 1));
    calls.put("lock", lock::lock);
    calls.put("tryLock", lock::tryLock);
    calls.put("rlock", rlock::isLocked);
    calls.put("condition", cond::getWaitQueueLength);
    calls.put("semaphore", sem::release);
    calls.put("event", event::set);
    calls.put("event.await", event::await);
    calls.put("barrier", barrier::await);
    calls.put("queue", () -> queue.put("x"));
    calls.put("queue.get", queue::get);
    calls.put("joinable", joinable::taskDone);
    calls.put("join", joinable::join);
    for (Map.Entry<String, Executable> call : calls.entrySet()) {
      assertThrows(ConnectionLostException.class, call.getValue(), call.getKey());
    }
    assertEquals(0, client.semaphore("sem", 0).availablePermits(), "nothing reached the Manager");
    assertTrue(client.<String>queue("queue", String.class, 0).isEmpty());
  }

  /** Namespace.get(name, type): "the attribute name as a type" — a primitive type reads its box. */
  @Test
  void aNamespaceReadsAnAttributeAsAPrimitiveType() {
    Namespace<Object> ns = client.namespace("primitives");
    ns.set("port", 6000);
    ns.set("ratio", 0.5);
    ns.set("on", true);
    int port = ns.get("port", int.class);
    double ratio = ns.get("ratio", double.class);
    boolean on = ns.get("on", boolean.class);
    assertEquals(6000, port);
    assertEquals(0.5, ratio);
    assertTrue(on);
    assertThrows(ClassCastException.class, () -> ns.get("port", long.class));
    assertNull(ns.get("absent", int.class));
  }

  /**
   * "Waits as long as it takes (the client's call timeout does not apply)": the untimed waits not
   * checked elsewhere (ReadmeBuiltinsTest checks get, lock and acquire) outlast a 200 ms call timeout.
   */
  @Test
  void untimedWaitsOutlastTheClientsCallTimeout() throws Exception {
    try (ManagerClient brief = TestTransport.checked(TestTransport.client(ManagerClient.builder())
        .address("127.0.0.1", manager.port()).authKey(key).callTimeout(Duration.ofMillis(200)).connect())) {
      SharedQueue<String> full = client.queue("full", String.class, 1);
      full.put("x");
      client.rlock("r").lock();
      client.lock("l").lock();
      JoinableQueue<String> jq = client.joinableQueue("jq", String.class, 0);
      jq.put("task");
      List<CompletableFuture<?>> waits = new ArrayList<>();
      waits.add(background(() -> {
        brief.queue("full", String.class, 1).put("y");
        return null;
      }));
      waits.add(background(() -> {
        brief.event("e").await();
        return null;
      }));
      waits.add(background(() -> brief.barrier("b", 2).await()));
      waits.add(background(() -> {
        SharedCondition c = brief.condition("c");
        c.lock().lock();
        try {
          c.await();
        } finally {
          c.lock().unlock();
        }
        return null;
      }));
      waits.add(background(() -> {
        brief.joinableQueue("jq", String.class, 0).join();
        return null;
      }));
      waits.add(background(() -> {
        brief.semaphore("s", 0).acquireUninterruptibly();
        return null;
      }));
      waits.add(background(() -> {
        brief.rlock("r").lock();
        brief.rlock("r").unlock();
        return null;
      }));
      waits.add(background(() -> {
        brief.lock("l").lockInterruptibly();
        brief.lock("l").unlock();
        return null;
      }));
      eventually("every wait is parked", () -> manager.introspect().parkedCalls() == waits.size());
      assertThrows(TimeoutException.class,
          () -> CompletableFuture.anyOf(waits.toArray(new CompletableFuture<?>[0])).get(800, TimeUnit.MILLISECONDS),
          "the waits go on past the call timeout");
      assertEquals("x", full.get());
      client.event("e").set();
      client.barrier("b", 2).await(LONG);
      SharedCondition c = client.condition("c");
      c.lock().lock();
      try {
        c.signalAll();
      } finally {
        c.lock().unlock();
      }
      assertEquals("task", jq.get());
      jq.taskDone();
      client.semaphore("s", 0).release();
      client.rlock("r").unlock();
      client.lock("l").unlock();
      for (CompletableFuture<?> w : waits) {
        w.get(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * ManagerView.authenticationFailures: "connections whose proof of the auth key was wrong ... (not
   * those that never gave one: a handshake that timed out ..., a peer that is not a typedipc
   * client ...)".
   */
  @Test
  void onlyAWrongProofCountsAsAnAuthenticationFailure() throws Exception {
    try (Manager m = TestTransport.manager(Manager.builder()).address(0).authKey(key).jmx(false)
        .handshakeTimeout(Duration.ofMillis(500)).start()) {
      try (java.net.Socket garbage = new java.net.Socket("127.0.0.1", m.port());
          java.net.Socket silent = new java.net.Socket("127.0.0.1", m.port())) {
        garbage.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        garbage.getOutputStream().flush();
        for (java.net.Socket socket : List.of(garbage, silent)) {
          socket.setSoTimeout(30_000);
          java.io.InputStream in = socket.getInputStream();
          try {
            while (in.read() >= 0) {
              // the Manager's greeting, if any, until it closes the connection
            }
          } catch (java.net.SocketException reset) {
            // closed with a reset: as good as an end of stream
          }
        }
      }
      assertEquals(0, m.introspect().authenticationFailures(), "neither gave a proof");
      assertThrows(AuthenticationException.class,
          () -> ManagerClient.connect("127.0.0.1", m.port(), AuthKey.generate()));
      eventually("the wrong proof is counted", () -> m.introspect().authenticationFailures() == 1);
      assertEquals(1, m.authenticationFailures());
    }
  }
}
