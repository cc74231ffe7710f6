package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedMap;

/** Appends 0..n-1 to the list at {@code map.get(key)}: through a proxy nested in the map. */
public final class NestedAppendMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    int port = Integer.parseInt(args[0]);
    try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, AuthKey.fromEnvironment(ChildJvm.KEY_ENV))) {
      SharedMap<String, SharedList<Integer>> map = client.map(args[1]);
      for (int i = 0; i < Integer.parseInt(args[3]); i++) {
        map.get(args[2]).add(i);
      }
    }
    System.out.println("DONE");
  }
}
