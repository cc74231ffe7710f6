package io.typedipc.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.TypedIpcException;
import io.typedipc.builtin.SharedLock;
import io.typedipc.process.ChildProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension as a test class uses it: fixture classes (nested, so Surefire does not run them
 * by themselves) are run with JUnit's {@link EngineTestKit}; what they saw is recorded in static
 * fields and checked here after they ran, when everything must be closed.
 */
@Timeout(180)
class TypedIpcExtensionTest {

  static final List<Manager> managers = new CopyOnWriteArrayList<>();
  static final List<Integer> ports = new CopyOnWriteArrayList<>();
  static final List<AuthKey> keys = new CopyOnWriteArrayList<>();
  static final List<ProcessHandle> children = new CopyOnWriteArrayList<>();
  static final List<Long> orphans = new CopyOnWriteArrayList<>();

  @TypedIpcTest
  static class PerMethodFixture {
    @ConfigureManager
    static void share(Manager.Builder manager) {
      manager.share(Counter.class, "counter", new CounterImpl()).lock("accounts");
    }

    @Test
    void managerClientAndProxies(Manager manager, ManagerClient client, AuthKey key,
        @SharedProxy("counter") Counter counter) {
      managers.add(manager);
      ports.add(manager.port());
      keys.add(key);
      assertNotEquals(0, manager.port());
      assertEquals(1, counter.increment());
      assertEquals(1, client.shared(Counter.class, "counter").get());
      SharedLock lock = client.lock("accounts");
      assertTrue(lock.tryLock());
      lock.unlock();
    }

    @Test
    void aFreshManagerForEachTest(Manager manager, AuthKey key, @SharedProxy("counter") Counter counter) {
      managers.add(manager);
      keys.add(key);
      ports.add(manager.port());
      assertEquals(1, counter.increment(), "no state from the other test");
    }

    @Test
    void childJvmsReachTheManagerAndAreGoneAfterTheTest(ChildJvms jvms, @SharedProxy("counter") Counter counter)
        throws Exception {
      ChildProcess done = jvms.start(ChildProcess.builder(IncrementTwice.class).handle("counter", counter));
      assertEquals(0, done.join());
      ChildProcess forever = jvms.start(ChildProcess.builder(RunsUntilStopped.class).handle("counter", counter));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (counter.get() < 3) {
        assertTrue(System.nanoTime() < deadline, "the second child never called");
        Thread.sleep(20); // polling with a deadline
      }
      children.add(ProcessHandle.of(forever.pid()).orElseThrow());
      assertTrue(forever.isAlive());
    }
  }

  @TypedIpcTest(lifecycle = TypedIpcTest.Lifecycle.PER_CLASS)
  static class PerClassFixture {
    @ConfigureManager
    static void share(Manager.Builder manager) {
      manager.share(Counter.class, "counter", new CounterImpl());
    }

    @Test
    void first(Manager manager, AuthKey key, @SharedProxy("counter") Counter counter) {
      managers.add(manager);
      ports.add(manager.port());
      keys.add(key);
      counter.increment();
    }

    @Test
    void second(Manager manager, @SharedProxy("counter") Counter counter) {
      managers.add(manager);
      ports.add(manager.port());
      counter.increment();
    }
  }

  @TypedIpcTest
  static class OrphanFixture {
    @Test
    void aChildLeavesAProcessBehind(ChildJvms jvms) throws Exception {
      ChildProcess child = jvms.start(ChildProcess.builder(LeavesAProcessBehind.class).captureOutput());
      String line = ChildJvms.awaitLine(child, "started", Duration.ofSeconds(60));
      long orphan = Long.parseLong(line.substring("started ".length()).trim());
      orphans.add(orphan);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!jvms.sawDescendant(orphan)) { // the watcher looks every 20 ms
        assertTrue(System.nanoTime() < deadline, "the watcher never saw the child's own process");
        Thread.sleep(10); // polling with a deadline
      }
    }
  }

  /** The names of the platform MBean server's typedipc Manager MBeans for {@code manager}'s port. */
  static java.util.Set<javax.management.ObjectName> managerMBeans(Manager manager) throws Exception {
    java.util.Set<javax.management.ObjectName> names = new java.util.HashSet<>();
    for (javax.management.ObjectName n : java.lang.management.ManagementFactory.getPlatformMBeanServer()
        .queryNames(new javax.management.ObjectName("io.typedipc:type=Manager,*"), null)) {
      if (n.getKeyProperty("address").contains(":" + manager.port())) {
        names.add(n);
      }
    }
    return names;
  }

  static final List<Integer> mbeans = new CopyOnWriteArrayList<>();

  @TypedIpcTest
  static class JmxOffFixture {
    @Test
    void noMBean(Manager manager) throws Exception {
      mbeans.add(managerMBeans(manager).size());
    }
  }

  @TypedIpcTest(jmx = true)
  static class JmxOnFixture {
    @Test
    void anMBean(Manager manager) throws Exception {
      mbeans.add(managerMBeans(manager).size());
      ports.add(manager.port());
      managers.add(manager);
    }
  }

  @TypedIpcTest
  static class NestedFixture {
    @ConfigureManager
    static void share(Manager.Builder manager) {
      manager.share(Counter.class, "counter", new CounterImpl());
    }

    @ConfigureManager
    void outerLock(Manager.Builder manager) {
      manager.lock("outer");
    }

    @Test
    void outer(@SharedProxy("counter") Counter counter, Manager manager) {
      assertEquals(1, counter.increment());
      assertEquals(List.of("counter", "outer"), userObjects(manager));
    }

    @Nested
    class Inner {
      @ConfigureManager
      void innerLock(Manager.Builder manager) {
        manager.lock("inner");
      }

      @Test
      void inner(@SharedProxy("counter") Counter counter, Manager manager) {
        assertEquals(1, counter.increment(), "a Manager of its own, set up as the enclosing class says");
        assertEquals(List.of("counter", "inner", "outer"), userObjects(manager));
      }
    }

    private static List<String> userObjects(Manager manager) {
      return manager.introspect().objects().stream().map(o -> o.name()).filter(n -> !n.startsWith("typedipc.")).sorted().toList();
    }
  }

  @TypedIpcTest
  static class MisuseFixture {
    @Test
    void noSuchObject(@SharedProxy("missing") Counter counter) {}
  }

  @Test
  void perMethodEverythingIsInjectedAndClosedAfterEachTest() throws Exception {
    managers.clear();
    ports.clear();
    keys.clear();
    children.clear();
    Events tests = run(PerMethodFixture.class);
    tests.assertStatistics(s -> s.started(3).succeeded(3).failed(0));
    assertEquals(2, managers.size());
    assertNotEquals(ports.get(0), ports.get(1));
    assertClosed(ports.get(0), keys.get(0));
    assertClosed(ports.get(1), keys.get(1));
    assertEquals(1, children.size());
    ProcessHandle child = children.get(0);
    child.onExit().get(30, TimeUnit.SECONDS); // throws if the child is still running then
    assertFalse(child.isAlive(), "the child that would run forever is gone");
  }

  @Test
  void aProcessAChildJvmStartedAndLeftRunningFailsTheTestAndIsKilled() throws Exception {
    orphans.clear();
    Events tests = run(OrphanFixture.class);
    tests.assertStatistics(s -> s.started(1).failed(1));
    Throwable failure = failures(tests).get(0);
    assertEquals(1, orphans.size());
    long orphan = orphans.get(0);
    assertTrue(failure.getMessage().startsWith("child JVMs still alive after the test (killed now)")
        && failure.getMessage().contains("pid " + orphan + " ") && failure.getMessage().contains("(started by a child JVM)"),
        failure.getMessage());
    ProcessHandle process = ProcessHandle.of(orphan).orElse(null);
    if (process != null) {
      process.onExit().get(30, TimeUnit.SECONDS); // throws if it still runs then
    }
  }

  @Test
  void perClassOneManagerServesEveryTestAndIsClosedAfterTheClass() {
    managers.clear();
    ports.clear();
    keys.clear();
    run(PerClassFixture.class).assertStatistics(s -> s.started(2).succeeded(2));
    assertEquals(2, managers.size());
    assertTrue(managers.get(0) == managers.get(1), "one Manager");
    assertClosed(ports.get(0), keys.get(0));
  }

  @Test
  void theManagersMBeanIsOffUnlessJmxIsTrue() throws Exception {
    mbeans.clear();
    managers.clear();
    run(JmxOffFixture.class).assertStatistics(s -> s.started(1).succeeded(1));
    run(JmxOnFixture.class).assertStatistics(s -> s.started(1).succeeded(1));
    assertEquals(List.of(0, 1), mbeans, "MBeans of the Manager: none by default, one with jmx = true");
    assertTrue(managerMBeans(managers.get(0)).isEmpty(), "unregistered when the Manager closed");
  }

  /** A {@code @Nested} class's Manager is set up by the enclosing classes' {@code @ConfigureManager} methods too. */
  @Test
  void aNestedClassGetsTheEnclosingClassesConfiguration() {
    Events tests = run(NestedFixture.class);
    assertEquals(List.of(), failures(tests));
    tests.assertStatistics(s -> s.started(2).succeeded(2));
  }

  @Test
  void aMissingObjectFailsTheTestWithItsName() {
    Events tests = run(MisuseFixture.class);
    tests.assertStatistics(s -> s.started(1).failed(1));
    Throwable failure = failures(tests).get(0);
    assertTrue(failure.getMessage().contains("missing"), failure.getMessage());
  }

  /** What the failed tests of a fixture's run threw, in order. */
  private static List<Throwable> failures(Events tests) {
    return tests.failed().stream().map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .orElseThrow().getThrowable().orElseThrow()).toList();
  }

    private static Events run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute().testEvents();
  }

  /** Refused, not failing authentication: nothing listens there any more. */
  private static void assertClosed(int port, AuthKey key) {
    assertThrows(io.typedipc.ConnectionLostException.class, () -> {
      try (ManagerClient c = ManagerClient.connect("127.0.0.1", port, key)) {
        c.list("x").size();
      }
    }, "the Manager on " + port + " is closed");
  }
}
