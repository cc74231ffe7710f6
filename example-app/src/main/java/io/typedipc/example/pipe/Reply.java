package io.typedipc.example.pipe;

import io.typedipc.AuthKey;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Seed example "通过Pipe(管道)实现进程间数据交互": a duplex ping-pong — the child sends a list and
 * waits for the parent's reply. Here the <em>child</em> listens and the parent connects (either
 * side may): the child prints its token, the parent reads it.
 *
 * <pre>
 * def execut(conn):
 *     conn.send([1, "hello word"])
 *     print("接收主进程发来的消息:%s" % conn.recv())
 * Apipe, Bpipe = Pipe()
 * ...
 * print("接收子进程发来的消息:%s" % Apipe.recv())
 * Apipe.send({"王阳明": "传习录"})
 * </pre>
 *
 * Run: {@code mvn -B -q -pl example-app exec:exec -Dexample=pipe.Reply}
 */
public final class Reply {
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("child")) {
      child();
      return;
    }
    AuthKey key = AuthKey.generate();
    Child child = Child.start("[child] ", Reply.class, key, "child");
    String token = awaitToken(child);
    boolean ok;
    try (PipeEnd<Talk, Talk> apipe = Pipe.connect(token, key, Talk.class, Talk.class)) {
      Printer printer = new Printer("接收子进程发来的消息: ");
      apipe.receive(printer);
      ok = "[1, hello word]".equals(printer.last);
      apipe.sender().dict(Map.of("王阳明", "传习录"));
      apipe.flush();
    }
    ok &= child.join(30) == 0;
    ok &= child.linesStartingWith("接收主进程发来的消息: {王阳明=传习录}").size() == 1;
    System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
    System.exit(ok ? 0 : 1);
  }

  private static String awaitToken(Child child) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      List<String> lines = child.linesStartingWith("TOKEN ");
      if (!lines.isEmpty()) {
        return lines.get(0).substring("TOKEN ".length());
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("the child did not print its pipe token");
  }

  private static void child() {
    AuthKey key = AuthKey.fromEnvironment(Child.KEY_VARIABLE);
    var listener = Pipe.listen(key, Talk.class, Talk.class);
    System.out.println("TOKEN " + listener.token());
    try (PipeEnd<Talk, Talk> bpipe = listener.accept(Duration.ofSeconds(30))) {
      bpipe.sender().list(List.of("1", "hello word"));                               // conn.send([1, "hello word"])
      bpipe.receive(new Printer("接收主进程发来的消息: "));                              // conn.recv()
    }
  }
}
