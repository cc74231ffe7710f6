package io.typedipc.example.manager;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedList;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ChildProcess;
import io.typedipc.process.ProcessEntry;
import java.time.Duration;
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
 * <p>The proxy is handed to the other process as in Python: {@code .handles(listProxy)} is {@code
 * args=(list_proxy,)}. What crosses is only the list's name and its Manager's address (the auth
 * key goes through the child's stdin): the other JVM ({@link Func}) gets its own proxy for the
 * same list with {@code ctx.handle(0, SharedList.class)}.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=manager.ListFromAnotherJvm}. Exits
 * 0 when the list is {@code [a]} afterwards.
 */
public final class ListFromAnotherJvm {
  private ListFromAnotherJvm() {}

  /** Python's {@code func(list_ex)}, in the other JVM. */
  public static final class Func implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      SharedList<String> listEx = ctx.handle(0, SharedList.class);
      listEx.add("a");                                                            // list_ex.append('a')
    }
  }

  public static void main(String[] args) throws Exception {
    AuthKey key = AuthKey.generate();
    boolean ok;
    try (Manager manager = Manager.builder().address(0).authKey(key).start();   // mgr = Manager()
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedList<String> listProxy = client.list("list_proxy");                   // list_proxy = mgr.list()
      System.out.println(listProxy.toList());                                     // print(list_proxy): []
      ChildProcess p = ChildProcess.builder(Func.class).handles(listProxy)       // Process(target=func, args=(list_proxy,))
          .outputPrefix("[other JVM] ").start();                                  // p.start()
      if (!p.join(Duration.ofSeconds(60))) {                                      // p.join()
        p.kill();
        System.out.println("the other JVM did not finish in time and was killed");
      }
      int status = p.join();
      List<String> after = listProxy.toList();
      System.out.println(after);                                                  // print(list_proxy): [a]
      ok = status == 0 && after.equals(List.of("a"));
      System.out.println(ok ? "PASS  the list holds what the other JVM appended: [a]" : "FAIL  expected [a]");
    }
    System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
    System.exit(ok ? 0 : 1);
  }
}
