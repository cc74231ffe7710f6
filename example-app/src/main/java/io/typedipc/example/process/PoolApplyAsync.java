package io.typedipc.example.process;

import io.typedipc.process.WorkerPool;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A pool of two worker JVMs with {@code apply_async} and a callback, then {@code map} and {@code
 * imap} — the seed:
 *
 * <pre>{@code
 * pl = Pool(processes=2)
 * for i in range(10):
 *     pl.apply_async(func=run, args=(i,), callback=backDef)
 * pl.close()
 * pl.join()
 * }</pre>
 *
 * <p>{@code submit} returns a {@code CompletableFuture} at once; the callback runs in this (the
 * master) process when the result arrives, as in Python. {@code close()} is Python's {@code
 * close()} plus {@code join()}: it waits for the work and stops both worker JVMs.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=process.PoolApplyAsync}
 */
public final class PoolApplyAsync {
  private PoolApplyAsync() {}

  public static void main(String[] args) {
    long master = ProcessHandle.current().pid();
    System.out.println("Print master processes PID: " + master);
    Set<Long> callbackPids = ConcurrentHashMap.newKeySet();
    Set<String> results = ConcurrentHashMap.newKeySet();
    List<Integer> squares;
    List<Integer> imapped;
    try (WorkerPool<NumberTask> pool = WorkerPool.builder(NumberTask.class, NumberTaskImpl.class).workers(2).start()) {
      for (int i = 0; i < 10; i++) {
        int n = i;
        pool.submit(w -> w.run(n), result -> {                        // apply_async(run, (i,), callback=backDef)
          System.out.println("CallBack Def: " + result + ", callback pid " + ProcessHandle.current().pid());
          callbackPids.add(ProcessHandle.current().pid());
          results.add(result);
        });
      }
      System.out.println("Test finish");                               // printed before the work is done
      squares = pool.map(IntStream.range(0, 10).boxed().collect(Collectors.toList()), NumberTask::square);
      System.out.println("map(square, range(10)) = " + squares);
      try (Stream<Integer> lazily = pool.imap(IntStream.range(0, 10)::iterator, 3, NumberTask::square)) {
        imapped = lazily.collect(Collectors.toList());             // imap(square, range(10), chunksize=3)
      }
      System.out.println("imap(square, range(10), chunksize=3) = " + imapped);
    }                                                                  // pl.close(); pl.join()
    List<Integer> expected = IntStream.range(0, 10).map(n -> n * n).boxed().collect(Collectors.toList());
    boolean pass = results.size() == 10 && callbackPids.equals(Set.of(master))
        && squares.equals(expected) && imapped.equals(expected);
    System.out.println("RESULT: " + (pass ? "PASS" : "FAIL") + "  " + results.size()
        + " callbacks ran in the master process, map returned " + squares.size() + " squares in input order");
    System.exit(pass ? 0 : 1);
  }
}
