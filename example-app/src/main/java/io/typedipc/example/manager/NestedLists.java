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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A dict of lists, appended to through the dict from worker JVMs — without Python's
 * nested-mutation trap. In Python,
 *
 * <pre>
 * d = manager.dict(); d['k'] = []
 * d['k'].append(x)     # appends to a copy: d['k'] is still []
 * </pre>
 *
 * because {@code d['k']} returns a copy of the list. In typedipc a shared list stored in a shared
 * map stays in the Manager, and {@code d.get("k")} returns a proxy for it, so {@code
 * d.get("k").add(x)} changes the list everyone sees. Each worker ({@link Append}) is handed only
 * the dict, as {@code Process(target=append, args=(d,))}, and reaches the lists through it.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=manager.NestedLists} (options:
 * {@code -Dexample.args="--workers 4"}). Exits 0 when every append arrived.
 */
public final class NestedLists {
  private static final int APPENDS = 100;
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(120);

  private NestedLists() {}

  /** One worker: appends {@value #APPENDS} numbers through the dict; its index is its argument. */
  public static final class Append implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      SharedMap<String, SharedList<Integer>> d = ctx.handle(0, SharedMap.class);
      int index = Integer.parseInt(ctx.args().get(0));
      for (int i = 0; i < APPENDS; i++) {
        int x = index * APPENDS + i;
        d.get(x % 2 == 0 ? "evens" : "odds").add(x);  // a proxy for the list in the Manager
      }
      List<Integer> evens = d.get("evens").toList();
      System.out.println("appended " + APPENDS + "; evens now holds " + evens.size());
    }
  }

  public static void main(String[] args) throws Exception {
    int workers = Options.parse(args, Set.of("workers")).positiveInt("workers", 4);
    AuthKey key = AuthKey.generate();
    boolean ok;
    try (Manager manager = Manager.builder().address(0).authKey(key).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedMap<String, SharedList<Integer>> d = client.map("d");
      d.put("evens", client.list("evens"));  // the map holds the lists themselves, not copies
      d.put("odds", client.list("odds"));
      List<ChildProcess> processes = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        processes.add(ChildProcess.builder(Append.class).handles(d).args(Integer.toString(i))
            .outputPrefix("[worker-" + i + "] ").start());
      }
      boolean joined = true;
      Instant deadline = Instant.now().plus(JOIN_TIMEOUT);
      for (ChildProcess p : processes) {
        if (!p.join(Duration.between(Instant.now(), deadline))) {
          p.kill();
          System.out.println("a worker did not finish in time and was killed");
        }
        joined &= p.join() == 0;
      }
      Map<String, Integer> sizes = new TreeMap<>();
      d.asMap().forEach((k, list) -> sizes.put(k, list.size()));  // asMap(): a copy holding proxies
      System.out.println("sizes of the lists in d: " + sizes);
      int expected = workers * APPENDS / 2;
      ok = joined && sizes.equals(Map.of("evens", expected, "odds", expected));
      System.out.println(ok
          ? "PASS  d.get(k).add(x) from " + workers + " JVMs: all " + workers * APPENDS + " appends are in the Manager's lists"
          : "FAIL  expected " + expected + " elements in each list");
    }
    System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
    System.exit(ok ? 0 : 1);
  }
}
