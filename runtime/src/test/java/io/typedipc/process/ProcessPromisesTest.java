package io.typedipc.process;

import static io.typedipc.process.ProcessTesting.JVM_OPTIONS;
import static io.typedipc.process.ProcessTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ManagerClient;
import io.typedipc.ManagerClosedException;
import io.typedipc.RemoteException;
import io.typedipc.it.TestService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** docs/processes.md's promises not covered by the other process tests. */
class ProcessPromisesTest {

  /** systemProperty, environment, workingDirectory, classpath and args reach the child; onExit completes. */
  @Test
  @Timeout(120)
  void theBuildersSettingsReachTheChildAndOnExitCompletes(@TempDir Path dir) throws Exception {
    ChildProcess child = ChildProcess.builder(PromiseEntries.Report.class)
        .jvmOptions(JVM_OPTIONS)
        .systemProperty("typedipc.test.property", "a value with spaces")
        .environment("TYPEDIPC_TEST_ENV", "from the parent")
        .workingDirectory(dir)
        .classpath(System.getProperty("java.class.path"))
        .args("one", "", "three")
        .captureOutput()
        .start();
    assertSame(child, child.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(OptionalInt.of(0), child.exitCode());
    String out = child.output();
    assertTrue(out.contains("PROPERTY a value with spaces"), out);
    assertTrue(out.contains("ENV from the parent"), out);
    assertTrue(out.contains("CWD " + dir.toRealPath()) || out.contains("CWD " + dir.toAbsolutePath()), out);
    assertTrue(out.contains("ARGS [one, , three]"), out);
  }

  /** "the stack trace is in its output, logged by the child ... which by default writes to its stderr". */
  @Test
  @Timeout(120)
  void aThrowingEntrysStackTraceGoesToStderrAndTheStatusIsOne() throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    int status;
    System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    try {
      ChildProcess child = ChildProcess.builder(Entries.Throwing.class).jvmOptions(JVM_OPTIONS).outputPrefix("[t] ").start();
      status = child.join();
      child.close(); // the output pumps have ended when close returns
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String errText = errBytes.toString(StandardCharsets.UTF_8);
    String outText = outBytes.toString(StandardCharsets.UTF_8);
    assertEquals(ChildProcess.EXIT_ENTRY_FAILED, status);
    assertEquals(1, status);
    assertTrue(errText.contains("[t] java.lang.IllegalStateException: boom from the child"), errText);
    assertFalse(outText.contains("boom from the child"), outText);
  }

  /** "default: number of processors". */
  @Test
  @Timeout(120)
  void aPoolHasOneWorkerPerProcessorByDefault() throws Exception {
    int processors = Runtime.getRuntime().availableProcessors();
    WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class)
        .jvm(b -> b.jvmOptions(JVM_OPTIONS)).start();
    try {
      assertEquals(processors, pool.workers());
      awaitWorkers(pool, processors);
      assertEquals(processors, new HashSet<>(pool.workerPids()).size());
    } finally {
      pool.terminate();
    }
  }

  /**
   * "Callbacks run on one pool thread, in completion order": a slow task's callback runs after
   * those of the quick tasks submitted after it, every callback and error callback on one thread.
   */
  @Test
  @Timeout(120)
  void callbacksRunOnOneThreadInCompletionOrder() throws Exception {
    try (WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class)
        .workers(2).jvm(b -> b.jvmOptions(JVM_OPTIONS)).start()) {
      awaitWorkers(pool, 2);
      List<Integer> order = Collections.synchronizedList(new ArrayList<>());
      Set<Thread> threads = Collections.synchronizedSet(new HashSet<>());
      CountDownLatch done = new CountDownLatch(7);
      pool.submit(w -> w.slowSquare(100, 3_000), r -> {
        threads.add(Thread.currentThread());
        order.add(r);
        done.countDown();
      });
      for (int i = 1; i <= 5; i++) {
        int n = i;
        pool.submit(w -> w.square(n), r -> {
          threads.add(Thread.currentThread());
          order.add(r);
          done.countDown();
        });
      }
      pool.submit(w -> w.failUnchecked("bad"), r -> order.add(-2), e -> {
        threads.add(Thread.currentThread());
        assertInstanceOf(RemoteException.class, e);
        order.add(-1);
        done.countDown();
      });
      assertTrue(done.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(7, order.size(), order.toString());
      assertEquals(10_000, order.get(6), "the slow task completes last: " + order);
      assertEquals(1, threads.size(), threads.toString());
      assertFalse(order.contains(-2), order.toString());
      // mapAsync "completes ... on the pool's result thread": with no inputs too (it completed on the
      // caller's). The result thread is held until the callback is added, so that it sees the completion
      // (by the callback of a task slow enough to be added before the task completes).
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch added = new CountDownLatch(1);
      Thread[] holder = new Thread[1];
      pool.submit(w -> w.slowSquare(1, 500), r -> {
        holder[0] = Thread.currentThread();
        held.countDown();
        try {
          added.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertTrue(held.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(threads.iterator().next(), holder[0], "the holding callback runs on the result thread");
      java.util.concurrent.CompletableFuture<Thread> emptyMap =
          pool.mapAsync(List.<Integer>of(), (w, n) -> w.square(n)).thenApply(r -> Thread.currentThread());
      added.countDown();
      assertEquals(threads.iterator().next(), emptyMap.get(WAIT.toSeconds(), TimeUnit.SECONDS), "an empty mapAsync's thread");
    }
  }

  /**
   * "Callbacks run on one pool thread, in completion order" — also the error callbacks of the
   * tasks terminate() cancels, queued or running: never on the thread calling terminate() nor on
   * the thread that fed the worker, where they could run at the same time as other callbacks.
   */
  @Test
  @Timeout(120)
  void theErrorCallbacksOfTasksTerminateCancelsRunOnThePoolsCallbackThread(@TempDir Path dir) throws Exception {
    WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class)
        .workers(1).jvm(b -> b.jvmOptions(JVM_OPTIONS)).start();
    List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch first = new CountDownLatch(1);
    pool.submit(w -> w.square(2), r -> {
      threads.add(Thread.currentThread());
      first.countDown();
    }, e -> failures.add(e));
    assertTrue(first.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    Thread callbackThread = threads.get(0);

    CountDownLatch cancelled = new CountDownLatch(4);
    Path marker = dir.resolve("hanging");
    pool.submit(w -> w.hangAfterMarking(marker.toString()), r -> failures.add(new AssertionError("ran")), e -> {
      threads.add(Thread.currentThread());
      failures.add(e);
      cancelled.countDown();
    });
    for (int i = 0; i < 3; i++) {
      int n = i;
      pool.submit(w -> w.square(n), r -> failures.add(new AssertionError("ran " + n)), e -> {
        threads.add(Thread.currentThread());
        failures.add(e);
        cancelled.countDown();
      });
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!java.nio.file.Files.exists(marker)) { // the worker runs the hanging task
      assertTrue(System.nanoTime() < deadline, "the hanging task did not start within " + WAIT);
      Thread.sleep(10);
    }
    pool.terminate();
    assertTrue(cancelled.await(WAIT.toSeconds(), TimeUnit.SECONDS), failures.toString());
    assertEquals(4, failures.size(), failures.toString());
    for (Throwable e : failures) {
      assertInstanceOf(java.util.concurrent.CancellationException.class, e);
    }
    assertEquals(Set.of(callbackThread), new HashSet<>(threads), "callbacks ran on " + threads);
  }

  /**
   * "Exactly one of the two runs, once, on the pool's result thread" (submit with an error
   * callback) — also when the user cancels the returned future: the error callback gets the
   * CancellationException on the result thread, not on the thread that called cancel().
   */
  @Test
  @Timeout(120)
  void theErrorCallbackOfAFutureTheUserCancelsRunsOnThePoolsCallbackThread(@TempDir Path dir) throws Exception {
    WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class)
        .workers(1).jvm(b -> b.jvmOptions(JVM_OPTIONS)).start();
    try {
      CompletableFuture<Thread> callbackThread = new CompletableFuture<>();
      pool.submit(w -> w.square(2), r -> callbackThread.complete(Thread.currentThread()),
          callbackThread::completeExceptionally);
      Thread resultThread = callbackThread.get(WAIT.toSeconds(), TimeUnit.SECONDS);

      Path marker = dir.resolve("hanging");
      List<Object> outcomes = Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<Thread> errorThread = new CompletableFuture<>();
      CompletableFuture<Integer> running = pool.submit(w -> w.hangAfterMarking(marker.toString()),
          r -> outcomes.add("callback " + r), e -> {
            outcomes.add(e);
            errorThread.complete(Thread.currentThread());
          });
      CompletableFuture<Thread> queuedErrorThread = new CompletableFuture<>();
      CompletableFuture<Integer> queued = pool.submit(w -> w.square(3),
          r -> outcomes.add("callback " + r), e -> {
            outcomes.add(e);
            queuedErrorThread.complete(Thread.currentThread());
          });
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!java.nio.file.Files.exists(marker)) { // the worker runs the hanging task
        assertTrue(System.nanoTime() < deadline, "the hanging task did not start within " + WAIT);
        Thread.sleep(10);
      }
      assertTrue(queued.cancel(false));
      assertTrue(running.cancel(true));
      assertSame(resultThread, queuedErrorThread.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertSame(resultThread, errorThread.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(2, outcomes.size(), outcomes.toString());
      for (Object outcome : outcomes) {
        assertInstanceOf(java.util.concurrent.CancellationException.class, outcome);
      }
    } finally {
      pool.terminate(); // the hanging task still holds its worker
    }
  }

  /**
   * taskTimeout is the deadline of each call a task makes to its worker (WorkerPool.Builder's
   * Javadoc): a task of two calls, each within it, succeeds though it takes longer in all.
   */
  @Test
  @Timeout(120)
  void theTaskTimeoutBoundsEachCallOfATask() throws Exception {
    try (WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class)
        .workers(1).taskTimeout(java.time.Duration.ofSeconds(3)).jvm(b -> b.jvmOptions(JVM_OPTIONS)).start()) {
      long start = System.nanoTime();
      assertEquals(5, pool.submit(w -> w.slowSquare(1, 2_000) + w.slowSquare(2, 2_000)).get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 4_000);
    }
  }

  /**
   * A task runs in this JVM: what it throws itself, without calling the worker, fails its future
   * as itself and the worker goes on; a map's inputs may be null.
   */
  @Test
  @Timeout(120)
  void aTaskThatThrowsInThisJvmFailsAsItselfAndNullInputsArePassedOn() throws Exception {
    try (WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class)
        .workers(1).jvm(b -> b.jvmOptions(JVM_OPTIONS)).start()) {
      long pid = pool.submit(PoolTasks::pid).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> pool.submit(w -> { throw new IllegalStateException("thrown here"); }).get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertInstanceOf(IllegalStateException.class, e.getCause());
      assertEquals("thrown here", e.getCause().getMessage());
      assertEquals(pid, pool.submit(PoolTasks::pid).get(WAIT.toSeconds(), TimeUnit.SECONDS), "the worker was replaced");

      List<Integer> inputs = new ArrayList<>();
      inputs.add(3);
      inputs.add(null);
      inputs.add(4);
      assertEquals(List.of(9, -1, 16), pool.map(inputs, (w, x) -> x == null ? -1 : w.square(x)));
    }
  }

  /**
   * "Classes the messages carry beyond what the interfaces declare go to the child with
   * ChildProcess.Builder.register(...), as for handles": a Box&lt;Money&gt; handle works in a child
   * given Money; without it the child's put is refused (it fails, status 1).
   */
  @Test
  @Timeout(120)
  void classesRegisteredForAChildCrossFromIt() throws Exception {
    io.typedipc.AuthKey key = io.typedipc.AuthKey.generate();
    try (io.typedipc.Manager manager = io.typedipc.Manager.builder().address(0).authKey(key)
            .register(io.typedipc.it.Money.class)
            .share(io.typedipc.it.Box.class, "box", new io.typedipc.it.BoxImpl<io.typedipc.it.Money>()).start();
        ManagerClient client = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key)
            .register(io.typedipc.it.Money.class).connect()) {
      @SuppressWarnings("unchecked")
      io.typedipc.it.Box<io.typedipc.it.Money> box = client.shared(io.typedipc.it.Box.class, "box");

      ChildProcess unregistered = ChildProcess.builder(PromiseEntries.PutsMoney.class).jvmOptions(JVM_OPTIONS)
          .handle("box", box).captureOutput().start();
      assertEquals(ChildProcess.EXIT_ENTRY_FAILED, unregistered.join(), unregistered.output());
      assertTrue(unregistered.output().contains("Money"), unregistered.output());

      ChildProcess registered = ChildProcess.builder(PromiseEntries.PutsMoney.class).jvmOptions(JVM_OPTIONS)
          .handle("box", box).register(io.typedipc.it.Money.class).captureOutput().start();
      assertEquals(0, registered.join(), registered.output());
      assertEquals(new io.typedipc.it.Money(250, "EUR"), box.last());
      assertEquals(1, box.all().size());
    }
  }

  /**
   * docs/processes.md's table of handles: the built-in kinds HandleKindsTest does not hand over —
   * intArray, longArray, doubleArray, namespace, rlock (also as SharedLock), condition,
   * boundedSemaphore, joinableQueue, barrier — reach a child as the same objects.
   */
  @Test
  @Timeout(120)
  void theOtherBuiltInKindsReachAChildAsTheSameObjects() throws Exception {
    io.typedipc.AuthKey key = io.typedipc.AuthKey.generate();
    try (io.typedipc.Manager manager = io.typedipc.Manager.builder().address(0).authKey(key).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      io.typedipc.builtin.SharedIntArray ia = client.intArray("ia", 3);
      io.typedipc.builtin.SharedLongArray la = client.longArray("la", 3);
      io.typedipc.builtin.SharedDoubleArray da = client.doubleArray("da", 3);
      io.typedipc.builtin.Namespace<String> ns = client.namespace("ns");
      io.typedipc.builtin.SharedRLock rl = client.rlock("rl");
      io.typedipc.builtin.SharedCondition c = client.condition("c");
      io.typedipc.builtin.SharedBoundedSemaphore bs = client.boundedSemaphore("bs", 1);
      io.typedipc.builtin.JoinableQueue<String> jq = client.joinableQueue("jq", String.class, 5);
      io.typedipc.builtin.SharedBarrier b = client.barrier("b", 2);
      jq.put("job 1");

      c.lock().lock();
      ChildProcess child = ChildProcess.builder(PromiseEntries.UsesMoreBuiltins.class).jvmOptions(JVM_OPTIONS)
          .handle("ia", ia).handle("la", la).handle("da", da).handle("ns", ns).handle("rl", rl)
          .handle("c", c).handle("bs", bs).handle("jq", jq).handle("b", b)
          .captureOutput().start();
      try {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!"yes".equals(ns.get("signalled"))) {   // the condition's await releases the lock for the child
          assertTrue(System.nanoTime() < deadline, "the child did not signal: " + child.output());
          c.await(1, TimeUnit.SECONDS);
        }
      } finally {
        c.lock().unlock();
      }
      assertTrue(jq.join(WAIT), "the child did not mark the job done");
      b.await(WAIT); // both parties arrive: the barrier trips
      assertEquals(0, child.join(), child.output());

      String out = child.output();
      assertEquals(5, ia.get(0));
      assertEquals(7L, la.get(1));
      assertEquals(1.5, da.get(2));
      assertEquals("from the child", ns.get("x"));
      assertTrue(out.contains("RLOCK holds 2"), out);
      assertTrue(out.contains("RLOCK as lock true"), out);
      assertTrue(out.contains("BOUNDED refused"), out);
      assertTrue(out.contains("JOB job 1"), out);
      assertTrue(out.contains("BARRIER passed"), out);
      assertEquals(0, jq.unfinishedTasks());
    }
  }

  /**
   * "imap reads its Iterable lazily, on the consuming thread: it holds at most 2 × workers chunks
   * of inputs that it has queued and not yet returned" — with a chunk size too.
   */
  @Test
  @Timeout(120)
  void imapReadsItsInputsOnTheConsumingThreadAtMostTwiceTheWorkersChunksAhead() throws Exception {
    try (WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class)
        .workers(2).jvm(b -> b.jvmOptions(JVM_OPTIONS)).start()) {
      Set<Thread> readers = Collections.synchronizedSet(new HashSet<>());
      java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
      Iterable<Integer> endless = () -> new java.util.Iterator<>() {
        @Override
        public boolean hasNext() {
          readers.add(Thread.currentThread());
          return true;
        }

        @Override
        public Integer next() {
          readers.add(Thread.currentThread());
          return read.incrementAndGet();
        }
      };
      int chunk = 3;
      try (java.util.stream.Stream<Integer> results = pool.imap(endless, chunk, PoolTasks::square)) {
        assertEquals(List.of(1, 4, 9, 16, 25, 36, 49), results.limit(7).collect(java.util.stream.Collectors.toList()));
      }
      assertEquals(Set.of(Thread.currentThread()), readers);
      // 7 results come from at most 3 chunks; at most 2 × 2 chunks more are read ahead
      assertTrue(read.get() <= 3 * chunk + 2 * 2 * chunk, "read " + read.get() + " inputs for 7 results");
    }
  }

  /**
   * "the pool replaces the worker: a future never hangs on a dead worker" — also a worker killed
   * while idle: the next task runs on a new worker, without retries, and does not fail.
   */
  @Test
  @Timeout(120)
  void aWorkerKilledWhileIdleIsReplacedAndTheNextTaskRuns() throws Exception {
    try (WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class)
        .workers(1).jvm(b -> b.jvmOptions(JVM_OPTIONS)).start()) {
      long pid = pool.submit(PoolTasks::pid).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
      worker.destroyForcibly();
      worker.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(9, pool.submit(w -> w.square(3)).get(WAIT.toSeconds(), TimeUnit.SECONDS));
      long next = pool.submit(PoolTasks::pid).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertTrue(next != pid, "still the dead worker " + pid);
    }
  }

  /**
   * map and imap throw the first failure in input order: an unchecked one as itself, a checked
   * (declared) one in a CompletionException, since neither method declares it.
   */
  @Test
  @Timeout(120)
  void mapAndImapThrowACheckedFailureInACompletionException() throws Exception {
    try (WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class)
        .workers(2).jvm(b -> b.jvmOptions(JVM_OPTIONS)).start()) {
      java.util.concurrent.CompletionException e = assertThrows(java.util.concurrent.CompletionException.class,
          () -> pool.map(List.of(1, 20, 30), PoolTasks::reserve));
      assertInstanceOf(io.typedipc.it.OutOfStockException.class, e.getCause());
      try (java.util.stream.Stream<Integer> results = pool.imap(List.of(1, 20), PoolTasks::reserve)) {
        java.util.Iterator<Integer> it = results.iterator();
        assertEquals(9, it.next());
        java.util.concurrent.CompletionException i = assertThrows(java.util.concurrent.CompletionException.class, it::next);
        assertInstanceOf(io.typedipc.it.OutOfStockException.class, i.getCause());
      }
      // the usual loop: hasNext() never throws a result's failure (a stream's own iterator reads
      // ahead and threw it there, outside the loop's try: an audit)
      WorkerPool.MapTask<PoolTasks, Integer, Integer> squareOrFail = (w, n) -> n == 2 ? w.failUnchecked("input two") : w.square(n);
      for (boolean ordered : new boolean[] {true, false}) {
        try (java.util.stream.Stream<Integer> results = ordered
            ? pool.imap(List.of(1, 2, 3), squareOrFail)
            : pool.mapUnordered(List.of(1, 2, 3), squareOrFail)) {
          java.util.Iterator<Integer> it = results.iterator();
          List<Object> seen = new ArrayList<>();
          while (it.hasNext()) {
            try {
              seen.add(it.next());
            } catch (RemoteException failed) {
              seen.add("failed");
            }
          }
          if (ordered) {
            assertEquals(List.of(1, "failed", 9), seen);
          } else {
            assertEquals(3, seen.size(), String.valueOf(seen));
            assertTrue(seen.containsAll(List.of(1, "failed", 9)), String.valueOf(seen));
          }
        }
      }
      RemoteException unchecked = assertThrows(RemoteException.class,
          () -> pool.map(List.of("input zero", "input one"), (w, s) -> w.failUnchecked(s)));
      assertTrue(unchecked.getMessage().contains("input zero"), unchecked.getMessage());
    }
  }

  /**
   * A callback may stop the pool — Python's "terminate on the first error" from an error_callback:
   * terminate() (and close()) called on the pool's callback thread returns instead of waiting for
   * that very thread to end.
   */
  @Test
  @Timeout(120)
  void aCallbackCanTerminateOrCloseThePool() throws Exception {
    for (boolean close : new boolean[] {false, true}) {
      WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class)
          .workers(1).jvm(b -> b.jvmOptions(JVM_OPTIONS)).start();
      CompletableFuture<Void> stopped = new CompletableFuture<>();
      pool.submit(w -> w.failUnchecked("stop now"), r -> { }, e -> {
        try {
          if (close) {
            pool.close();
          } else {
            pool.terminate();
          }
          stopped.complete(null);
        } catch (Throwable t) {
          stopped.completeExceptionally(t);
        }
      });
      stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThrows(RejectedExecutionException.class, () -> pool.submit(w -> w.square(1)));
      pool.terminate(); // from this thread: waits for the workers
      assertEquals(List.of(), pool.workerPids());
    }
  }

  /** The handle table: "a proxy from client.shared(T.class, …) (or withTimeout)" reaches a child. */
  @Test
  @Timeout(120)
  void aProxyWithATimeoutIsAHandleToo() throws Exception {
    io.typedipc.AuthKey key = io.typedipc.AuthKey.generate();
    try (io.typedipc.Manager manager = io.typedipc.Manager.builder().address(0).authKey(key)
            .share(TestService.class, "counter", new io.typedipc.it.TestServiceImpl()).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      TestService counter = client.withTimeout(client.shared(TestService.class, "counter"), java.time.Duration.ofSeconds(30));
      ChildProcess child = ChildProcess.builder(Entries.Increment.class).jvmOptions(JVM_OPTIONS)
          .args("3").handle("counter", counter).captureOutput().start();
      assertEquals(0, child.join(), child.output());
      assertEquals(3, counter.get());
    }
  }

  /** "shutdown() + join() are Python's close() + join()". */
  @Test
  @Timeout(120)
  void shutdownRunsTheQueuedTasksRefusesNewOnesAndJoinWaitsForTheWorkersToExit() throws Exception {
    Set<Long> before = ProcessTesting.descendants();
    WorkerPool<PoolTasks> pool = WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class)
        .workers(1).jvm(b -> b.jvmOptions(JVM_OPTIONS)).start();
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      futures.add(pool.submit(w -> w.slowSquare(n, 100)));
    }
    pool.shutdown();
    assertThrows(RejectedExecutionException.class, () -> pool.submit(w -> w.square(1)));
    pool.join();
    for (int i = 0; i < futures.size(); i++) {
      assertTrue(futures.get(i).isDone());
      assertEquals(i * i, futures.get(i).get());
    }
    assertEquals(List.of(), pool.workerPids());
    ProcessTesting.assertNoNewDescendants(before);
  }

  /**
   * "ManagerProcess.close() shuts the Manager down cleanly — its calls finish and its clients get
   * the shutdown notice, as with Manager.close() — and the Manager JVM exits with status 0."
   */
  @Test
  @Timeout(120)
  void closingAManagerProcessFinishesItsCallsAndItsClientsGetTheShutdownNotice() throws Exception {
    ManagerProcess managerProcess = ManagerProcess.builder(Entries.Shares.class).jvm(b -> b.jvmOptions(JVM_OPTIONS)).start();
    try (ManagerClient other = ManagerClient.connect(managerProcess.host(), managerProcess.port(), managerProcess.authKey())) {
      TestService service = other.shared(TestService.class, "service");
      CompletableFuture<String> running = service.later(1_000, "finished");
      assertEquals("read", service.echo("read")); // same connection, read in order: later() is parked now
      managerProcess.close();
      assertEquals("finished", running.get(30, TimeUnit.SECONDS));
      assertThrows(ManagerClosedException.class, () -> service.echo("after close"));
    } finally {
      managerProcess.close();
    }
    assertEquals(0, managerProcess.process().join());
  }

  private static void awaitWorkers(WorkerPool<?> pool, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (pool.workerPids().size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + pool.workerPids() + " of " + count + " workers started within " + WAIT);
      }
      Thread.sleep(20);
    }
  }
}
