package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedIntArray;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The lost-update check across JVMs: N worker JVMs × M atomic updates of a map entry ({@code
 * merge}), a value ({@code addAndGet}) and array slots ({@code addAndGet}) give exact totals; and
 * a list reached through a map from other JVMs ({@code map.get(k).add(x)}) receives every append.
 */
class ContainersAcrossJvmsTest {
  private static final int CHILDREN = 4;
  private static final int TIMES = 1_000;

  @Test
  void atomicUpdatesFromSeveralJvmsLoseNothingAndNestedListsStayShared() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key)
            .map("counts").value("total", 0L).intArray("slots", 8).map("lists").list("nested").start();
        ManagerClient client = TestTransport.connect(manager.port(), key)) {
      SharedMap<String, SharedList<Integer>> lists = client.map("lists");
      lists.put("nested", client.list("nested"));

      List<ChildJvm> children = new ArrayList<>();
      try {
        for (int i = 0; i < CHILDREN; i++) {
          children.add(ChildJvm.start(ContainersClientMain.class, key,
              Integer.toString(manager.port()), Integer.toString(TIMES), Integer.toString(i)));
        }
        for (ChildJvm child : children) {
          assertEquals(0, child.waitFor(Duration.ofSeconds(120)), child.output());
        }
      } finally {
        children.forEach(ChildJvm::close);
      }

      int expected = CHILDREN * TIMES;
      SharedMap<String, Long> counts = client.map("counts");
      assertEquals(Long.valueOf(expected), counts.get("hits"));
      SharedValue<Long> total = client.value("total", 0L);
      assertEquals(Long.valueOf(expected), total.get());
      SharedIntArray slots = client.intArray("slots", 8);
      int[] all = slots.toArray();
      for (int slot : all) {
        assertEquals(expected / 8, slot);
      }

      List<Integer> nested = client.<Integer>list("nested").toList();
      assertEquals(expected, nested.size());
      Set<Integer> distinct = new HashSet<>(nested);
      assertEquals(expected, distinct.size());
      for (int c = 0; c < CHILDREN; c++) {
        assertEquals(List.of(c), lists.get("own-" + c).toList(), "the list child " + c + " put in the map");
      }
    }
  }
}
