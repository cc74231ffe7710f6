package io.typedipc.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.typedipc.AuthKey;
import io.typedipc.AuthenticationException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.introspect.ManagerView;
import io.typedipc.introspect.MethodView;
import io.typedipc.introspect.ObjectView;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Micrometer meters follow the Manager's view: objects, connections and per-method calls. */
@Timeout(60)
class TypedIpcMetricsTest {
  @Test
  void metersFollowTheManager() {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).list("log").start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      MeterRegistry registry = new SimpleMeterRegistry();
      new TypedIpcMetrics(manager::introspect, Duration.ZERO).bindTo(registry);
      String address = "127.0.0.1:" + manager.port();

      SharedList<String> log = client.list("log");
      log.add("a");
      log.add("b");
      assertEquals(1.0, registry.get("typedipc.connections").tag("manager", address).gauge().value());
      assertEquals(3.0, registry.get("typedipc.objects").gauge().value(), "log and the two system objects");

      FunctionCounter adds = registry.get("typedipc.calls").tag("object", "log").tag("kind", "builtin")
          .tag("method", "add(java.lang.Object)").functionCounter();
      assertEquals(2.0, adds.count());
      TimeGauge p50 = registry.get("typedipc.call.latency").tag("object", "log")
          .tag("method", "add(java.lang.Object)").tag("quantile", "0.5").timeGauge();
      assertTrue(p50.value(TimeUnit.NANOSECONDS) > 0, "latency measured");

      // a call that fails in the Manager counts as a call and as an error of its method
      assertThrows(RuntimeException.class, () -> log.get(99));
      FunctionCounter getErrors = registry.get("typedipc.call.errors").tag("object", "log")
          .tag("method", "get(int)").functionCounter();
      assertEquals(1.0, getErrors.count());
      assertEquals(1.0, registry.get("typedipc.calls").tag("object", "log").tag("method", "get(int)")
          .functionCounter().count());
      assertEquals(0.0, registry.get("typedipc.call.errors").tag("object", "log")
          .tag("method", "add(java.lang.Object)").functionCounter().count());
      assertEquals(0.0, registry.get("typedipc.calls.in.flight").tag("manager", address).gauge().value(),
          "no call is running between calls");

      // an object created later gets its meters on the next read
      client.map("later").put("k", "v");
      assertEquals(4.0, registry.get("typedipc.objects").gauge().value());
      Gauge parked = registry.get("typedipc.calls.parked").gauge();
      assertEquals(0.0, parked.value());
      assertEquals(1.0, registry.get("typedipc.calls").tag("object", "later")
          .tag("method", "put(java.lang.Object,java.lang.Object)").functionCounter().count());
    }
  }

  /**
   * The README's {@code new TypedIpcMetrics(manager).bindTo(registry)}: every meter it names, each
   * tagged {@code manager=host:port}, the latency with quantiles 0.5, 0.9, 0.99 and max; the view
   * read at most once a second, so an object created later gets its meters at a later scrape.
   */
  @Test
  void theReadmesMetersFromTheManagersConstructor() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).list("log").start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      client.list("log").add("a");
      MeterRegistry registry = new SimpleMeterRegistry();
      new TypedIpcMetrics(manager).bindTo(registry);
      String address = "127.0.0.1:" + manager.port();
      for (String gauge : List.of("typedipc.objects", "typedipc.connections", "typedipc.calls.in.flight",
          "typedipc.calls.parked")) {
        registry.get(gauge).tag("manager", address).gauge();
      }
      registry.get("typedipc.authentication.failures").tag("manager", address).functionCounter();
      String add = "add(java.lang.Object)";
      assertEquals(1.0, registry.get("typedipc.calls").tag("manager", address).tag("object", "log")
          .tag("kind", "builtin").tag("method", add).functionCounter().count());
      registry.get("typedipc.call.errors").tag("manager", address).tag("object", "log").tag("method", add)
          .functionCounter();
      for (String q : List.of("0.5", "0.9", "0.99", "max")) {
        TimeGauge latency = registry.get("typedipc.call.latency").tag("manager", address).tag("object", "log")
            .tag("method", add).tag("quantile", q).timeGauge();
        assertTrue(latency.value(TimeUnit.NANOSECONDS) > 0, q);
      }

      client.map("later").put("k", "v");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (registry.find("typedipc.calls").tag("object", "later").functionCounter() == null) {
        registry.get("typedipc.objects").gauge().value(); // a scrape
        assertTrue(System.nanoTime() < deadline, "the later object never got its meters");
        Thread.sleep(50); // polling with a deadline: the view is read at most once a second
      }
    }
  }

  @Test
  void aClientSideBindingReadsTheViewOverTheConnection() {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).list("log").start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      MeterRegistry registry = new SimpleMeterRegistry();
      new TypedIpcMetrics(client).bindTo(registry);
      assertEquals(1.0, registry.get("typedipc.connections").gauge().value());
      assertEquals(0.0, registry.get("typedipc.authentication.failures").functionCounter().count());
    }
  }

  /**
   * "per method (tags object, kind, method) typedipc.calls, typedipc.call.errors; time gauges
   * typedipc.call.latency": every method of every object the view lists has its meters, from the
   * first scrape, whichever comes first in the view.
   */
  @Test
  void everyMethodOfEveryObjectHasItsMeters() {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).list("log").start()) {
      MeterRegistry registry = new SimpleMeterRegistry();
      new TypedIpcMetrics(manager::introspect, Duration.ZERO).bindTo(registry);
      ManagerView view = manager.introspect();
      int methods = 0;
      for (ObjectView object : view.objects()) {
        for (MethodView method : object.methods()) {
          methods++;
          String where = object.name() + " " + method.method();
          assertNotNull(registry.find("typedipc.calls").tag("object", object.name()).tag("kind", object.kind())
              .tag("method", method.method()).functionCounter(), "typedipc.calls of " + where);
          assertNotNull(registry.find("typedipc.call.errors").tag("object", object.name())
              .tag("method", method.method()).functionCounter(), "typedipc.call.errors of " + where);
          assertEquals(4, registry.find("typedipc.call.latency").tag("object", object.name())
              .tag("method", method.method()).timeGauges().size(), "typedipc.call.latency of " + where);
        }
      }
      assertTrue(methods > 10, "the view lists methods: " + view.toText());
      assertEquals(methods, registry.find("typedipc.calls").functionCounters().size(), "one counter per method");
    }
  }

  /**
   * A {@code MeterBinder} may be bound to several registries (one per monitoring system): each gets
   * every meter, those of objects created later included.
   */
  @Test
  void boundToTwoRegistriesEachGetsEveryMeter() {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).list("log").start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      client.list("log").add("a");
      TypedIpcMetrics metrics = new TypedIpcMetrics(manager::introspect, Duration.ZERO);
      MeterRegistry first = new SimpleMeterRegistry();
      MeterRegistry second = new SimpleMeterRegistry();
      metrics.bindTo(first);
      metrics.bindTo(second);
      client.map("later").put("k", "v");
      for (MeterRegistry registry : List.of(first, second)) {
        registry.get("typedipc.objects").gauge().value(); // a scrape
        String which = registry == first ? "first" : "second";
        assertEquals(1.0, registry.get("typedipc.calls").tag("object", "log").tag("method", "add(java.lang.Object)")
            .functionCounter().count(), which);
        assertEquals(1.0, registry.get("typedipc.calls").tag("object", "later")
            .tag("method", "put(java.lang.Object,java.lang.Object)").functionCounter().count(), which);
        assertEquals(4, registry.find("typedipc.call.latency").tag("object", "log").tag("method", "add(java.lang.Object)")
            .timeGauges().size(), which);
      }
    }
  }

  /**
   * The meters' values are the view's: calls in flight and parked while a queue's get waits in the
   * Manager, failed authentications, and every latency quantile the method's in the view.
   */
  @Test
  void theMetersValuesAreTheViews() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).queue("jobs", 10).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      MeterRegistry registry = new SimpleMeterRegistry();
      new TypedIpcMetrics(manager::introspect, Duration.ZERO).bindTo(registry);
      Gauge inFlight = registry.get("typedipc.calls.in.flight").gauge();
      Gauge parked = registry.get("typedipc.calls.parked").gauge();
      SharedQueue<String> jobs = client.queue("jobs", String.class);
      CompletableFuture<String> got = new CompletableFuture<>();
      Thread getter = new Thread(() -> {
        try {
          got.complete(jobs.get());
        } catch (Throwable e) {
          got.completeExceptionally(e);
        }
      }, "test-getter");
      getter.setDaemon(true);
      getter.start();
      awaitValue(parked, 1.0);
      assertEquals(1.0, inFlight.value(), "the parked get is in flight");
      jobs.put("a");
      assertEquals("a", got.get(30, TimeUnit.SECONDS));
      awaitValue(parked, 0.0);
      awaitValue(inFlight, 0.0);

      FunctionCounter failures = registry.get("typedipc.authentication.failures").functionCounter();
      assertEquals(0.0, failures.count());
      assertThrows(AuthenticationException.class, () -> ManagerClient.connect("127.0.0.1", manager.port(), AuthKey.generate()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (failures.count() < 1.0) {
        assertTrue(System.nanoTime() < deadline, "the failure never counted");
        Thread.sleep(10); // polling with a deadline: the client may learn of it before the Manager counts it
      }
      assertEquals(1.0, failures.count());

      ObjectView queue = manager.introspect().object("jobs");
      int checked = 0;
      for (MethodView method : queue.methods()) {
        if (method.calls() == 0) {
          continue;
        }
        long[] expected = {method.p50Nanos(), method.p90Nanos(), method.p99Nanos(), method.maxNanos()};
        String[] quantiles = {"0.5", "0.9", "0.99", "max"};
        for (int i = 0; i < quantiles.length; i++) {
          TimeGauge latency = registry.get("typedipc.call.latency").tag("object", "jobs").tag("method", method.method())
              .tag("quantile", quantiles[i]).timeGauge();
          // a time gauge converts through its base unit in floating point: equal to within a nanosecond
          assertEquals((double) expected[i], latency.value(TimeUnit.NANOSECONDS), 1.0, method + " " + quantiles[i]);
        }
        assertEquals((double) method.calls(), registry.get("typedipc.calls").tag("object", "jobs")
            .tag("method", method.method()).functionCounter().count(), method.toString());
        checked++;
      }
      assertTrue(checked >= 2, "get and put were called: " + queue);
    }
  }

  /** "A Manager that is gone leaves the meters at their last values": a client-side binding. */
  @Test
  void aManagerThatIsGoneLeavesTheMetersAtTheirLastValues() {
    AuthKey key = AuthKey.generate();
    Manager manager = Manager.builder().address(0).authKey(key).jmx(false).list("log").start();
    try (ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      client.list("log").add("a");
      MeterRegistry registry = new SimpleMeterRegistry();
      new TypedIpcMetrics(client::introspect, Duration.ZERO).bindTo(registry);
      FunctionCounter adds = registry.get("typedipc.calls").tag("object", "log").tag("method", "add(java.lang.Object)")
          .functionCounter();
      Gauge connections = registry.get("typedipc.connections").gauge();
      Gauge objects = registry.get("typedipc.objects").gauge();
      assertEquals(1.0, adds.count());
      assertEquals(1.0, connections.value());
      assertEquals(3.0, objects.value());
      manager.close();
      assertEquals(1.0, adds.count(), "the last value");
      assertEquals(1.0, connections.value(), "the last value");
      assertEquals(3.0, objects.value(), "the last value");
    } finally {
      manager.close();
    }
  }

  /**
   * The README's {@code new TypedIpcMetrics(manager).bindTo(registry)} keeps no reference to the
   * binder: the registry must, or Micrometer's meters (which hold their object weakly by default)
   * read NaN once the binder is garbage collected.
   */
  @Test
  void theMetersOutliveAGarbageCollection() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).list("log").start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      client.list("log").add("a");
      MeterRegistry registry = new SimpleMeterRegistry();
      new TypedIpcMetrics(manager).bindTo(registry);
      java.lang.ref.WeakReference<Object> probe = new java.lang.ref.WeakReference<>(new Object());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (probe.get() != null) {
        assertTrue(System.nanoTime() < deadline, "no garbage collection cleared a weak reference");
        System.gc();
        Thread.sleep(10); // polling with a deadline
      }
      assertEquals(1.0, registry.get("typedipc.connections").gauge().value());
      assertEquals(1.0, registry.get("typedipc.calls").tag("object", "log").tag("method", "add(java.lang.Object)")
          .functionCounter().count());
      assertEquals(0.0, registry.get("typedipc.authentication.failures").functionCounter().count());
      assertTrue(registry.get("typedipc.call.latency").tag("object", "log").tag("method", "add(java.lang.Object)")
          .tag("quantile", "max").timeGauge().value(TimeUnit.NANOSECONDS) > 0);
    }
  }

  /**
   * "The view is read at most once per maxAge however many meters a scrape reads": a scrape of
   * every meter, many times over within maxAge, reads it once, at binding; after maxAge the next
   * read reads it again.
   */
  @Test
  void theViewIsReadAtMostOncePerMaxAge() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).list("log").start()) {
      java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
      MeterRegistry registry = new SimpleMeterRegistry();
      Duration maxAge = Duration.ofMillis(300);
      long bound = System.nanoTime();
      new TypedIpcMetrics(() -> {
        reads.incrementAndGet();
        return manager.introspect();
      }, maxAge).bindTo(registry);
      int meters = 0;
      for (int scrape = 0; scrape < 5; scrape++) {
        for (io.micrometer.core.instrument.Meter meter : registry.getMeters()) {
          meter.measure().forEach(m -> m.getValue());
          meters++;
        }
      }
      if (System.nanoTime() - bound < maxAge.toNanos()) { // else the machine was too slow to tell
        assertEquals(1, reads.get(), meters + " meter reads");
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int before = reads.get();
      while (reads.get() == before) {
        assertTrue(System.nanoTime() < deadline, "the view was never read again");
        registry.get("typedipc.objects").gauge().value(); // a scrape
        Thread.sleep(20); // polling with a deadline
      }
      assertTrue(meters > 50, "every meter read: " + meters);
    }
  }

  /**
   * The meters follow the objects hosted now: a removed object's meters leave the registry at the
   * next read (a Manager that hosts and drops objects for months must not pile up meters), and one
   * created again under its name gets new meters, from 0.
   */
  @Test
  void aRemovedObjectsMetersLeaveTheRegistryAndDoNotPileUp() {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      MeterRegistry registry = new SimpleMeterRegistry();
      new TypedIpcMetrics(manager::introspect, Duration.ZERO).bindTo(registry);
      int baseline = registry.getMeters().size();

      SharedList<String> log = client.list("log");
      log.add("a");
      log.add("b");
      registry.get("typedipc.objects").gauge().value(); // a read: the new object's meters are registered
      FunctionCounter adds = registry.get("typedipc.calls").tag("object", "log").tag("method", "add(java.lang.Object)")
          .functionCounter();
      assertEquals(2.0, adds.count());
      assertTrue(registry.getMeters().size() > baseline);

      assertTrue(manager.remove("log"));
      registry.get("typedipc.objects").gauge().value(); // the next read
      assertNull(registry.find("typedipc.calls").tag("object", "log").functionCounter(), "the removed object's meters stay");
      assertEquals(baseline, registry.getMeters().size());

      SharedList<String> again = client.list("log");
      again.add("c");
      registry.get("typedipc.objects").gauge().value();
      assertEquals(1.0, registry.get("typedipc.calls").tag("object", "log").tag("method", "add(java.lang.Object)")
          .functionCounter().count(), "created again: counted from 0");

      for (int i = 0; i < 50; i++) { // objects come and go: the registry does not grow with them
        String name = "temp-" + i;
        client.list(name).add("x");
        registry.get("typedipc.objects").gauge().value();
        assertTrue(manager.remove(name));
      }
      registry.get("typedipc.objects").gauge().value();
      assertNull(registry.find("typedipc.calls").tag("object", "temp-0").functionCounter());
      assertEquals(1, registry.find("typedipc.calls").tag("method", "add(java.lang.Object)").functionCounters().size(),
          "only the hosted list's add keeps a counter");
    }
  }

  /**
   * The read that finds an object gone is still part of a scrape that took its meters before: they
   * report the object's last values there, never 0 (a counter that drops to 0 reads as a reset to a
   * backend such as Prometheus); then they are gone.
   */
  @Test
  void theScrapeThatFindsAnObjectGoneReportsItsLastValuesNotZero() {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      MeterRegistry registry = new SimpleMeterRegistry();
      new TypedIpcMetrics(manager::introspect, Duration.ZERO).bindTo(registry); // every read reads the view
      SharedList<String> log = client.list("log");
      log.add("a");
      log.add("b");
      registry.get("typedipc.objects").gauge().value(); // the new object's meters are registered
      List<io.micrometer.core.instrument.Meter> scrape = registry.getMeters(); // a scrape takes the meters first
      FunctionCounter adds = registry.get("typedipc.calls").tag("object", "log").tag("method", "add(java.lang.Object)")
          .functionCounter();
      TimeGauge max = registry.get("typedipc.call.latency").tag("object", "log").tag("method", "add(java.lang.Object)")
          .tag("quantile", "max").timeGauge();
      double maxBefore = max.value(TimeUnit.NANOSECONDS);
      assertTrue(maxBefore > 0);

      assertTrue(manager.remove("log"));
      assertEquals(2.0, adds.count(), "the counter of the removed object dropped"); // this read finds it gone
      assertEquals(maxBefore, max.value(TimeUnit.NANOSECONDS));
      assertTrue(scrape.contains(adds));
      assertNull(registry.find("typedipc.calls").tag("object", "log").functionCounter(), "the meters left the registry");
    }
  }

  /**
   * README: "With -Dtypedipc.callStatistics=false on the Manager there are no per-method meters".
   * A Manager without call statistics lists its objects with no methods (IntrospectionTest checks
   * that in a child JVM, the property being read once per JVM); bound to such a view, the binder
   * registers the object and connection gauges and no per-method meter.
   */
  @Test
  void aViewWithoutCallStatisticsGetsNoPerMethodMeters() {
    java.time.Instant now = java.time.Instant.now();
    ManagerView view = new ManagerView("127.0.0.1:6000", now, now,
        List.of(new ObjectView("log", "list", "io.typedipc.builtin.SharedList", "serial", 0, List.of())),
        List.of(), 0);
    MeterRegistry registry = new SimpleMeterRegistry();
    new TypedIpcMetrics(() -> view, Duration.ZERO).bindTo(registry);
    assertEquals(1.0, registry.get("typedipc.objects").gauge().value());
    assertEquals(0.0, registry.get("typedipc.connections").gauge().value());
    assertTrue(registry.find("typedipc.calls").functionCounters().isEmpty());
    assertTrue(registry.find("typedipc.call.errors").functionCounters().isEmpty());
    assertTrue(registry.find("typedipc.call.latency").timeGauges().isEmpty());
  }

  private static void awaitValue(Gauge gauge, double value) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (gauge.value() != value) {
      assertTrue(System.nanoTime() < deadline, gauge.getId() + " never became " + value + ": " + gauge.value());
      Thread.sleep(10); // polling with a deadline
    }
  }
}
