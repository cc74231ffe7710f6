package io.typedipc.process;

import static io.typedipc.process.ProcessTesting.JVM_OPTIONS;
import static io.typedipc.process.ProcessTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.RemoteException;
import io.typedipc.it.OutOfStockException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's {@code imap}, {@code map_async}, {@code apply_async(error_callback=…)} and {@code
 * chunksize}, across worker JVMs, including a worker dying in the middle of a chunk.
 */
@Timeout(180)
class WorkerPoolMapsTest {

  private static WorkerPool.Builder<PoolTasks> pool() {
    return WorkerPool.builder(PoolTasks.class, PoolTasksImpl.class)
        .jvm(b -> b.jvmOptions(JVM_OPTIONS).outputPrefix("[worker] "));
  }

  private static List<Integer> squares(List<Integer> inputs) {
    return inputs.stream().map(i -> i * i).collect(Collectors.toList());
  }

  @Test
  void imapYieldsInInputOrderReadsInputsLazilyAndGoesOnPastAFailure() throws Exception {
    try (WorkerPool<PoolTasks> pool = pool().workers(2).start()) {
      // the first input finishes last: imap still yields it first
      List<Integer> inputs = IntStream.rangeClosed(1, 8).boxed().collect(Collectors.toList());
      try (Stream<Integer> results = pool.imap(inputs, (w, i) -> w.slowSquare(i, i == 1 ? 1_500 : 0))) {
        assertEquals(squares(inputs), results.collect(Collectors.toList()));
      }

      // an endless input: read only as far as needed, at most 2 × workers ahead
      AtomicInteger read = new AtomicInteger();
      Iterable<Integer> endless = () -> new Iterator<>() {
        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public Integer next() {
          return read.incrementAndGet();
        }
      };
      try (Stream<Integer> results = pool.imap(endless, PoolTasks::square)) {
        assertEquals(List.of(1, 4, 9, 16, 25), results.limit(5).collect(Collectors.toList()));
      }
      assertTrue(read.get() <= 5 + 2 * 2, "read " + read.get() + " inputs for 5 results");

      // in chunks of 3: at most 2 × 2 workers chunks (12 inputs) queued and not yet returned, also
      // once results were taken one by one (a whole chunk is read only when it fits)
      read.set(0);
      try (Stream<Integer> results = pool.imap(endless, 3, PoolTasks::square)) {
        Iterator<Integer> it = results.iterator();
        for (int returned = 1; returned <= 7; returned++) {
          assertEquals(returned * returned, it.next());
          assertTrue(read.get() - returned <= 12, read.get() + " inputs read for " + returned + " results");
        }
      }

      // a failed input throws where it is; the iterator goes on to the next
      try (Stream<Integer> results =
          pool.imap(List.of("1", "bad", "3"), (w, s) -> s.equals("bad") ? w.failUnchecked(s) : w.square(Integer.parseInt(s)))) {
        Iterator<Integer> it = results.iterator();
        assertEquals(1, it.next());
        RemoteException failed = assertThrows(RemoteException.class, it::next);
        assertTrue(failed.getMessage().contains("bad"), failed.getMessage());
        assertTrue(it.hasNext());
        assertEquals(9, it.next());
        assertFalse(it.hasNext());
      }
    }
  }

  @Test
  void closingAnImapStreamCancelsTheInputsNotStarted() {
    try (WorkerPool<PoolTasks> pool = pool().workers(1).start()) {
      List<Integer> inputs = IntStream.rangeClosed(1, 20).boxed().collect(Collectors.toList());
      // chunks of 5, 2 × 1 worker chunks ahead: 10 inputs queued when the first result arrives
      try (Stream<Integer> results = pool.imap(inputs, 5, (w, i) -> w.slowSquare(i, 300))) {
        assertEquals(1, results.iterator().next());
      }
      // the first ran, the second may have started meanwhile (a third on a very slow machine);
      // without the cancel all 10 would run
      int ran = pool.map(List.of(0), (w, i) -> w.slowCalls()).get(0);
      assertTrue(ran >= 1 && ran <= 3, "ran " + ran + " of 20 inputs after the stream was closed");
    }
  }

  @Test
  void mapAsyncCompletesWithTheResultsInOrderOrTheFirstFailureInInputOrder() throws Exception {
    try (WorkerPool<PoolTasks> pool = pool().workers(2).start()) {
      List<Integer> inputs = IntStream.rangeClosed(1, 25).boxed().collect(Collectors.toList());
      CompletableFuture<List<Integer>> all = pool.mapAsync(inputs, 4, PoolTasks::square);
      assertEquals(squares(inputs), all.get(WAIT.toSeconds(), TimeUnit.SECONDS));

      // "late" fails last in time but first in input order
      CompletableFuture<List<Integer>> failing = pool.mapAsync(List.of("ok", "late", "early"),
          (w, s) -> s.equals("ok") ? 1 : s.equals("late") ? fail(w, s, 1_000) : fail(w, s, 0));
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> failing.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      RemoteException first = assertInstanceOf(RemoteException.class, e.getCause());
      assertTrue(first.getMessage().contains("late"), first.getMessage());
    }
  }

  @Test
  void cancellingAMapAsyncCancelsTheInputsNotStarted() throws Exception {
    try (WorkerPool<PoolTasks> pool = pool().workers(1).start()) {
      List<Integer> inputs = IntStream.rangeClosed(1, 10).boxed().collect(Collectors.toList());
      CompletableFuture<Integer> first = pool.submit(w -> w.slowSquare(1, 300));
      CompletableFuture<List<Integer>> rest = pool.mapAsync(inputs, (w, i) -> w.slowSquare(i, 300));
      assertEquals(1, first.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertTrue(rest.cancel(false));
      // the first, and the map's first input if it started meanwhile (a second on a very slow
      // machine); without the cancel all 11 would run
      int ran = pool.map(List.of(0), (w, i) -> w.slowCalls()).get(0);
      assertTrue(ran >= 1 && ran <= 3, "ran " + ran + " of 11 tasks after the map was cancelled");
    }
  }

  @Test
  void terminateGivesTheErrorCallbackACancellation() throws Exception {
    WorkerPool<PoolTasks> pool = pool().workers(1).start();
    AtomicReference<Object> outcome = new AtomicReference<>();
    pool.submit(w -> w.slowSquare(2, 60_000), r -> outcome.set("callback " + r), outcome::set);
    pool.terminate();
    awaitSet(outcome);
    assertInstanceOf(java.util.concurrent.CancellationException.class, outcome.get());
  }

  private static int fail(PoolTasks w, String message, long afterMillis) {
    w.slowSquare(0, afterMillis);
    return w.failUnchecked(message);
  }

  @Test
  void theErrorCallbackGetsTheFailureItselfAndTheCallbackTheResult() throws Exception {
    try (WorkerPool<PoolTasks> pool = pool().workers(1).start()) {
      AtomicReference<Object> outcome = new AtomicReference<>();
      CompletableFuture<Integer> failed = pool.submit(w -> w.reserve(50),
          r -> outcome.set("callback " + r), outcome::set);
      assertThrows(ExecutionException.class, () -> failed.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      awaitSet(outcome);
      OutOfStockException e = assertInstanceOf(OutOfStockException.class, outcome.get());
      assertEquals(10, e.available());

      AtomicReference<Object> ok = new AtomicReference<>();
      assertEquals(7, pool.submit(w -> w.reserve(3), r -> ok.set("callback " + r), ok::set)
          .get(WAIT.toSeconds(), TimeUnit.SECONDS));
      awaitSet(ok);
      assertEquals("callback 7", ok.get());
    }
  }

  /** The callbacks run on the pool's result thread, possibly after the future's waiters wake. */
  private static void awaitSet(AtomicReference<Object> ref) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (ref.get() == null) {
      assertTrue(System.nanoTime() < deadline, "no callback ran within " + WAIT);
      Thread.sleep(5);
    }
  }

  /** Every map of no inputs has no results, at once; a chunk larger than the inputs is one chunk. */
  @Test
  void emptyInputsAndChunksLargerThanTheInputs() throws Exception {
    try (WorkerPool<PoolTasks> pool = pool().workers(1).start()) {
      assertEquals(List.of(), pool.map(List.<Integer>of(), PoolTasks::square));
      assertEquals(List.of(), pool.map(List.<Integer>of(), 5, PoolTasks::square));
      assertEquals(List.of(), pool.mapAsync(List.<Integer>of(), PoolTasks::square).get(30, TimeUnit.SECONDS));
      try (Stream<Integer> none = pool.imap(List.<Integer>of(), PoolTasks::square)) {
        assertEquals(List.of(), none.collect(Collectors.toList()));
      }
      try (Stream<Integer> none = pool.mapUnordered(List.<Integer>of(), PoolTasks::square)) {
        assertEquals(List.of(), none.collect(Collectors.toList()));
      }
      assertEquals(squares(List.of(1, 2, 3)), pool.map(List.of(1, 2, 3), 100, PoolTasks::square));
      assertEquals(squares(List.of(4, 5)), pool.mapAsync(List.of(4, 5), 100, PoolTasks::square).get(60, TimeUnit.SECONDS));
    }
  }

  @Test
  void aChunkRunsOnOneWorkerAndEachInputKeepsItsOwnOutcome() {
    try (WorkerPool<PoolTasks> pool = pool().workers(2).start()) {
      List<Long> pids = pool.map(List.of(1, 2, 3, 4, 5, 6, 7, 8), 4, (w, i) -> w.pid());
      assertEquals(1, pids.subList(0, 4).stream().distinct().count(), pids.toString());
      assertEquals(1, pids.subList(4, 8).stream().distinct().count(), pids.toString());

      // a failing input in the middle of a chunk fails alone
      List<Object> outcomes = new ArrayList<>();
      try (Stream<Integer> results = pool.imap(List.of(1, 2, 3, 4, 5, 6), 3,
          (w, i) -> i == 2 ? w.failUnchecked("input " + i) : w.square(i))) {
        Iterator<Integer> it = results.iterator();
        for (int n = 0; n < 6; n++) {
          try {
            outcomes.add(it.next());
          } catch (RemoteException e) {
            outcomes.add("failed");
          }
        }
      }
      assertEquals(List.of(1, "failed", 9, 16, 25, 36), outcomes);
      assertEquals(squares(List.of(1, 2, 3)), pool.mapUnordered(List.of(1, 2, 3), 2, PoolTasks::square)
          .sorted().collect(Collectors.toList()));
      assertThrows(IllegalArgumentException.class, () -> pool.map(List.of(1), 0, PoolTasks::square));
    }
  }

  /**
   * Python's {@code imap_unordered} (the README's {@code mapUnordered}): results come as they
   * complete — an input that takes long comes last, while the other worker runs the rest — and a
   * failed input throws where it completes, the stream going on past it.
   */
  @Test
  void mapUnorderedYieldsResultsInCompletionOrderAndGoesOnPastAFailure() {
    try (WorkerPool<PoolTasks> pool = pool().workers(2).start()) {
      try (Stream<Integer> results = pool.mapUnordered(List.of(1, 2, 3, 4), (w, i) -> w.slowSquare(i, i == 1 ? 5_000 : 0))) {
        List<Integer> got = results.collect(Collectors.toList());
        assertEquals(List.of(1, 4, 9, 16), got.stream().sorted().collect(Collectors.toList()), got.toString());
        assertEquals(1, got.get(3), "the slow first input completes last: " + got);
      }
      List<Object> outcomes = new ArrayList<>();
      try (Stream<Integer> results = pool.mapUnordered(List.of("1", "bad", "3"),
          (w, s) -> s.equals("bad") ? w.failUnchecked(s) : w.square(Integer.parseInt(s)))) {
        Iterator<Integer> it = results.iterator();
        for (int n = 0; n < 3; n++) {
          try {
            outcomes.add(it.next());
          } catch (RemoteException e) {
            assertTrue(e.getMessage().contains("bad"), e.getMessage());
            outcomes.add("failed");
          }
        }
        assertFalse(it.hasNext());
      }
      assertEquals(3, outcomes.size());
      assertTrue(outcomes.containsAll(List.of(1, "failed", 9)), outcomes.toString());
    }
  }

  @Test
  void aChunkCountsAsOneTaskForRecycling() {
    try (WorkerPool<PoolTasks> pool = pool().workers(1).maxTasksPerWorker(1).start()) {
      List<Long> pids = pool.map(List.of(1, 2, 3, 4), 2, (w, i) -> w.pid());
      assertEquals(pids.get(0), pids.get(1), pids.toString());
      assertEquals(pids.get(2), pids.get(3), pids.toString());
      assertNotEquals(pids.get(0), pids.get(2), pids.toString());
    }
  }

  @Test
  void aWorkerDyingMidChunkFailsOnlyTheInputItWasRunning(@TempDir Path dir) {
    String marker = dir.resolve("crashed").toString();
    try (WorkerPool<PoolTasks> pool = pool().workers(1).start()) {
      List<Object> outcomes = new ArrayList<>();
      try (Stream<Long> results = pool.imap(List.of(1, 2, 3, -1, 5, 6), 6,
          (w, i) -> i < 0 ? (long) w.crashOnce(marker) : w.pid())) {
        Iterator<Long> it = results.iterator();
        for (int n = 0; n < 6; n++) {
          try {
            outcomes.add(it.next());
          } catch (WorkerDiedException e) {
            outcomes.add(e);
          }
        }
      }
      long first = (Long) outcomes.get(0);
      assertEquals(List.of(first, first), outcomes.subList(1, 3), outcomes.toString());
      WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, outcomes.get(3));
      assertEquals(first, died.workerPid());
      long second = (Long) outcomes.get(4);
      assertNotEquals(first, second);
      assertEquals(second, outcomes.get(5));
    }
  }

  @Test
  void withRetriesTheInputAWorkerDiedUnderRunsAgainAndTheChunkGoesOn(@TempDir Path dir) throws Exception {
    String marker = dir.resolve("crashed").toString();
    try (WorkerPool<PoolTasks> pool = pool().workers(1).retries(1).start()) {
      List<Long> results = pool.mapAsync(List.of(1, 2, -1, 4), 4,
              (w, i) -> i < 0 ? (long) w.crashOnce(marker) : w.pid())
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(results.get(0), results.get(1), results.toString());
      assertEquals(42L, results.get(2));
      assertNotEquals(results.get(0), results.get(3), results.toString());
    }
  }
}
