package io.typedipc.example.manager;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedMap;
import io.typedipc.example.Options;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ChildProcess;
import io.typedipc.process.ProcessEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * A dict and a list shared by ten worker JVMs — the seeds' Manager example:
 *
 * <pre>
 * def f(d, l):
 *     d[os.getpid()] = os.getpid()
 *     l.append(os.getpid())
 *     print(l)
 *
 * with Manager() as manager:
 *     d = manager.dict()
 *     l = manager.list(range(5))
 *     for i in range(10): Process(target=f, args=(d, l)).start()  # ... join()
 *     print(d); print(l)
 * </pre>
 *
 * <p>The parent hands each worker the dict and the list as {@code args=(d, l)}: {@code
 * .handles(d, l)}; the worker ({@link F}) gets its own proxies for the same objects with {@code
 * ctx.handle(0, …)} and {@code ctx.handle(1, …)}, with no address or key of its own.
 *
 * <p>"Do I need a lock here?" No: each call to a shared object runs in the Manager while no other
 * call to it runs, so ten workers writing at once lose nothing. The parent checks that: ten
 * entries, one per worker, and the five initial elements followed by one pid per worker.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=manager.DictAndList} (options:
 * {@code -Dexample.args="--workers 10"}). Exits 0 when every check passes.
 */
public final class DictAndList {
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(120);

  private DictAndList() {}

  /** Python's {@code f(d, l)}, in each worker JVM. */
  public static final class F implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      SharedMap<Long, Long> d = ctx.handle(0, SharedMap.class);
      SharedList<Long> l = ctx.handle(1, SharedList.class);
      long pid = ProcessHandle.current().pid();
      d.put(pid, pid);                                             // d[os.getpid()] = os.getpid()
      l.add(pid);                                                  // l.append(os.getpid())
      System.out.println(l.toList());                              // print(l)
    }
  }

  public static void main(String[] args) throws Exception {
    int workers = Options.parse(args, Set.of("workers")).positiveInt("workers", 10);
    AuthKey key = AuthKey.generate();
    boolean ok;
    try (Manager manager = Manager.builder().address(0).authKey(key).start();          // with Manager() as manager
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedMap<Long, Long> d = client.map("d");                                         // d = manager.dict()
      SharedList<Long> l = client.list("l");                                             // l = manager.list(range(5))
      l.addAll(LongStream.range(0, 5).boxed().toList());
      List<ChildProcess> processes = new ArrayList<>();
      for (int i = 0; i < workers; i++) {                                                // Process(target=f, args=(d, l)).start()
        processes.add(ChildProcess.builder(F.class).handles(d, l).outputPrefix("[worker-" + i + "] ").start());
      }
      boolean workersOk = true;
      Instant deadline = Instant.now().plus(JOIN_TIMEOUT);
      for (ChildProcess p : processes) {                                                 // p.join()
        if (!p.join(Duration.between(Instant.now(), deadline))) {
          p.kill();
          System.out.println("a worker did not finish in time and was killed");
        }
        workersOk &= p.join() == 0;
      }

      Map<Long, Long> dict = d.asMap();
      List<Long> list = l.toList();
      System.out.println("d = " + dict);                                                // print(d)
      System.out.println("l = " + list);                                                // print(l)
      ok = check(workers, workersOk, dict, list);
    }
    System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
    System.exit(ok ? 0 : 1);
  }

  /** Ten entries, one per worker, and the five initial elements followed by one pid per worker. */
  private static boolean check(int workers, boolean workersOk, Map<Long, Long> dict, List<Long> list) {
    List<String> failures = new ArrayList<>();
    if (!workersOk) {
      failures.add("a worker failed");
    }
    if (dict.size() != workers) {
      failures.add("d has " + dict.size() + " entries, expected " + workers);
    }
    dict.forEach((k, v) -> {
      if (!k.equals(v)) {
        failures.add("d[" + k + "] = " + v);
      }
    });
    List<Long> expectedStart = List.of(0L, 1L, 2L, 3L, 4L);
    if (list.size() != 5 + workers || !list.subList(0, 5).equals(expectedStart)) {
      failures.add("l should be [0, 1, 2, 3, 4] followed by " + workers + " pids");
    } else if (!new HashSet<>(list.subList(5, list.size())).equals(dict.keySet())) {
      failures.add("the pids in l are not the keys of d");
    }
    failures.forEach(f -> System.out.println("FAIL  " + f));
    System.out.println(failures.isEmpty()
        ? "PASS  " + workers + " workers: " + workers + " entries in d, " + (5 + workers) + " elements in l, nothing lost"
        : "FAIL  see above");
    return failures.isEmpty();
  }
}
