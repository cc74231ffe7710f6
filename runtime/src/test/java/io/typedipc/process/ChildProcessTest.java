package io.typedipc.process;

import static io.typedipc.process.ProcessTesting.JVM_OPTIONS;
import static io.typedipc.process.ProcessTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestService;
import io.typedipc.it.TestServiceImpl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Child JVMs: launch, handles, exit codes, join, terminate and kill, output, orphans. */
class ChildProcessTest {

  @Test
  @Timeout(120)
  void childrenUpdateTheParentsSharedObjectsThroughHandles() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key)
            .share(TestService.class, "counter", new TestServiceImpl())
            .share(TestService.class, "other", new TestServiceImpl())
            .start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      TestService counter = client.shared(TestService.class, "counter");
      TestService other = client.shared(TestService.class, "other");
      ChildProcess[] children = new ChildProcess[2];
      for (int i = 0; i < children.length; i++) {
        children[i] = ChildProcess.builder(Entries.Increment.class)
            .jvmOptions(JVM_OPTIONS)
            .args("100")
            .handle("counter", counter)
            .handles(other)
            .captureOutput()
            .start();
      }
      for (ChildProcess child : children) {
        assertTrue(child.join(WAIT), child + " still runs");
        assertEquals(0, child.join(), child.output());
        assertTrue(child.output().contains("child done: 100 increments"), child.output());
        assertEquals(OptionalInt.of(0), child.exitCode());
        assertFalse(child.isAlive());
      }
      assertEquals(200, counter.get());
      assertEquals(2, other.get());
    }
  }

  @Test
  @Timeout(120)
  void exitStatusesOfMainsAndOfAThrowingEntry() throws Exception {
    ChildProcess returns = ChildProcess.builder(ExitMain.class).jvmOptions(JVM_OPTIONS).args("return", "x y").captureOutput().start();
    ChildProcess exits = ChildProcess.builder(ExitMain.class).jvmOptions(JVM_OPTIONS).args("7").captureOutput().start();
    ChildProcess throwing = ChildProcess.builder(Entries.Throwing.class).jvmOptions(JVM_OPTIONS).captureOutput().start();
    // a class that is not public, with a public main: the child failed with IllegalAccessException
    ChildProcess packagePrivate = ChildProcess.builder(Class.forName("io.typedipc.process.samples.PackagePrivateMain"))
        .jvmOptions(JVM_OPTIONS).args("a")
        .captureOutput().start();

    assertEquals(0, returns.join(), returns.output());
    assertTrue(returns.output().contains("hello from main return,x y"), returns.output());
    assertTrue(returns.output().contains("to stderr"), returns.output());

    assertEquals(7, exits.join(), exits.output());

    assertEquals(ChildProcess.EXIT_ENTRY_FAILED, throwing.join(), throwing.output());
    assertTrue(throwing.output().contains("java.lang.IllegalStateException: boom from the child"), throwing.output());
    assertTrue(throwing.output().contains("at io.typedipc.process.Entries$Throwing.run"), throwing.output());
    // README, Logging: WARNING for "a consumer or child failed"; ERROR is for typedipc's own faults
    assertTrue(throwing.output().contains("WARNING: typedipc child " + Entries.Throwing.class.getName() + " failed"),
        throwing.output());
    assertFalse(throwing.output().contains("SEVERE"), throwing.output());

    assertEquals(0, packagePrivate.join(), packagePrivate.output());
    assertTrue(packagePrivate.output().contains("hello from a package-private main a"), packagePrivate.output());
  }

  @Test
  @Timeout(120)
  void joinTimesOutOnARunningChildWhichTerminateKillAndCloseStop() throws Exception {
    ChildProcess terminated = blocking();
    ChildProcess killed = blocking();
    ChildProcess closed = blocking();

    assertFalse(terminated.join(Duration.ofMillis(200)));
    assertTrue(terminated.isAlive());
    assertEquals(OptionalInt.empty(), terminated.exitCode());
    assertTrue(terminated.pid() > 0);

    terminated.terminate();
    killed.kill();
    closed.close(); // closes stdin: the child exits by itself
    assertTrue(terminated.join(WAIT));
    assertTrue(killed.join(WAIT));
    assertFalse(closed.isAlive());

    assertNotEquals(0, terminated.join());
    assertNotEquals(0, killed.join());
    assertEquals(ChildProcess.EXIT_STDIN_CLOSED, closed.join());
    if (!System.getProperty("os.name").startsWith("Windows")) {
      assertEquals(143, terminated.join());
      assertEquals(137, killed.join());
    }
  }

  @Test
  @Timeout(120)
  void outputIsForwardedLineByLineWithThePrefix() throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ChildProcess child;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      child = ChildProcess.builder(ExitMain.class).jvmOptions(JVM_OPTIONS).args("return").outputPrefix("[kid] ").start();
      assertEquals(0, child.join());
    } finally {
      System.setOut(out);
    }
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("[kid] hello from main return"), bytes.toString(StandardCharsets.UTF_8));
    assertThrows(IllegalStateException.class, child::output);
  }

  @Test
  @Timeout(120)
  void aChildDoesNotOutliveItsParentKilledWithSigkill() throws Exception {
    ProcessHandle grandchild;
    try (ChildJvm parent = ChildJvm.start(OrphanParentMain.class, null)) {
      long pid = Long.parseLong(parent.awaitLine("GRANDCHILD ", WAIT));
      grandchild = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("grandchild " + pid + " is not running"));
      assertTrue(grandchild.isAlive());
      parent.kill(); // SIGKILL: no shutdown hook, nothing tidies up
    }
    grandchild.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertFalse(grandchild.isAlive());
  }

  /**
   * The Builder's defaults: "the same ... classpath (java.class.path) as this JVM" and "this JVM's
   * ... working directory" — also with another working directory: a relative classpath entry (java
   * -cp target/classes:lib/*) was resolved against the child's directory, which then found no class.
   */
  @Test
  void theDefaultClasspathIsMadeAbsoluteForAChildInAnotherDirectory() {
    String sep = java.io.File.pathSeparator;
    java.nio.file.Path here = java.nio.file.Path.of("").toAbsolutePath();
    String absolute = ChildProcess.Builder.absolute(String.join(sep, "target/classes", "lib/*", "", "/opt/x.jar", "*"));
    assertEquals(String.join(sep, here.resolve("target/classes").toString(), here.resolve("lib") + java.io.File.separator + "*",
        here.toString(), "/opt/x.jar", here + java.io.File.separator + "*"), absolute);
  }

  @Test
  void badEntriesAndHandlesAreRefusedWithClearMessages() {
    IllegalArgumentException noEntry = assertThrows(IllegalArgumentException.class, () -> ChildProcess.builder(String.class));
    assertTrue(noEntry.getMessage().contains("neither implements io.typedipc.process.ProcessEntry nor has a public static void main"),
        noEntry.getMessage());

    IllegalArgumentException noCtor = assertThrows(IllegalArgumentException.class,
        () -> ChildProcess.builder(Entries.NoConstructor.class));
    assertTrue(noCtor.getMessage().contains("has no no-arg constructor"), noCtor.getMessage());

    ProcessEntry lambda = ctx -> {};
    assertThrows(IllegalArgumentException.class, () -> ChildProcess.builder(lambda.getClass()));

    IllegalArgumentException notProxy = assertThrows(IllegalArgumentException.class,
        () -> ChildProcess.builder(Entries.Increment.class).handle("counter", new TestServiceImpl()));
    assertTrue(notProxy.getMessage().contains("cannot hand io.typedipc.it.TestServiceImpl to a child"), notProxy.getMessage());

    assertThrows(IllegalArgumentException.class, () -> ChildProcess.builder(ExitMain.class).maxHeap("lots"));
    for (String zero : new String[] {"0", "0m", "000g"}) { // the child JVM would refuse it and not start
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChildProcess.builder(ExitMain.class).maxHeap(zero));
      assertTrue(e.getMessage().contains("is zero"), e.getMessage());
    }
    assertFalse(ChildContext.isChild());
    assertThrows(IllegalStateException.class, ChildContext::current);
  }

  @Test
  void theAuthKeyNeverAppearsOnTheCommandLine() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key)
            .share(TestService.class, "counter", new TestServiceImpl()).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      ChildProcess.Builder builder = ChildProcess.builder(Entries.Increment.class)
          .maxHeap("64m").systemProperty("a", "b").args("1")
          .handle("counter", client.shared(TestService.class, "counter"));
      String command = String.join(" ", builder.command());
      assertFalse(command.contains(key.toBase64()), command);
      assertTrue(command.endsWith("-cp " + ChildProcess.Builder.absolute(System.getProperty("java.class.path"))
          + " io.typedipc.process.ChildLauncher io.typedipc.process.Entries$Increment"), command);
      assertTrue(command.contains("-Xmx64m -Da=b"), command);
    }
  }

  @Test
  @Timeout(120)
  void aManagerRunsInAChildJvmAndItsObjectsCanBeHandedOn() throws Exception {
    Set<Long> before = ProcessTesting.descendants();
    ManagerProcess managerProcess = ManagerProcess.builder(Entries.Shares.class).jvm(b -> b.jvmOptions(JVM_OPTIONS)).start();
    try {
      TestService service = managerProcess.client().shared(TestService.class, "service");
      assertEquals(1, service.increment());
      ChildProcess child = ChildProcess.builder(Entries.Increment.class).jvmOptions(JVM_OPTIONS)
          .args("10").handle("counter", service).captureOutput().start();
      assertEquals(0, child.join(), child.output());
      assertEquals(11, service.get());
      try (ManagerClient second = ManagerClient.connect(managerProcess.host(), managerProcess.port(), managerProcess.authKey())) {
        assertEquals(11, second.shared(TestService.class, "service").get());
      }
    } finally {
      managerProcess.close();
    }
    assertFalse(managerProcess.process().isAlive());
    assertEquals(0, managerProcess.process().exitCode().getAsInt(), "a clean close exits 0, not 3 (parent died)");
    assertFalse(managerProcess.client().isConnected());
    ProcessTesting.assertNoNewDescendants(before);
  }

  @Test
  @Timeout(120)
  void aManagerWhoseInitializerFailsReportsWhy() {
    ChildProcessException e = assertThrows(ChildProcessException.class,
        () -> ManagerProcess.builder(Entries.BrokenShares.class).jvm(b -> b.jvmOptions(JVM_OPTIONS)).start());
    assertTrue(e.getMessage().contains("exited with status 1 before it was ready"), e.getMessage());
    assertTrue(e.getMessage().contains("no objects today"), e.getMessage());
  }

  private static ChildProcess blocking() {
    return ChildProcess.builder(Entries.Blocking.class).jvmOptions(JVM_OPTIONS).captureOutput().start();
  }
}
