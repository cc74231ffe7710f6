package io.typedipc.example.process;

import io.typedipc.Manager;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedMap;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ChildProcess;
import io.typedipc.process.ManagerInitializer;
import io.typedipc.process.ManagerProcess;
import io.typedipc.process.ProcessEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Five child processes given a shared dict and a shared list — the seed:
 *
 * <pre>{@code
 * def run(dt, lt):
 *     dt["name"] = "sober"
 *     dt["workdata"] = "2018-05-09"
 *     lt.append(os.getpid())
 *
 * with Manager() as mng:
 *     dt = mng.dict(); lt = mng.list()
 *     for i in range(5):
 *         p = Process(target=run, args=(dt, lt)); p.start()
 *     ... join ...
 *     print(dt); print(lt)
 * }</pre>
 *
 * <p>{@code Manager()} starts a server process: here {@link ManagerProcess} starts a Manager JVM
 * holding the built-in dict and list ({@code SharedMap}, {@code SharedList}). The parent hands the
 * children the objects it got, positionally as in {@code args=(dt, lt)}; each child gets its own
 * typed proxies with no address, key or wiring of its own.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=process.ProcessWithSharedObjects}
 */
public final class ProcessWithSharedObjects {
  private static final int CHILDREN = 5;

  private ProcessWithSharedObjects() {}

  /** Runs in the Manager JVM: creates the dict and the list at start. */
  public static final class Shares implements ManagerInitializer {
    @Override
    public void initialize(Manager.Builder builder) {
      builder.map("dt").list("lt");
    }
  }

  /** Python's {@code run(dt, lt)}, in each child JVM. */
  public static final class Run implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      SharedMap<String, String> dt = ctx.handle(0, SharedMap.class);
      SharedList<Long> lt = ctx.handle(1, SharedList.class);
      dt.put("name", "sober");                                                 // dt["name"] = "sober"
      dt.put("workdata", "2018-05-09");
      lt.add(ProcessHandle.current().pid());                                   // lt.append(os.getpid())
      System.out.println("lt = " + lt.toList());                               // print(lt)
    }
  }

  public static void main(String[] args) throws Exception {
    try (ManagerProcess mng = ManagerProcess.start(Shares.class)) {          // with Manager() as mng
      SharedMap<String, String> dt = mng.client().map("dt");                 // dt = mng.dict()
      SharedList<Long> lt = mng.client().list("lt");                         // lt = mng.list()
      List<ChildProcess> plist = new ArrayList<>();
      for (int i = 0; i < CHILDREN; i++) {
        plist.add(ChildProcess.builder(Run.class).handles(dt, lt).outputPrefix("  [child " + i + "] ").start());
      }
      List<Long> childPids = new ArrayList<>();
      int failed = 0;
      for (ChildProcess p : plist) {
        failed += p.join() == 0 ? 0 : 1;                                      // p.join()
        childPids.add(p.pid());
      }
      Map<String, String> items = new TreeMap<>(dt.asMap());
      List<Long> pids = lt.toList();
      System.out.println("dt = " + items);                                   // print(dt)
      System.out.println("lt = " + pids);                                    // print(lt)
      boolean pass = failed == 0 && "sober".equals(items.get("name")) && "2018-05-09".equals(items.get("workdata"))
          && pids.size() == CHILDREN && new HashSet<>(pids).equals(new HashSet<>(childPids));
      System.out.println("RESULT: " + (pass ? "PASS" : "FAIL") + "  " + CHILDREN + " child JVMs wrote to the dict and appended their "
          + pids.size() + " pids to the list of a Manager JVM; the parent sees every update");
      if (!pass) {
        System.exit(1);
      }
    }
  }
}
