package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.Merge;
import io.typedipc.builtin.SharedIntArray;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedValue;

/**
 * A worker JVM for {@link ContainersAcrossJvmsTest}: {@code times} rounds of atomic updates to the
 * built-in containers, plus appends to a list it reaches through a map (a nested proxy) and to a
 * list the parent passed to it by being in the map.
 */
public final class ContainersClientMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    int port = Integer.parseInt(args[0]);
    int times = Integer.parseInt(args[1]);
    int index = Integer.parseInt(args[2]);
    try (ManagerClient client = TestTransport.connect(port, AuthKey.fromEnvironment(ChildJvm.KEY_ENV))) {
      SharedMap<String, Long> counts = client.map("counts");
      SharedValue<Long> total = client.value("total", 0L);
      SharedIntArray slots = client.intArray("slots", 8);
      SharedMap<String, SharedList<Integer>> lists = client.map("lists");
      for (int i = 0; i < times; i++) {
        counts.merge("hits", 1L, Merge.SUM);
        total.addAndGet(1L);
        slots.addAndGet(i % 8, 1);
        lists.get("nested").add(index * 1_000_000 + i); // a proxy for the list in the Manager
      }
      // a list this child creates and puts in the map: the parent sees it through the map
      SharedList<Integer> own = client.list("own-" + index);
      own.add(index);
      lists.put("own-" + index, own);
    }
    System.out.println("DONE " + times);
  }
}
