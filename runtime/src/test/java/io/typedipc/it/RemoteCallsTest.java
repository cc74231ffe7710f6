package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.AuthenticationException;
import io.typedipc.CallTimeoutException;
import io.typedipc.ManagerClient;
import io.typedipc.NoSuchObjectException;
import io.typedipc.RemoteException;
import io.typedipc.SerializationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Calls from this JVM to a Manager in another JVM. */
class RemoteCallsTest {
  private static final int FRAME_LIMIT = 64 * 1024;
  private static AuthKey key;
  private static ChildJvm managerJvm;
  private static int port;
  private static ManagerClient client;
  private static TestService service;

  @BeforeAll
  static void startManager() throws Exception {
    key = AuthKey.generate();
    managerJvm = ChildJvm.start(TestManagerMain.class, key, Integer.toString(FRAME_LIMIT));
    port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(30)));
    client = TestTransport.connect(port, key);
    service = client.shared(TestService.class, "service");
  }

  @AfterAll
  static void stopManager() throws Exception {
    client.close();
    managerJvm.close();
  }

  @Test
  void valuesTravelByValue() {
    assertEquals("héllo wörld", service.echo("héllo wörld"));
    assertEquals(null, service.echo(null));
    byte[] bytes = {1, 2, 3, -1};
    assertArrayEquals(bytes, service.echoBytes(bytes));
    Map<String, Integer> stock = new LinkedHashMap<>();
    stock.put("apple", 3);
    stock.put("tongs", 1);
    assertEquals(
        List.of(new Item("apple", 3, Item.Kind.FRUIT), new Item("tongs", 1, Item.Kind.TOOL)),
        service.items(stock));
    assertEquals(List.of(new Item("pear", 2, Item.Kind.FRUIT)), service.items(Map.of("pear", 2)));
  }

  @Test
  void declaredCheckedExceptionArrivesAsItsOwnTypeWithItsFields() {
    OutOfStockException e = assertThrows(OutOfStockException.class, () -> service.reserve("apple", 1_000));
    assertEquals("apple", e.sku());
    assertTrue(e.available() <= 10);
    assertTrue(e.getMessage().contains("of apple left"), e.getMessage());
  }

  @Test
  void undeclaredExceptionArrivesAsRemoteExceptionWithTypeMessageAndStack() {
    RemoteException e = assertThrows(RemoteException.class, () -> service.failUnchecked("boom"));
    assertEquals("java.lang.IllegalStateException", e.remoteType());
    assertEquals("boom", e.remoteMessage());
    assertTrue(Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getClassName().equals(TestServiceImpl.class.getName())
        && f.getMethodName().equals("failUnchecked")), Arrays.toString(e.getStackTrace()));
    assertEquals("still serving", service.echo("still serving"));
  }

  @Test
  void defaultMethodsRunOnTheClientAndCallRemoteMethods() {
    int before = service.get();
    int after = service.incrementTwice();
    assertTrue(after >= before + 2);
  }

  @Test
  void manyAsyncCallsInFlightOnOneConnectionRunInTheOrderTheyWereSent() {
    TestService counter = client.shared(TestService.class, "other");
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      futures.add(counter.incrementAsync());
    }
    int previous = futures.get(0).join();
    for (CompletableFuture<Integer> f : futures.subList(1, futures.size())) {
      int value = f.join();
      assertEquals(previous + 1, value, "calls ran out of order");
      previous = value;
    }
  }

  /**
   * Another connection keeps the object's turn busy, so the pipelined calls keep finding it taken,
   * queuing, and finding it free again as it changes hands: each connection's calls still run in
   * the order it sent them (the counter they see only grows).
   */
  @Test
  void pipelinedCallsKeepTheirOrderWhileAnotherConnectionCompetesForTheObject() throws Exception {
    try (ManagerClient pipelining = oneConnection(); ManagerClient competing = oneConnection()) {
      TestService mine = pipelining.shared(TestService.class, "other");
      TestService theirs = competing.shared(TestService.class, "other");
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      Future<Integer> rival = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "competing-caller");
        t.setDaemon(true);
        return t;
      }).submit(() -> {
        int calls = 0;
        while (!stop.get()) {
          theirs.increment();
          calls++;
        }
        return calls;
      });
      try {
        for (int round = 0; round < 5; round++) {
          List<CompletableFuture<Integer>> futures = new ArrayList<>();
          for (int i = 0; i < 5_000; i++) {
            futures.add(mine.incrementAsync());
          }
          int previous = futures.get(0).join();
          for (CompletableFuture<Integer> f : futures.subList(1, futures.size())) {
            int value = f.join();
            assertTrue(value > previous, "a later call ran before an earlier one of the same connection: " + value + " after " + previous);
            previous = value;
          }
        }
      } finally {
        stop.set(true);
      }
      assertTrue(rival.get(30, java.util.concurrent.TimeUnit.SECONDS) > 0, "the competing connection made no call");
    }
  }

  @Test
  void callsToOneObjectRunOneAtATime() throws Exception {
    assertTrue(twoSleepsInParallel(service, service) >= 780, "a serial object ran two calls at once");
  }

  @Test
  void differentObjectsRunInParallelEvenOverOneConnection() throws Exception {
    try (ManagerClient single = oneConnection()) {
      long millis = twoSleepsInParallel(single.shared(TestService.class, "service"), single.shared(TestService.class, "other"));
      assertTrue(millis < 1_800, "two objects did not run in parallel: " + millis + " ms"); // one after the other: 2,000 ms
    }
  }

  @Test
  void concurrentDispatchRunsCallsToOneObjectAtTheSameTimeEvenOverOneConnection() throws Exception {
    try (ManagerClient single = oneConnection()) {
      TestService concurrent = single.shared(TestService.class, "concurrent");
      long millis = twoSleepsInParallel(concurrent, concurrent);
      assertTrue(millis < 1_800, "a CONCURRENT object ran calls one at a time: " + millis + " ms");
    }
  }

  @Test
  void aLongCallDoesNotHoldUpTheConnectionsOtherCalls() throws Exception {
    try (ManagerClient single = oneConnection(); ManagerClient probe = TestTransport.connect(port, key)) {
      TestService slowObject = single.shared(TestService.class, "service");
      TestService other = single.shared(TestService.class, "other");
      CompletableFuture<Void> slow = Background.run(() -> slowObject.sleep(1_500));
      Busy.awaitBusy(probe, "service"); // the slow call is running in the Manager
      long start = System.nanoTime();
      assertEquals("quick", other.echo("quick"));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 1_000, "a call to another object waited " + millis + " ms behind a slow one");
      slow.join();
    }
  }

  /** A client whose threads all share one connection, so only the Manager can run calls in parallel. */
  private static ManagerClient oneConnection() {
    return ManagerClient.builder().address("127.0.0.1", port).authKey(key).connections(1).sharedMemory(TestTransport.sharedMemory()).connect();
  }

  @Test
  void genericInterfaceCarriesClassesRegisteredOnBothSides() {
    try (ManagerClient registered = ManagerClient.builder().address("127.0.0.1", port).authKey(key)
        .sharedMemory(TestTransport.sharedMemory()).register(Money.class).connect()) {
      @SuppressWarnings("unchecked")
      Box<Money> box = registered.shared(Box.class, "box");
      box.put(new Money(250, "EUR"));
      box.put(new Money(5, "USD"));
      assertEquals(new Money(5, "USD"), box.last());
      assertEquals(List.of(new Money(250, "EUR"), new Money(5, "USD")), box.all());
    }
    @SuppressWarnings("unchecked")
    Box<Money> unregistered = client.shared(Box.class, "box");
    SerializationException e = assertThrows(SerializationException.class, () -> unregistered.put(new Money(1, "EUR")));
    assertTrue(e.getMessage().contains(Money.class.getName()) && e.getMessage().contains("register"), e.getMessage());
  }

  /** Two threads call sleep(400) at the same time, on a and b; returns the elapsed time. */
  private static long twoSleepsInParallel(TestService a, TestService b) throws Exception {
    long start = System.nanoTime();
    // 1 s each: a loaded machine adds a few hundred ms, far less than a second call run after the first
    CompletableFuture<Void> first = Background.run(() -> a.sleep(1_000));
    CompletableFuture<Void> second = Background.run(() -> b.sleep(1_000));
    first.get();
    second.get();
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void manyThreadsShareOneClient() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    Set<Integer> values = ConcurrentHashMap.newKeySet();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 1_000; i++) {
            assertTrue(values.add(service.increment()));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(8_000, values.size());
  }

  @Test
  void syncCallTimesOutAndTheConnectionStaysUsable() {
    TestService impatient = client.withTimeout(service, Duration.ofMillis(200));
    long start = System.nanoTime();
    assertThrows(CallTimeoutException.class, () -> impatient.sleep(3_000));
    assertTrue(System.nanoTime() - start < 2_000_000_000L, "timed out too late");
    assertEquals("ok", service.echo("ok"));
  }

  @Test
  void asyncCallTimesOut() {
    TestService impatient = client.withTimeout(service, Duration.ofMillis(200));
    CompletionException e = assertThrows(CompletionException.class, () -> impatient.later(3_000, "late").join());
    assertInstanceOf(CallTimeoutException.class, e.getCause());
    assertEquals("soon", service.later(10, "soon").join());
  }

  @Test
  void unknownObjectNameIsAClearError() {
    NoSuchObjectException e = assertThrows(NoSuchObjectException.class, () -> client.shared(TestService.class, "nope"));
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
  }

  @Test
  void oversizedArgumentIsRefusedBeforeSendingAndNothingBreaks() {
    byte[] big = new byte[FRAME_LIMIT * 2];
    SerializationException e = assertThrows(SerializationException.class, () -> service.echoBytes(big));
    assertTrue(e.getMessage().contains("frame limit"), e.getMessage());
    assertEquals(1_000, service.echoBytes(new byte[1_000]).length);
  }

  @Test
  void wrongKeyFailsAuthenticationAndTheManagerKeepsServing() throws Exception {
    AuthenticationException e = assertThrows(AuthenticationException.class,
        () -> ManagerClient.connect("127.0.0.1", port, AuthKey.generate()));
    assertTrue(e.getMessage().contains("rejected"), e.getMessage());
    try (ManagerClient other = TestTransport.connect(port, key)) {
      assertEquals("fine", other.shared(TestService.class, "service").echo("fine"));
    }
    managerJvm.awaitLine("WARNING: client", Duration.ofSeconds(10));
    assertTrue(managerJvm.output().contains("failed authentication"), managerJvm.output());
  }
}
