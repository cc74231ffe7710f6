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
 * Seed example "2.2": both ends send and receive. The child sends twice and receives once; the
 * parent receives twice and sends once. (Receiving a third time would wait for ever, as the seed
 * warns — unless the child closes its end, which makes it end with {@code EndOfStreamException}.)
 * The child checks what it received: its exit status says whether it got the parent's message.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=pipe.SendTwice}
 */
public final class SendTwice {
  private SendTwice() {}

  /** The child: sends twice, receives once. */
  public static final class F implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      try (PipeEnd<Talk, Talk> conn = ctx.pipe("conn", Talk.class, Talk.class)) {
        conn.sender().list(Arrays.asList("42", null, "hello"));                      // send twice
        conn.sender().text("苏苏你好");
        Printer printer = new Printer("child received: ");
        conn.receive(printer);                                                         // print(conn.recv())
        if (!"父亲发给你的".equals(printer.last)) {
          throw new IllegalStateException("the child received " + printer.last);     // exit status 1
        }
      }
    }
  }

  public static void main(String[] args) throws Exception {
    AuthKey key = AuthKey.generate();
    PipeListener<Talk, Talk> parentConn = Pipe.listen(key, Talk.class, Talk.class);   // Pipe(): duplex
    ChildProcess p = ChildProcess.builder(F.class).pipe("conn", parentConn).outputPrefix("[child] ").start();
    boolean ok;
    try (PipeEnd<Talk, Talk> parent = parentConn.accept(Duration.ofSeconds(60))) {
      Printer printer = new Printer("parent received: ");
      parent.receive(printer);                                                        // print(parent_conn.recv())
      ok = "[42, null, hello]".equals(printer.last);
      parent.receive(printer);                                                        // print(parent_conn.recv())
      ok &= "苏苏你好".equals(printer.last);
      parent.sender().text("父亲发给你的");                                             // parent_conn.send(...)
    }
    ok &= p.join() == 0;                                                              // the child got it
    System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
    System.exit(ok ? 0 : 1);
  }
}
