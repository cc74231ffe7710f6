package io.typedipc.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.TypedIpcException;
import io.typedipc.annotation.Shared;
import io.typedipc.introspect.ManagerView;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Javadoc of {@link TypedIpcMetrics}, the sentences {@link TypedIpcMetricsTest} does not check. */
@Timeout(60)
class JavadocMetricsTest {

  /** Hands out counters that are not shared under a name: each is hosted when returned. */
  @Shared
  public interface Counters {
    Tally make();

    /** A counter. */
    @Shared
    interface Tally {
      long increment();
    }
  }

  static final class CountersImpl implements Counters {
    @Override
    public Tally make() {
      return new Tally() {
        private long value;

        @Override
        public long increment() {
          return ++value;
        }
      };
    }
  }

  /**
   * "The meters of an object the Manager no longer hosts (removed, or returned by a call and
   * released) are removed from the registry when the view is next read": an object a call
   * returned has its meters while a client holds its proxy, and loses them once that client
   * closed (the Manager released the object).
   */
  @Test
  void aReturnedObjectsMetersLeaveTheRegistryOnceItIsReleased() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false)
        .share(Counters.class, "counters", new CountersImpl()).start()) {
      MeterRegistry registry = new SimpleMeterRegistry();
      new TypedIpcMetrics(manager::introspect, Duration.ZERO).bindTo(registry);
      String name;
      try (ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
        Counters.Tally tally = client.shared(Counters.class, "counters").make();
        assertEquals(1, tally.increment());
        assertEquals(2, tally.increment());
        registry.get("typedipc.objects").gauge().value(); // a read: the new object gets its meters
        FunctionCounter calls = registry.find("typedipc.calls").tag("method", "increment()").functionCounter();
        assertNotNull(calls, "the returned object has its meters: " + registry.getMeters().size());
        name = calls.getId().getTag("object");
        assertTrue(name.startsWith("typedipc.obj."), name);
        assertEquals(2.0, calls.count());
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (registry.find("typedipc.calls").tag("object", name).functionCounter() != null) {
        assertTrue(System.nanoTime() < deadline, "the released object's meters stayed");
        registry.get("typedipc.objects").gauge().value(); // a read
        Thread.sleep(20); // polling with a deadline: the release follows the client's close
      }
      assertEquals(0, registry.find("typedipc.call.latency").tag("object", name).gauges().size());
    }
  }

  /**
   * bindTo reads the view once to learn the Manager's address: a source that cannot give the
   * first view (a client whose Manager closed) fails bindTo with its exception, and no meter is
   * registered.
   */
  @Test
  void bindToFailsWithTheSourcesExceptionWhenTheFirstViewCannotBeReadAndRegistersNothing() {
    AuthKey key = AuthKey.generate();
    Manager manager = Manager.builder().address(0).authKey(key).jmx(false).start();
    try (ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      manager.close();
      MeterRegistry registry = new SimpleMeterRegistry();
      assertThrows(TypedIpcException.class, () -> new TypedIpcMetrics(client).bindTo(registry), "the Manager closed");
      assertEquals(0, registry.getMeters().size());
    } finally {
      manager.close();
    }
    IllegalStateException thrown = new IllegalStateException("no view");
    MeterRegistry registry = new SimpleMeterRegistry();
    assertSame(thrown, assertThrows(IllegalStateException.class,
        () -> new TypedIpcMetrics(() -> { throw thrown; }, Duration.ofSeconds(1)).bindTo(registry)));
    assertEquals(0, registry.getMeters().size());
  }

  /**
   * A binding in the Manager's JVM ({@code new TypedIpcMetrics(manager)}) still reads the view of
   * a closed Manager: its connections end (0, soon after close returns), its objects and their
   * meters stay, at their last values.
   */
  @Test
  void aClosedManagersOwnBindingShowsNoConnectionsAndKeepsTheObjectsMeters() throws InterruptedException {
    AuthKey key = AuthKey.generate();
    Manager manager = Manager.builder().address(0).authKey(key).jmx(false).list("log").start();
    MeterRegistry registry = new SimpleMeterRegistry();
    try (ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      new TypedIpcMetrics(manager::introspect, Duration.ZERO).bindTo(registry);
      client.list("log").add("a");
      FunctionCounter adds = registry.get("typedipc.calls").tag("object", "log").tag("method", "add(java.lang.Object)")
          .functionCounter();
      assertEquals(1.0, adds.count());
      assertEquals(1.0, registry.get("typedipc.connections").gauge().value());
      double objects = registry.get("typedipc.objects").gauge().value();
      int meters = registry.getMeters().size();
      manager.close();
      assertEquals(objects, registry.get("typedipc.objects").gauge().value(), "the last value");
      assertEquals(1.0, adds.count(), "the last value");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (registry.get("typedipc.connections").gauge().value() != 0.0) { // the connections end after close returns
        assertTrue(System.nanoTime() < deadline, "the closed Manager's connection stayed in its view");
        Thread.sleep(20); // polling with a deadline
      }
      assertEquals(meters, registry.getMeters().size(), "no meter removed");
      assertNotNull(registry.find("typedipc.calls").tag("object", "log").functionCounter());
    } finally {
      manager.close();
    }
  }

  /** The constructors and bindTo refuse null. */
  @Test
  void nullsAreRefused() {
    assertThrows(NullPointerException.class, () -> new TypedIpcMetrics((Manager) null));
    assertThrows(NullPointerException.class, () -> new TypedIpcMetrics((ManagerClient) null));
    assertThrows(NullPointerException.class, () -> new TypedIpcMetrics(null, Duration.ZERO));
    assertThrows(NullPointerException.class, () -> new TypedIpcMetrics(() -> (ManagerView) null, null));
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).start()) {
      assertThrows(NullPointerException.class, () -> new TypedIpcMetrics(manager).bindTo(null));
    }
  }
}
