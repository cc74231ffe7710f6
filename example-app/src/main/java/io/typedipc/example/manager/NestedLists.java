package io.typedipc.example.manager;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedMap;
import java.util.List;
import java.util.Map;
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
 * d.get("k").add(x)} changes the list everyone sees.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=manager.NestedLists} (options:
 * {@code -Dexample.args="--workers 4"}). Exits 0 when every append arrived.
 */
public final class NestedLists {
  private static final int APPENDS = 100;

  private NestedLists() {}

  /** The parent, or with {@code --worker <port> <index>} one worker. */
  public static void main(String[] arguments) throws Exception {
    String[] args = WorkerJvms.words(arguments);
    if (args.length >= 3 && args[0].equals("--worker")) {
      worker(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      return;
    }
    int workers = args.length >= 2 && args[0].equals("--workers") ? Integer.parseInt(args[1]) : 4;
    AuthKey key = AuthKey.generate();
    boolean ok;
    try (Manager manager = Manager.builder().address(0).authKey(key).map("d").start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedMap<String, SharedList<Integer>> d = client.map("d");
      d.put("evens", client.list("evens"));  // the map holds the lists themselves, not copies
      d.put("odds", client.list("odds"));
      WorkerJvms processes = new WorkerJvms();
      for (int i = 0; i < workers; i++) {
        processes.start("worker-" + i, NestedLists.class, key, "--worker", Integer.toString(manager.port()), Integer.toString(i));
      }
      boolean joined = processes.joinAll(120);
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

  private static void worker(int port, int index) {
    try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, WorkerJvms.key())) {
      SharedMap<String, SharedList<Integer>> d = client.map("d");
      for (int i = 0; i < APPENDS; i++) {
        int x = index * APPENDS + i;
        d.get(x % 2 == 0 ? "evens" : "odds").add(x);  // a proxy for the list in the Manager
      }
      List<Integer> evens = d.get("evens").toList();
      System.out.println("appended " + APPENDS + "; evens now holds " + evens.size());
    }
  }
}
