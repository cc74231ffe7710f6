package io.typedipc.example.manager;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * <p>"Do I need a lock here?" No: each call to a shared object runs in the Manager while no other
 * call to it runs, so ten workers writing at once lose nothing. The parent checks that: ten
 * entries, one per worker, and the five initial elements followed by one pid per worker.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=manager.DictAndList} (options:
 * {@code -Dexample.args="--workers 10"}). Exits 0 when every check passes.
 */
public final class DictAndList {
  private DictAndList() {}

  /** The parent, or with {@code --worker <port>} one worker. */
  public static void main(String[] arguments) throws Exception {
    String[] args = WorkerJvms.words(arguments);
    if (args.length >= 2 && args[0].equals("--worker")) {
      worker(Integer.parseInt(args[1]));
      return;
    }
    int workers = args.length >= 2 && args[0].equals("--workers") ? Integer.parseInt(args[1]) : 10;
    boolean ok = parent(workers);
    System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
    System.exit(ok ? 0 : 1);
  }

  private static boolean parent(int workers) throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder()
            .address(0)
            .authKey(key)
            .map("d")                                                  // manager.dict()
            .list("l", LongStream.range(0, 5).boxed().toList())        // manager.list(range(5))
            .start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      WorkerJvms processes = new WorkerJvms();
      for (int i = 0; i < workers; i++) {
        processes.start("worker-" + i, DictAndList.class, key, "--worker", Integer.toString(manager.port()));
      }
      boolean workersOk = processes.joinAll(120);

      SharedMap<Long, Long> d = client.map("d");
      SharedList<Long> l = client.list("l");
      Map<Long, Long> dict = d.asMap();
      List<Long> list = l.toList();
      System.out.println("d = " + dict);
      System.out.println("l = " + list);

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

  /** {@code f(d, l)}: the worker's part. */
  private static void worker(int port) {
    long pid = ProcessHandle.current().pid();
    try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, WorkerJvms.key())) {
      SharedMap<Long, Long> d = client.map("d");
      SharedList<Long> l = client.list("l");
      d.put(pid, pid);
      l.add(pid);
      System.out.println(l.toList());
    }
  }
}
