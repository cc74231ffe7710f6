package io.typedipc.example.pipe;

import io.typedipc.AuthKey;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ChildProcess;
import io.typedipc.process.ProcessEntry;
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
 * <p>{@code Pipe()} is a listener this JVM keeps; {@code args=(child_conn,)} is {@code
 * .pipe("conn", listener)}: the child connects with {@code ctx.pipe("conn", …)} (the key travels
 * through its stdin) and this JVM accepts.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=pipe.SendList}
 */
public final class SendList {
  private SendList() {}

  /** Python's {@code f(conn)}, in the child JVM. */
  public static final class F implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      try (PipeEnd<Talk, Void> conn = ctx.pipe("conn", Talk.class, Void.class)) {
        conn.sender().list(Arrays.asList("42", null, "hello"));                     // conn.send([42, None, 'hello'])
      }                                                                              // conn.close()
      System.out.println("sent the list and closed the pipe");
    }
  }

  public static void main(String[] args) throws Exception {
    AuthKey key = AuthKey.generate();
    PipeListener<Void, Talk> parentConn = Pipe.listen(key, Void.class, Talk.class); // Pipe(): this end receives
    ChildProcess p = ChildProcess.builder(F.class).pipe("conn", parentConn)          // Process(target=f, args=(child_conn,))
        .outputPrefix("[child] ").start();                                           // p.start()
    boolean ok;
    try (PipeEnd<Void, Talk> parent = parentConn.accept(Duration.ofSeconds(60))) {
      Printer printer = new Printer("parent received: ");
      parent.receive(printer);                                                       // print(parent_conn.recv())
      ok = "[42, null, hello]".equals(printer.last);
    }
    ok &= p.join() == 0;                                                             // p.join()
    System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
    System.exit(ok ? 0 : 1);
  }
}
