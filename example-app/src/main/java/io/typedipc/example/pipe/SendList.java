package io.typedipc.example.pipe;

import io.typedipc.AuthKey;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import java.time.Duration;
import java.util.Arrays;

/**
 * Seed example "2.1 Pipe()": the child sends one list to the parent and closes its end.
 *
 * <pre>
 * def f(conn):
 *     conn.send([42, None, 'hello'])
 *     conn.close()
 * parent_conn, child_conn = Pipe()
 * p = Process(target=f, args=(child_conn,)); p.start()
 * print(parent_conn.recv()); p.join()
 * </pre>
 *
 * Run: {@code mvn -B -q -pl example-app exec:exec -Dexample=pipe.SendList}
 */
public final class SendList {
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("child")) {
      child(args[1]);
      return;
    }
    AuthKey key = AuthKey.generate();
    PipeListener<Void, Talk> listener = Pipe.listen(key, Void.class, Talk.class);   // Pipe(): this end receives
    Child child = Child.start("[child] ", SendList.class, key, "child", listener.token());
    boolean ok;
    try (PipeEnd<Void, Talk> parent = listener.accept(Duration.ofSeconds(30))) {
      Printer printer = new Printer("parent received: ");
      parent.receive(printer);                                                       // parent_conn.recv()
      ok = "[42, null, hello]".equals(printer.last);
    }
    ok &= child.join(30) == 0;                                                        // p.join()
    System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
    System.exit(ok ? 0 : 1);
  }

  private static void child(String token) {
    AuthKey key = AuthKey.fromEnvironment(Child.KEY_VARIABLE);
    try (PipeEnd<Talk, Void> conn = Pipe.connect(token, key, Talk.class, Void.class)) {
      conn.sender().list(Arrays.asList("42", null, "hello"));                       // conn.send([42, None, 'hello'])
    }                                                                                // conn.close()
    System.out.println("sent the list and closed the pipe");
  }
}
