package io.typedipc.process;

import static io.typedipc.process.ProcessTesting.JVM_OPTIONS;
import static io.typedipc.process.ProcessTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.it.TestService;
import io.typedipc.testing.TestThreads;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The promises of the Javadoc of ChildProcess, ManagerProcess and WorkerPool that other tests do not try. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JavadocProcessesTest {

  /** Is abstract. */
  abstract static class AbstractEntry implements ProcessEntry {}

  @Test
  void aChildsBuilderRefusesBadSettingsAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> ChildProcess.builder(AbstractEntry.class));
    ChildProcess.Builder b = ChildProcess.builder(ExitMain.class);
    assertThrows(IllegalArgumentException.class, () -> b.systemProperty("", "x"));
    assertThrows(IllegalArgumentException.class, () -> b.systemProperty("a=b", "x"));
    assertThrows(NullPointerException.class, () -> b.args("a", null));
    assertThrows(IllegalArgumentException.class, () -> b.maxHeap("2 g"));
    assertThrows(IllegalArgumentException.class, () -> b.handle("x", "a string"));
    assertThrows(NullPointerException.class, () -> b.handle("x", null));
    assertThrows(UncheckedIOException.class,
        () -> ChildProcess.builder(ExitMain.class).javaExecutable(Path.of("/nonexistent/bin/java")).start());
  }

  @Test
  void aChildThatCannotLoadItsEntryExitsWithTheLaunchFailedStatus() throws Exception {
    String withoutTests = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.contains("test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
    ChildProcess child = ChildProcess.builder(ExitMain.class).jvmOptions(JVM_OPTIONS).classpath(withoutTests).args("return")
        .captureOutput().start();
    assertTrue(child.join(WAIT));
    assertEquals(OptionalInt.of(ChildProcess.EXIT_LAUNCH_FAILED), child.exitCode(), child.output());
    // README, Logging: a child that failed is a WARNING (its class path is the user's), not an ERROR
    assertTrue(child.output().contains("WARNING: typedipc child: cannot load"), child.output());
    assertFalse(child.output().contains("SEVERE"), child.output());
  }

  @Test
  void aChildsJoinWithZeroOrNegativeTimeoutOnlyLooksAndItsCloseIsIdempotent() throws Exception {
    ChildProcess child = ChildProcess.builder(Entries.Blocking.class).jvmOptions(JVM_OPTIONS).captureOutput().start();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!child.output().contains("BLOCKING")) {
      assertTrue(System.nanoTime() < deadline, "the child did not start its entry: " + child.output());
      Thread.sleep(10); // polling the child's output: it is another JVM
    }
    assertFalse(child.join(Duration.ZERO));
    assertFalse(child.join(Duration.ofSeconds(-1)));
    CompletableFuture<ChildProcess> exit = child.onExit();
    child.close();
    assertFalse(child.isAlive());
    assertEquals(child, exit.get(10, TimeUnit.SECONDS));
    child.close();
    assertTrue(child.join(Duration.ZERO));
    assertEquals(ChildProcess.EXIT_STDIN_CLOSED, child.join());
  }

  /**
   * onExit: "Not on the common fork-join pool, where the JDK's Process#onExit() completes its
   * futures" — with every worker of that pool kept waiting by the application, a child's exit still
   * completes its future (through the JDK's Process.onExit it never did).
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void onExitCompletesWhileTheCommonPoolIsBusy() throws Exception {
    try (TestThreads.CommonPoolHold busy = TestThreads.holdCommonPool()) {
      ChildProcess child = ChildProcess.builder(ExitMain.class).jvmOptions(JVM_OPTIONS).args("return").start();
      CompletableFuture<ChildProcess> exit = child.onExit();
      assertEquals(child, exit.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(child, child.onExit().get(10, TimeUnit.SECONDS)); // a later call: already complete
      assertTrue(exit != child.onExit(), "each call returns a future of its own");
    }
  }

  @Test
  void aManagerProcessCloseIsIdempotentAndItsKeyServesMoreClients() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> ManagerProcess.builder(AbstractInit.class));
    ManagerProcess mp = ManagerProcess.builder(Entries.Shares.class).jvm(b -> b.jvmOptions(JVM_OPTIONS)).start();
    assertEquals("127.0.0.1", mp.host());
    try (ManagerClient other = ManagerClient.builder().address(mp.host(), mp.port()).authKey(mp.authKey()).connect()) {
      other.shared(TestService.class, "service").increment();
    }
    assertEquals(2, mp.client().shared(TestService.class, "service").increment());
    mp.close();
    assertFalse(mp.process().isAlive());
    assertEquals(0, mp.process().join());
    mp.close();
  }

  /** Is abstract. */
  abstract static class AbstractInit implements ManagerInitializer {}

  @Test
  void aPoolsStatesAndArguments() throws Exception {
    WorkerPool.Builder<PoolTasks> builder = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class)
        .jvm(b -> b.jvmOptions(JVM_OPTIONS).outputPrefix("[worker] "));
    assertThrows(IllegalArgumentException.class, () -> builder.maxTasksPerWorker(-1));
    assertThrows(IllegalArgumentException.class, () -> builder.taskTimeout(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> builder.startTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> builder.workers(-1));
    WorkerPool<PoolTasks> pool = builder.workers(1).start();
    assertEquals(1, pool.workers());
    assertThrows(IllegalArgumentException.class, () -> pool.map(List.of(1), 0, PoolTasks::square));
    assertThrows(IllegalArgumentException.class, () -> pool.mapAsync(List.of(1), 0, PoolTasks::square));
    assertThrows(IllegalArgumentException.class, () -> pool.imap(List.of(1), 0, PoolTasks::square));
    assertThrows(IllegalArgumentException.class, () -> pool.mapUnordered(List.of(1), 0, PoolTasks::square));
    assertEquals(List.of(), pool.map(List.<Integer>of(), PoolTasks::square));
    assertEquals(List.of(4), pool.map(List.of(2), PoolTasks::square));
    pool.shutdown();
    pool.shutdown();
    assertThrows(RejectedExecutionException.class, () -> pool.submit(w -> w.square(1)));
    assertThrows(RejectedExecutionException.class, () -> pool.map(List.of(1), PoolTasks::square));
    assertThrows(RejectedExecutionException.class, () -> pool.mapAsync(List.of(1), PoolTasks::square));
    assertThrows(RejectedExecutionException.class, () -> pool.imap(List.of(1), PoolTasks::square));
    assertThrows(RejectedExecutionException.class, () -> pool.mapUnordered(List.of(1), PoolTasks::square));
    pool.join();
    assertEquals(List.of(), pool.workerPids());
    pool.join();
    pool.close();
    pool.terminate();
    pool.close();
  }

  @Test
  void terminateRunsTheChildsShutdownHooks(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path marker = dir.resolve("hook");
    ChildProcess child = ChildProcess.builder(JavadocEntries.Hooked.class).jvmOptions(JVM_OPTIONS).args(marker.toString())
        .captureOutput().start();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!child.output().contains("READY")) {
      assertTrue(System.nanoTime() < deadline, "the child did not start its entry: " + child.output());
      Thread.sleep(10); // polling the child's output: it is another JVM
    }
    child.terminate();
    assertTrue(child.join(WAIT));
    assertEquals("hook ran", java.nio.file.Files.readString(marker));
  }

  @Test
  void aChildExitsWhenItsEntryReturnsEvenIfItStartedOtherThreads() throws Exception {
    for (Class<?> entry : List.of(JavadocEntries.LeavesAThread.class, JavadocEntries.MainLeavesAThread.class)) {
      ChildProcess child = ChildProcess.builder(entry).jvmOptions(JVM_OPTIONS).captureOutput().start();
      assertTrue(child.join(WAIT), entry.getName());
      assertEquals(0, child.join(), child.output());
      child.close();
    }
  }

  @Test
  void aTaskCancelledBeforeItRunsIsSkippedAndAPoolWithoutWorkersSaysPidMinusOne() throws Exception {
    try (WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class).workers(1)
        .jvm(b -> b.jvmOptions(JVM_OPTIONS).outputPrefix("[worker] ")).start()) {
      CompletableFuture<Integer> busy = pool.submit(w -> w.slowSquare(3, 1000));
      CompletableFuture<Integer> skipped = pool.submit(w -> w.slowSquare(4, 0));
      assertTrue(skipped.cancel(false));
      assertEquals(9, busy.get(60, TimeUnit.SECONDS));
      assertEquals(1, pool.submit(PoolTasks::slowCalls).get(60, TimeUnit.SECONDS));
    }
    try (WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class).workers(1)
        .jvm(b -> b.javaExecutable(Path.of("/nonexistent/bin/java"))).start()) {
      java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> pool.submit(w -> w.square(2)).get(60, TimeUnit.SECONDS));
      WorkerDiedException died = org.junit.jupiter.api.Assertions.assertInstanceOf(WorkerDiedException.class, e.getCause());
      assertEquals(-1, died.workerPid(), died.getMessage());
    }
    try (WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class).workers(1)
        .initializer(FailingInitializer.class).jvm(b -> b.jvmOptions(JVM_OPTIONS)).start()) {
      java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> pool.submit(w -> w.square(2)).get(60, TimeUnit.SECONDS));
      WorkerDiedException died = org.junit.jupiter.api.Assertions.assertInstanceOf(WorkerDiedException.class, e.getCause());
      assertEquals(-1, died.workerPid(), died.getMessage()); // its JVM started, but no worker became ready
    }
  }

  @Test
  void anImapStreamThrowsRejectedWhenThePoolShutsDownWithInputsLeftToQueue() throws Exception {
    WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class).workers(1)
        .jvm(b -> b.jvmOptions(JVM_OPTIONS).outputPrefix("[worker] ")).start();
    try {
      java.util.Iterator<Integer> results = pool.imap(java.util.stream.IntStream.range(0, 10).boxed().toList(), PoolTasks::square)
          .iterator();
      assertEquals(0, results.next());
      pool.shutdown();
      RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> {
        while (results.hasNext()) {
          results.next();
        }
      });
      assertTrue(e.getMessage() != null, String.valueOf(e));
    } finally {
      pool.terminate();
    }
  }

  @Test
  void closeInterruptedTerminatesAndKeepsTheInterruptStatus() throws Exception {
    WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class).workers(1)
        .jvm(b -> b.jvmOptions(JVM_OPTIONS).outputPrefix("[worker] ")).start();
    CompletableFuture<Integer> slow = pool.submit(w -> w.slowSquare(2, 600_000));
    CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
    Thread closer = new Thread(() -> {
      Thread.currentThread().interrupt();
      pool.close();
      interrupted.complete(Thread.currentThread().isInterrupted());
    });
    closer.start();
    assertTrue(interrupted.get(60, TimeUnit.SECONDS));
    assertTrue(slow.isCancelled(), String.valueOf(slow));
    assertEquals(List.of(), pool.workerPids());
  }

  @Test
  void aManagerProcessNotReadyWithinItsStartTimeoutFailsAndIsKilled() throws Exception {
    java.util.Set<Long> before = ProcessTesting.descendants();
    ChildProcessException e = assertThrows(ChildProcessException.class, () -> ManagerProcess.builder(Entries.Shares.class)
        .jvm(b -> b.jvmOptions(JVM_OPTIONS)).startTimeout(Duration.ofMillis(1)).start());
    assertTrue(e.getMessage().contains("was not ready within"), e.getMessage());
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!ProcessTesting.descendants().equals(before) && System.nanoTime() < deadline) {
      Thread.sleep(10); // the killed JVM exits soon after: polling the process table
    }
    ProcessTesting.assertNoNewDescendants(before);
  }

  /**
   * A negative call timeout, or a start timeout that is not positive, is refused by the setting (it
   * was taken, and start() launched a Manager JVM before the client's builder refused it; a negative
   * start timeout failed as "not ready within PT-1S").
   */
  @Test
  void aManagerProcessRefusesBadTimeoutsAtOnce() {
    ManagerProcess.Builder b = ManagerProcess.builder(Entries.Shares.class);
    assertThrows(IllegalArgumentException.class, () -> b.callTimeout(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> b.startTimeout(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> b.startTimeout(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> b.callTimeout(null));
    b.callTimeout(Duration.ZERO); // none
  }

  /**
   * As the waits of channels and pipes (WaitDurationsTest): a wait too long to count in nanoseconds
   * (Duration.ofMillis(Long.MAX_VALUE), a common "for ever") waits instead of throwing
   * ArithmeticException: a child's join, a ManagerProcess's and a pool's start timeout.
   */
  @Test
  void processWaitsTakeForever() throws Exception {
    Duration forever = Duration.ofMillis(Long.MAX_VALUE);
    ChildProcess child = ChildProcess.builder(ExitMain.class).jvmOptions(JVM_OPTIONS).args("return").captureOutput().start();
    assertTrue(child.join(forever));
    assertEquals(0, child.join());
    try (ManagerProcess mp = ManagerProcess.builder(Entries.Shares.class).jvm(b -> b.jvmOptions(JVM_OPTIONS)).startTimeout(forever)
        .start()) {
      assertEquals(1, mp.client().shared(TestService.class, "service").increment());
    }
    try (WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class).workers(1).startTimeout(forever)
        .jvm(b -> b.jvmOptions(JVM_OPTIONS).outputPrefix("[worker] ")).start()) {
      assertEquals(List.of(9), pool.map(List.of(3), PoolTasks::square));
    }
  }

  /**
   * A call or task timeout too long for a client is refused by the setting, as by
   * ManagerClient.Builder.callTimeout: it was taken, and the Manager or worker JVM started before the
   * client's builder refused it (a pool's tasks then failed with WorkerDiedException).
   */
  @Test
  void callAndTaskTimeoutsTooLongForAClientAreRefusedAtOnce() {
    Duration forever = Duration.ofMillis(Long.MAX_VALUE);
    assertThrows(IllegalArgumentException.class, () -> ManagerProcess.builder(Entries.Shares.class).callTimeout(forever));
    assertThrows(IllegalArgumentException.class,
        () -> WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class).taskTimeout(forever));
    ManagerProcess.builder(Entries.Shares.class).callTimeout(Duration.ofDays(36_500));
    WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class).taskTimeout(Duration.ofDays(36_500));
  }

  /**
   * WorkerPool is thread-safe and its maps throw RejectedExecutionException after shutdown(): a
   * map whose inputs are still being read when the pool shuts down is rejected as a whole. It threw
   * RejectedExecutionException having queued the chunks read before, which then ran, their results
   * lost to the caller.
   */
  @Test
  void aMapRacingAShutdownIsRejectedAsAWhole() throws Exception {
    WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class).workers(1)
        .jvm(b -> b.jvmOptions(JVM_OPTIONS).outputPrefix("[worker] ")).start();
    java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
    List<Integer> inputs = new java.util.AbstractList<>() {
      @Override
      public Integer get(int index) {
        if (index == 2) {
          pool.shutdown(); // another thread's shutdown, while this map reads its inputs
        }
        return index;
      }

      @Override
      public int size() {
        return 4;
      }
    };
    assertThrows(RejectedExecutionException.class, () -> pool.mapAsync(inputs, 1, (w, x) -> {
      ran.incrementAndGet();
      return w.square(x);
    }));
    pool.join();
    assertEquals(0, ran.get(), "tasks of a rejected map ran");
  }
}
