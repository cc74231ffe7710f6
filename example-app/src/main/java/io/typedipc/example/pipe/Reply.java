package io.typedipc.example.pipe;

import io.typedipc.AuthKey;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ChildProcess;
import io.typedipc.process.ProcessEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Seed example "通过Pipe(管道)实现进程间数据交互": a duplex ping-pong — the child sends a list and
 * waits for the parent's reply. The child checks the reply: its exit status says whether it came.
 *
 * <pre>
 * def execut(conn):
 *     conn.send([1, "hello word"])
 *     print("接收主进程发来的消息:%s" % conn.recv())
 * Apipe, Bpipe = Pipe()
 * p = Process(target=execut, args=(Bpipe,)); p.start()
 * print("接收子进程发来的消息:%s" % Apipe.recv())
 * Apipe.send({"王阳明": "传习录"})
 * p.join()
 * </pre>
 *
 * Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=pipe.Reply}
 */
public final class Reply {
  private Reply() {}

  /** Python's {@code execut(conn)}, in the child JVM. */
  public static final class Execut implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      try (PipeEnd<Talk, Talk> conn = ctx.pipe("Bpipe", Talk.class, Talk.class)) {
        conn.sender().list(List.of("1", "hello word"));                              // conn.send([1, "hello word"])
        Printer printer = new Printer("接收主进程发来的消息: ");
        conn.receive(printer);                                                        // conn.recv()
        if (!"{王阳明=传习录}".equals(printer.last)) {
          throw new IllegalStateException("the child received " + printer.last);    // exit status 1
        }
      }
    }
  }

  public static void main(String[] args) throws Exception {
    AuthKey key = AuthKey.generate();
    PipeListener<Talk, Talk> pipe = Pipe.listen(key, Talk.class, Talk.class);        // Apipe, Bpipe = Pipe()
    ChildProcess p = ChildProcess.builder(Execut.class).pipe("Bpipe", pipe)          // Process(target=execut, args=(Bpipe,))
        .outputPrefix("[child] ").start();
    boolean ok;
    try (PipeEnd<Talk, Talk> apipe = pipe.accept(Duration.ofSeconds(60))) {
      Printer printer = new Printer("接收子进程发来的消息: ");
      apipe.receive(printer);                                                         // Apipe.recv()
      ok = "[1, hello word]".equals(printer.last);
      apipe.sender().dict(Map.of("王阳明", "传习录"));                                   // Apipe.send({...})
    }
    ok &= p.join() == 0;                                                              // p.join(); the child got it
    System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
    System.exit(ok ? 0 : 1);
  }
}
