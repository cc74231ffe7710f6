package io.typedipc.example.pipe;

import io.typedipc.AuthKey;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import java.time.Duration;
import java.util.Arrays;

/**
 * Seed example "2.2": both ends send and receive. The child sends twice and receives once; the
 * parent receives twice and sends once. (Receiving a third time would wait for ever, as the seed
 * warns — unless the child closes its end, which makes it end with {@code EndOfStreamException}.)
 *
 * <p>Run: {@code mvn -B -q -pl example-app exec:exec -Dexample=pipe.SendTwice}
 */
public final class SendTwice {
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("child")) {
      child(args[1]);
      return;
    }
    AuthKey key = AuthKey.generate();
    PipeListener<Talk, Talk> listener = Pipe.listen(key, Talk.class, Talk.class);   // duplex
    Child child = Child.start("[child] ", SendTwice.class, key, "child", listener.token());
    boolean ok;
    try (PipeEnd<Talk, Talk> parent = listener.accept(Duration.ofSeconds(30))) {
      Printer printer = new Printer("parent received: ");
      parent.receive(printer);                                                        // print(parent_conn.recv())
      ok = "[42, null, hello]".equals(printer.last);
      parent.receive(printer);                                                        // print(parent_conn.recv())
      ok &= "苏苏你好".equals(printer.last);
      parent.sender().text("父亲发给你的");                                             // parent_conn.send(...)
    }
    ok &= child.join(30) == 0;
    ok &= child.linesStartingWith("child received: 父亲发给你的").size() == 1;
    System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
    System.exit(ok ? 0 : 1);
  }

  private static void child(String token) {
    AuthKey key = AuthKey.fromEnvironment(Child.KEY_VARIABLE);
    try (PipeEnd<Talk, Talk> conn = Pipe.connect(token, key, Talk.class, Talk.class)) {
      conn.sender().list(Arrays.asList("42", null, "hello"));                        // send twice
      conn.sender().text("苏苏你好");
      conn.receive(new Printer("child received: "));                                  // print(conn.recv())
    }
  }
}
