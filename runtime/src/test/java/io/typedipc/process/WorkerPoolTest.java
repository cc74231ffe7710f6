package io.typedipc.process;

import static io.typedipc.process.ProcessTesting.JVM_OPTIONS;
import static io.typedipc.process.ProcessTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.CallTimeoutException;
import io.typedipc.RemoteException;
import io.typedipc.it.OutOfStockException;
import io.typedipc.it.TestService;
import io.typedipc.it.TestServiceImpl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Pools of worker JVMs: ordering, callbacks, failures, dying workers, recycling, shutdown. */
class WorkerPoolTest {

  private static WorkerPool.Builder<PoolTasks> pool() {
    return WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class).jvm(b -> b.jvmOptions(JVM_OPTIONS).outputPrefix("[worker] "));
  }

  @Test
  @Timeout(120)
  void mapKeepsOrderCallbacksRunExceptionsArriveAndCloseLeavesNoJvm() throws Exception {
    Set<Long> before = ProcessTesting.descendants();
    Set<Long> seenPids = new HashSet<>();
    WorkerPool<PoolTasks> pool = pool().workers(2).initializer(PoolInitializer.class).start();
    try {
      List<Integer> inputs = IntStream.rangeClosed(1, 40).boxed().collect(Collectors.toList());
      assertEquals(inputs.stream().map(i -> i * i).collect(Collectors.toList()), pool.map(inputs, PoolTasks::square));

      // apply_async with a callback
      List<Integer> called = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch callbacks = new CountDownLatch(10);
      List<CompletableFuture<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int n = i;
        futures.add(pool.submit(w -> w.square(n), r -> {
          called.add(r);
          callbacks.countDown();
        }));
      }
      assertTrue(callbacks.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(Set.of(0, 1, 4, 9, 16, 25, 36, 49, 64, 81), new HashSet<>(called));
      assertEquals(81, futures.get(9).get());

      // imap_unordered
      assertEquals(Set.of(1, 4, 9, 16), pool.mapUnordered(List.of(1, 2, 3, 4), PoolTasks::square).collect(Collectors.toSet()));

      // the initializer ran in each worker, on its instance
      for (long pid : pool.map(List.of(1, 2, 3, 4, 5, 6), (w, i) -> w.pid())) {
        seenPids.add(pid);
      }
      String initialized = pool.submit(PoolTasks::initialized).get();
      assertTrue(initialized.startsWith("initialized in "), initialized);

      // task exceptions fail the future as themselves, and the worker keeps serving
      ExecutionException unchecked = assertThrows(ExecutionException.class, () -> pool.submit(w -> w.failUnchecked("bad input")).get());
      assertInstanceOf(RemoteException.class, unchecked.getCause());
      assertTrue(unchecked.getCause().getMessage().contains("bad input"), unchecked.getCause().getMessage());
      ExecutionException declared = assertThrows(ExecutionException.class, () -> pool.submit(w -> w.reserve(11)).get());
      assertInstanceOf(OutOfStockException.class, declared.getCause());
      assertEquals(7, pool.submit(w -> w.reserve(3)).get());
      RemoteException fromMap = assertThrows(RemoteException.class,
          () -> pool.map(List.of("ok", "fails"), (w, s) -> s.equals("ok") ? 1 : w.failUnchecked(s)));
      assertTrue(fromMap.getMessage().contains("fails"), fromMap.getMessage());

      List<Long> live = pool.workerPids(); // the second may still be starting: the first took all the work
      assertTrue(live.size() == 1 || live.size() == 2, live.toString());
      seenPids.addAll(live);
    } finally {
      pool.close();
    }
    assertThrows(RejectedExecutionException.class, () -> pool.submit(w -> w.square(1)));
    // every map is refused at once, imap included (not when its stream is first read)
    assertThrows(RejectedExecutionException.class, () -> pool.imap(List.of(1), PoolTasks::square));
    assertThrows(RejectedExecutionException.class, () -> pool.mapAsync(List.of(1), PoolTasks::square));
    assertThrows(RejectedExecutionException.class, () -> pool.map(List.of(1), 2, PoolTasks::square));
    assertEquals(List.of(), pool.workerPids());
    for (long pid : seenPids) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "worker " + pid + " still runs");
    }
    ProcessTesting.assertNoNewDescendants(before);
  }

  @Test
  @Timeout(120)
  void aWorkerKilledMidTaskFailsItsTaskAndIsReplaced(@TempDir Path dir) throws Exception {
    try (WorkerPool<PoolTasks> pool = pool().workers(1).start()) {
      Path marker = dir.resolve("hanging");
      CompletableFuture<Integer> hanging = pool.submit(w -> w.hangAfterMarking(marker.toString()));
      long pid = Long.parseLong(awaitFile(marker));
      assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());

      ExecutionException e = assertThrows(ExecutionException.class, () -> hanging.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, e.getCause());
      assertEquals(pid, died.workerPid());
      assertTrue(died.getMessage().contains("worker JVM pid " + pid + " died while running the task"), died.getMessage());

      assertEquals(25, pool.submit(w -> w.square(5)).get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertNotEquals(pid, pool.submit(PoolTasks::pid).get());
    }
  }

  @Test
  @Timeout(120)
  void aTaskWhoseWorkerCrashedRunsAgainWhenRetriesAreAllowed(@TempDir Path dir) throws Exception {
    try (WorkerPool<PoolTasks> pool = pool().workers(1).retries(1).start()) {
      Path marker = dir.resolve("crashed");
      assertEquals(42, pool.submit(w -> w.crashOnce(marker.toString())).get(WAIT.toSeconds(), TimeUnit.SECONDS));
      long crashed = Long.parseLong(Files.readString(marker));
      assertFalse(ProcessHandle.of(crashed).map(ProcessHandle::isAlive).orElse(false));
      assertNotEquals(crashed, pool.submit(PoolTasks::pid).get());
    }
  }

  @Test
  @Timeout(120)
  void aTaskPastTheTaskTimeoutFailsAndItsBusyWorkerIsReplaced(@TempDir Path dir) throws Exception {
    try (WorkerPool<PoolTasks> pool = pool().workers(1).taskTimeout(Duration.ofSeconds(2)).start()) {
      Path marker = dir.resolve("hanging");
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> pool.submit(w -> w.hangAfterMarking(marker.toString())).get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertInstanceOf(CallTimeoutException.class, e.getCause());
      long hung = Long.parseLong(awaitFile(marker));
      assertEquals("the task's call to its worker did not complete within the task timeout, PT2S; the pool killed worker JVM pid "
          + hung + " and starts another", e.getCause().getMessage(), "what happened in a pool, not a Manager's words");
      assertEquals(16, pool.submit(w -> w.square(4)).get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertFalse(ProcessHandle.of(hung).map(ProcessHandle::isAlive).orElse(false));
    }
  }

  /**
   * README §8's sample: callbacks given to {@code submit} inside try-with-resources have all run
   * when {@code close()} returns (it waits for the queued tasks, and their callbacks, as Python's
   * {@code close(); join()} does), and {@code map} keeps input order.
   */
  @Test
  @Timeout(120)
  void callbacksOfQueuedTasksHaveRunWhenCloseReturns() {
    List<Integer> called = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    List<Integer> squares;
    try (WorkerPool<PoolTasks> pool = pool().workers(2).start()) {
      for (int i = 0; i < 30; i++) {
        int n = i;
        pool.submit(w -> w.square(n), called::add);
      }
      pool.submit(w -> w.failUnchecked("no"), r -> called.add(-1), errors::add);
      squares = pool.map(List.of(1, 2, 3), PoolTasks::square);
    }
    assertEquals(List.of(1, 4, 9), squares);
    assertEquals(IntStream.range(0, 30).map(i -> i * i).boxed().collect(Collectors.toSet()), new HashSet<>(called));
    assertEquals(30, called.size());
    assertEquals(1, errors.size());
    assertInstanceOf(RemoteException.class, errors.get(0));
  }

  @Test
  @Timeout(120)
  void workersAreRecycledAfterMaxTasks() {
    try (WorkerPool<PoolTasks> pool = pool().workers(1).maxTasksPerWorker(2).start()) {
      List<Long> pids = pool.map(List.of(1, 2, 3, 4, 5), (w, i) -> w.pid());
      assertEquals(pids.get(0), pids.get(1), pids.toString());
      assertEquals(pids.get(2), pids.get(3), pids.toString());
      assertEquals(3, new HashSet<>(pids).size(), pids.toString());
    }
  }

  @Test
  @Timeout(120)
  void terminateCancelsRunningAndQueuedTasksAndKillsTheWorkers(@TempDir Path dir) throws Exception {
    Set<Long> before = ProcessTesting.descendants();
    WorkerPool<PoolTasks> pool = pool().workers(1).start();
    Path marker = dir.resolve("hanging");
    CompletableFuture<Integer> running = pool.submit(w -> w.hangAfterMarking(marker.toString()));
    CompletableFuture<Integer> queued = pool.submit(w -> w.square(2));
    long pid = Long.parseLong(awaitFile(marker));

    pool.terminate();
    assertTrue(running.isCancelled());
    assertTrue(queued.isCancelled());
    // the exception the future holds (on JDK 25, get() throws a new one, "get", caused by it)
    Throwable why = queued.handle((result, failure) -> failure).getNow(null);
    assertInstanceOf(java.util.concurrent.CancellationException.class, why);
    assertTrue(why.getMessage().matches("typedipc-pool-\\d+ was terminated before the task finished"), why.getMessage());
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    ProcessTesting.assertNoNewDescendants(before);
    assertThrows(RejectedExecutionException.class, () -> pool.submit(w -> w.square(1)));
  }

  @Test
  @Timeout(120)
  void aWorkerThatCannotStartFailsTheTaskInsteadOfHanging() {
    try (WorkerPool<PoolTasks> pool = pool().workers(1).initializer(FailingInitializer.class).start()) {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> pool.submit(w -> w.square(2)).get(WAIT.toSeconds(), TimeUnit.SECONDS));
      WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, e.getCause());
      assertTrue(died.getMessage().contains("no worker JVM could be started"), died.getMessage());
      assertTrue(died.getMessage().contains("the initializer refuses"), died.getMessage());
    }
  }

  @Test
  @Timeout(120)
  void workersReachHandlesGivenToTheirJvms() throws Exception {
    io.typedipc.AuthKey key = io.typedipc.AuthKey.generate();
    try (io.typedipc.Manager manager = io.typedipc.Manager.builder().address(0).authKey(key)
            .share(TestService.class, "counter", new TestServiceImpl()).start();
        io.typedipc.ManagerClient client = io.typedipc.ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      TestService counter = client.shared(TestService.class, "counter");
      try (WorkerPool<PoolTasks> pool = pool().workers(1).initializer(CountingInitializer.class)
          .jvm(b -> b.jvmOptions(JVM_OPTIONS).handle("counter", counter)).start()) {
        assertEquals(9, pool.submit(w -> w.square(3)).get());
      }
      assertEquals(1, counter.get());
    }
  }

  @Test
  void badPoolsAreRefusedWithClearMessages() {
    IllegalArgumentException notShared = assertThrows(IllegalArgumentException.class,
        () -> WorkerPool.builder(Runnable.class, Thread.class));
    assertTrue(notShared.getMessage().contains("no typedipc binding for java.lang.Runnable"), notShared.getMessage());
    assertThrows(IllegalArgumentException.class, () -> pool().workers(0));
    assertThrows(IllegalArgumentException.class, () -> pool().retries(-1));
    WorkerPool<PoolTasks> pool = pool().workers(1).start();
    assertThrows(IllegalStateException.class, pool::join);
    pool.terminate();
  }

  /** Waits for a file the worker writes, polling: the worker is in another JVM. */
  private static String awaitFile(Path file) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the worker did not write " + file + " within " + WAIT);
      }
      Thread.sleep(10);
    }
    return Files.readString(file).trim();
  }
}
