package io.typedipc.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.process.ChildProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The Javadoc of {@link TypedIpcTest}, {@link TypedIpcExtension}, {@link ConfigureManager},
 * {@link SharedProxy} and {@link ChildJvms}, sentence by sentence, in the style of {@link
 * TypedIpcExtensionTest}: nested fixture classes run with {@link EngineTestKit}, what they saw
 * recorded in static fields and checked here once they have ended.
 */
@Timeout(240)
class JavadocJunitTest {
  static final List<Object> seen = new CopyOnWriteArrayList<>();
  static final List<String> order = new CopyOnWriteArrayList<>();
  static final List<ProcessHandle> processes = new CopyOnWriteArrayList<>();

  /** A child JVM's main: prints its arguments; "wait" runs until stopped. */
  public static final class Prints {
    private Prints() {}

    public static void main(String[] args) throws Exception {
      System.out.println("hello " + String.join(" ", args));
      System.out.flush();
      if (args.length > 0 && args[0].equals("wait")) {
        new CountDownLatch(1).await();
      }
    }
  }

  /** TypedIpcTest: the parameters of @BeforeEach, the test and @AfterEach are the same objects. */
  @TypedIpcTest
  static class HooksFixture {
    @ConfigureManager
    static void share(Manager.Builder manager) {
      manager.share(Counter.class, "counter", new CounterImpl());
    }

    @BeforeEach
    void before(Manager manager, ManagerClient client, AuthKey key, ChildJvms jvms) {
      seen.addAll(List.of(manager, client, key, jvms));
    }

    @Test
    void test(Manager manager, ManagerClient client, AuthKey key, ChildJvms jvms,
        @SharedProxy("counter") Counter counter) {
      seen.addAll(List.of(manager, client, key, jvms));
      assertEquals(1, counter.increment());
      // the key is the Manager's: a client of its own (a child JVM's, say) connects with it
      try (ManagerClient other = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
        assertEquals(1, other.shared(Counter.class, "counter").get());
      }
    }

    @AfterEach
    void after(Manager manager, ManagerClient client, AuthKey key, ChildJvms jvms) {
      seen.addAll(List.of(manager, client, key, jvms));
    }
  }

  @Test
  void beforeEachTestAndAfterEachGetTheSameManagerClientKeyAndChildJvmsAndTheClientIsClosedAfter() {
    seen.clear();
    run(HooksFixture.class).assertStatistics(s -> s.started(1).succeeded(1));
    assertEquals(12, seen.size());
    for (int i = 0; i < 4; i++) {
      assertSame(seen.get(i), seen.get(4 + i), "before and test: " + seen.get(i));
      assertSame(seen.get(i), seen.get(8 + i), "before and after: " + seen.get(i));
    }
    ManagerClient client = (ManagerClient) seen.get(1);
    assertFalse(client.isConnected(), "the client is closed after the test");
    assertThrows(IllegalStateException.class, () -> ((ChildJvms) seen.get(3)).start(ChildProcess.builder(Prints.class)),
        "ChildJvms.start after the test has ended");
  }

  /** TypedIpcExtension registered by hand: the defaults of TypedIpcTest (a Manager per method, no MBean). */
  @ExtendWith(TypedIpcExtension.class)
  static class ByHandFixture {
    @ConfigureManager
    static void share(Manager.Builder manager) {
      manager.share(Counter.class, "counter", new CounterImpl());
    }

    @Test
    void one(Manager manager, @SharedProxy("counter") Counter counter) throws Exception {
      seen.add(manager);
      seen.add(TypedIpcExtensionTest.managerMBeans(manager).size());
      assertEquals(1, counter.increment());
    }

    @Test
    void two(Manager manager, @SharedProxy("counter") Counter counter) throws Exception {
      seen.add(manager);
      seen.add(TypedIpcExtensionTest.managerMBeans(manager).size());
      assertEquals(1, counter.increment());
    }
  }

  @Test
  void theExtensionRegisteredByHandHasTheDefaultsOfTypedIpcTest() {
    seen.clear();
    run(ByHandFixture.class).assertStatistics(s -> s.started(2).succeeded(2));
    assertEquals(4, seen.size());
    assertNotSame(seen.get(0), seen.get(2), "a fresh Manager for each test");
    assertEquals(0, seen.get(1), "no MBean");
    assertEquals(0, seen.get(3), "no MBean");
  }

  /** What the Manager hosts runs in the test's JVM; it starts only for a parameter that needs it. */
  @TypedIpcTest
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class InProcessFixture {
    static final CounterImpl IMPL = new CounterImpl();

    @ConfigureManager
    static void share(Manager.Builder manager) {
      order.add("configured");
      manager.share(Counter.class, "counter", IMPL);
    }

    @Test
    @Order(1)
    void noParameters() {
      assertEquals(List.of(), order, "no Manager started");
    }

    @Test
    @Order(2)
    void childJvmsOnly(ChildJvms jvms) {
      assertEquals(List.of(), order, "ChildJvms needs no Manager");
    }

    @Test
    @Order(3)
    void theImplementationObjectIsInspectedDirectly(@SharedProxy("counter") Counter counter) {
      assertEquals(List.of("configured"), order);
      counter.increment();
      counter.increment();
      assertEquals(2, IMPL.get(), "the calls ran on the object shared in this JVM");
    }
  }

  @Test
  void theManagerStartsOnTheFirstParameterThatNeedsItAndHostsInTheTestsJvm() {
    order.clear();
    run(InProcessFixture.class).assertStatistics(s -> s.started(3).succeeded(3));
  }

  /** ConfigureManager: methods of superclasses run first; TypedIpcTest is inherited. */
  @TypedIpcTest
  abstract static class BaseFixture {
    @ConfigureManager
    static void base(Manager.Builder manager) {
      order.add("base");
      manager.share(Counter.class, "base", new CounterImpl());
    }
  }

  static class SubFixture extends BaseFixture {
    private final String name = "sub";

    /** Not static: allowed with PER_METHOD, and it sees its test instance. */
    @ConfigureManager
    void sub(Manager.Builder manager) {
      order.add(name);
      manager.share(Counter.class, "sub", new CounterImpl());
    }

    @Test
    void both(@SharedProxy("base") Counter base, @SharedProxy("sub") Counter sub) {
      assertEquals(List.of("base", "sub"), order);
      assertEquals(1, base.increment());
      assertEquals(1, sub.increment());
    }
  }

  @Test
  void superclassConfigureMethodsRunFirstAndAnInstanceMethodServesPerMethod() {
    order.clear();
    run(SubFixture.class).assertStatistics(s -> s.started(1).succeeded(1));
  }

  @TypedIpcTest
  static class WrongSignatureFixture {
    @ConfigureManager
    static int bad(Manager.Builder manager) {
      return 0;
    }

    @Test
    void test(Manager manager) {}
  }

  @TypedIpcTest(lifecycle = TypedIpcTest.Lifecycle.PER_CLASS)
  static class PerClassInstanceConfigureFixture {
    @ConfigureManager
    void notStatic(Manager.Builder manager) {}

    @Test
    void test(Manager manager) {}
  }

  @TypedIpcTest
  static class NotAnInterfaceFixture {
    @ConfigureManager
    static void share(Manager.Builder manager) {
      manager.share(Counter.class, "counter", new CounterImpl());
    }

    @Test
    void test(@SharedProxy("counter") CounterImpl counter) {}
  }

  @Test
  void aWrongConfigureMethodOrProxyTypeFailsTheTestSayingWhatIsExpected() {
    String bad = failure(WrongSignatureFixture.class).getMessage();
    assertTrue(bad.endsWith("@ConfigureManager WrongSignatureFixture.bad must be 'void bad(Manager.Builder builder)'"), bad);
    String perClass = failure(PerClassInstanceConfigureFixture.class).getMessage();
    assertTrue(perClass.contains("@ConfigureManager notStatic must be static with Lifecycle.PER_CLASS"), perClass);
    String m = failure(NotAnInterfaceFixture.class).getMessage();
    assertTrue(m.contains(CounterImpl.class.getName() + " is not an interface"), m);
  }

  /** PER_CLASS: one Manager, but the child JVMs of a test end with that test. */
  @TypedIpcTest(lifecycle = TypedIpcTest.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClassChildrenFixture {
    @Test
    @Order(1)
    void starts(ChildJvms jvms, Manager manager) throws Exception {
      seen.add(manager);
      ChildProcess first = jvms.start(ChildProcess.builder(Prints.class).args("wait", "1").captureOutput());
      ChildProcess second = jvms.start(ChildProcess.builder(Prints.class).args("wait", "2").captureOutput());
      assertEquals(List.of(first, second), jvms.started(), "oldest first");
      ChildJvms.awaitLine(first, "hello wait 1", Duration.ofSeconds(60));
      processes.add(ProcessHandle.of(first.pid()).orElseThrow());
      processes.add(ProcessHandle.of(second.pid()).orElseThrow());
    }

    @Test
    @Order(2)
    void theyAreGoneInTheNextTest(ChildJvms jvms, Manager manager) {
      seen.add(manager);
      assertEquals(List.of(), jvms.started(), "a fresh ChildJvms");
      for (ProcessHandle p : processes) {
        assertFalse(p.isAlive(), "the first test's child " + p.pid() + " ended with it");
      }
    }
  }

  @Test
  void perClassChildJvmsStillEndWithEachTest() {
    seen.clear();
    processes.clear();
    run(PerClassChildrenFixture.class).assertStatistics(s -> s.started(2).succeeded(2));
    assertSame(seen.get(0), seen.get(1), "one Manager");
    assertEquals(2, processes.size());
  }

  /** PER_CLASS: @BeforeAll and @AfterAll methods get the class's Manager, client and proxies too. */
  @TypedIpcTest(lifecycle = TypedIpcTest.Lifecycle.PER_CLASS)
  static class AllFixture {
    @ConfigureManager
    static void share(Manager.Builder manager) {
      manager.share(Counter.class, "counter", new CounterImpl());
    }

    @BeforeAll
    static void before(Manager manager, ManagerClient client, AuthKey key, @SharedProxy("counter") Counter counter) {
      seen.addAll(List.of(manager, client, key));
      counter.increment();
    }

    @Test
    void test(Manager manager, ManagerClient client, AuthKey key, @SharedProxy("counter") Counter counter) {
      seen.addAll(List.of(manager, client, key));
      assertEquals(2, counter.increment());
    }

    @AfterAll
    static void after(Manager manager, ManagerClient client, AuthKey key, @SharedProxy("counter") Counter counter) {
      seen.addAll(List.of(manager, client, key, counter.get()));
    }
  }

  /** PER_METHOD: no Manager for @BeforeAll. */
  @TypedIpcTest
  static class BeforeAllPerMethodFixture {
    @BeforeAll
    static void before(Manager manager) {}

    @Test
    void test() {}
  }

  /** ChildJvms belong to a test, whatever the lifecycle. */
  @TypedIpcTest(lifecycle = TypedIpcTest.Lifecycle.PER_CLASS)
  static class BeforeAllChildJvmsFixture {
    @BeforeAll
    static void before(ChildJvms jvms) {}

    @Test
    void test() {}
  }

  @Test
  void withPerClassBeforeAllAndAfterAllGetTheClassesManagerButNotChildJvms() {
    seen.clear();
    Events all = EngineTestKit.engine("junit-jupiter").selectors(selectClass(AllFixture.class)).execute().allEvents();
    all.assertStatistics(s -> s.failed(0).succeeded(3)); // the engine, the class, the test
    assertEquals(10, seen.size(), seen.toString());
    for (int i = 0; i < 3; i++) {
      assertSame(seen.get(i), seen.get(3 + i));
      assertSame(seen.get(i), seen.get(6 + i));
    }
    assertEquals(2, seen.get(9), "@AfterAll saw the test's increment");
    assertFalse(((ManagerClient) seen.get(1)).isConnected(), "closed after the class");

    assertTrue(containerFailure(BeforeAllPerMethodFixture.class)
        .contains("use @TypedIpcTest(lifecycle = Lifecycle.PER_CLASS) for @BeforeAll"));
    assertTrue(containerFailure(BeforeAllChildJvmsFixture.class)
        .contains("ChildJvms is a parameter of test, @BeforeEach and @AfterEach methods only"));
  }

  /** The message of the failure of {@code fixture}'s class (its @BeforeAll failed: no test ran). */
  private static String containerFailure(Class<?> fixture) {
    Events containers = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute().containerEvents();
    containers.assertStatistics(s -> s.failed(1));
    return containers.failed().stream().findFirst().orElseThrow()
        .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage();
  }

  @Test
  void awaitLineReturnsTheLineOrFailsWithTheOutputWhenTheChildExitsOrTheTimeIsUp() throws Exception {
    try (ChildProcess done = ChildProcess.builder(Prints.class).args("once").captureOutput().start();
        ChildProcess waits = ChildProcess.builder(Prints.class).args("wait").captureOutput().start()) {
      assertEquals("hello once", ChildJvms.awaitLine(done, "once", Duration.ofSeconds(60)));
      assertEquals(0, done.join());
      AssertionError exited = assertThrows(AssertionError.class,
          () -> ChildJvms.awaitLine(done, "never", Duration.ofSeconds(60)));
      assertTrue(exited.getMessage().startsWith("no line containing 'never' from ")
          && !exited.getMessage().contains(" within ") && exited.getMessage().contains("hello once"), exited.getMessage());

      ChildJvms.awaitLine(waits, "hello wait", Duration.ofSeconds(60));
      long start = System.nanoTime();
      AssertionError late = assertThrows(AssertionError.class,
          () -> ChildJvms.awaitLine(waits, "never", Duration.ofMillis(300)));
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30));
      assertTrue(late.getMessage().contains(" within PT0.3S") && late.getMessage().contains("hello wait"), late.getMessage());
      assertTrue(waits.isAlive());
    }
  }

  /**
   * A hung child: stopped (SIGSTOP), it cannot read the end of its stdin, so closing it does not
   * end it (a child halts at that end, shutdown hooks or not).
   */
  @TypedIpcTest
  static class SurvivorFixture {
    @Test
    void hangs(ChildJvms jvms) throws Exception {
      ChildProcess child = jvms.start(ChildProcess.builder(Prints.class).args("wait").captureOutput());
      ChildJvms.awaitLine(child, "hello wait", Duration.ofSeconds(60));
      assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(child.pid())).start().waitFor());
      processes.add(ProcessHandle.of(child.pid()).orElseThrow());
    }
  }

  @Test
  void aChildThatDoesNotExitWhenItsStdinClosesIsKilledAfterTenSecondsAndIsGoneWhenTheTestEnds() {
    processes.clear();
    seen.clear();
    long start = System.nanoTime();
    run(SurvivorFixture.class).assertStatistics(s -> s.started(1).succeeded(1));
    long took = System.nanoTime() - start;
    assertTrue(took >= TimeUnit.SECONDS.toNanos(10), "killed after 10 s, not before: " + took);
    assertFalse(processes.get(0).isAlive(), "killed, and gone when the test ended");
  }

  private static Events run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute().testEvents();
  }

  /** The failure of the fixture's one test. */
  private static Throwable failure(Class<?> fixture) {
    Events tests = run(fixture);
    tests.assertStatistics(s -> s.started(1).failed(1));
    return tests.failed().stream().findFirst().orElseThrow()
        .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
  }
}
