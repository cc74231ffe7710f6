package io.typedipc.example.manager;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedList;
import java.util.List;

/**
 * A list appended to from another JVM — the seeds' {@code mgr.list()} example:
 *
 * <pre>
 * mgr = Manager()
 * list_proxy = mgr.list()
 * print(list_proxy)                  # []
 * def func(list_ex): list_ex.append('a')
 * p = Process(target=func, args=(list_proxy,)); p.start(); p.join()
 * print(list_proxy)                  # ['a']
 * </pre>
 *
 * <p>The proxy is not passed to the other process as such: the other JVM connects to the Manager
 * and asks for the list by name, which gives it a proxy for the same list.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=manager.ListFromAnotherJvm}. Exits
 * 0 when the list is {@code [a]} afterwards.
 */
public final class ListFromAnotherJvm {
  private ListFromAnotherJvm() {}

  /** The parent, or with {@code --worker <port>} the other JVM. */
  public static void main(String[] arguments) throws Exception {
    String[] args = WorkerJvms.words(arguments);
    if (args.length >= 2 && args[0].equals("--worker")) {
      try (ManagerClient client = ManagerClient.connect("127.0.0.1", Integer.parseInt(args[1]), WorkerJvms.key())) {
        SharedList<String> list = client.list("list_proxy");
        list.add("a"); // func(list_ex): list_ex.append('a')
      }
      return;
    }
    AuthKey key = AuthKey.generate();
    boolean ok;
    try (Manager manager = Manager.builder().address(0).authKey(key).list("list_proxy").start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedList<String> list = client.list("list_proxy");
      System.out.println(list.toList());   // []
      WorkerJvms process = new WorkerJvms();
      process.start("other JVM", ListFromAnotherJvm.class, key, "--worker", Integer.toString(manager.port()));
      boolean joined = process.joinAll(60);
      List<String> after = list.toList();
      System.out.println(after);          // [a]
      ok = joined && after.equals(List.of("a"));
      System.out.println(ok ? "PASS  the list holds what the other JVM appended: [a]" : "FAIL  expected [a]");
    }
    System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
    System.exit(ok ? 0 : 1);
  }
}
