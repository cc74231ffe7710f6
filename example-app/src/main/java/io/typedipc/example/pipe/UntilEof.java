package io.typedipc.example.pipe;

import io.typedipc.AuthKey;
import io.typedipc.EndOfStreamException;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ChildProcess;
import io.typedipc.process.ProcessEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed example "pipe with EOFError": the parent sends 0 to 9 and closes its end; the child
 * receives until the end of the stream.
 *
 * <pre>
 * def sub_process(parentid, pipe):
 *     out_pipe, in_pipe = pipe
 *     in_pipe.close()
 *     while True:
 *         try:
 *             msg = out_pipe.recv()
 *             print('out pipe : %s' % msg)
 *         except EOFError:
 *             break
 * out_pipe, in_pipe = Pipe(True)
 * subprocess = Process(target=sub_process, args=(os.getpid(), (out_pipe, in_pipe)))
 * subprocess.start()
 * out_pipe.close()
 * for i in range(10):
 *     in_pipe.send(i)
 * in_pipe.close()
 * subprocess.join()
 * </pre>
 *
 * <p>Python's {@code EOFError} is {@link EndOfStreamException}: it comes once everything sent
 * before the {@code close()} has been received, never earlier.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=pipe.UntilEof}
 */
public final class UntilEof {
  private UntilEof() {}

  /** Python's {@code sub_process}, in the child JVM. */
  public static final class SubProcess implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      System.out.println("child running, parent " + ctx.args().get(0));
      List<String> received = new ArrayList<>();
      Printer printer = new Printer("out pipe : ") {
        @Override
        public void text(String text) {
          super.text(text);
          received.add(text);
        }
      };
      try (PipeEnd<Void, Talk> outPipe = ctx.pipe("pipe", Void.class, Talk.class)) {
        while (true) {
          try {
            outPipe.receive(printer);                                        // msg = out_pipe.recv()
          } catch (EndOfStreamException e) {                                 // except EOFError:
            break;
          }
        }
      }
      System.out.println("child received " + received.size() + " messages, then the end of the stream");
      System.exit(received.equals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")) ? 0 : 1);
    }
  }

  public static void main(String[] args) throws Exception {
    System.out.println("parent running " + ProcessHandle.current().pid());
    AuthKey key = AuthKey.generate();
    PipeListener<Talk, Void> pipe = Pipe.listen(key, Talk.class, Void.class);   // Pipe(): this end sends
    ChildProcess subprocess = ChildProcess.builder(SubProcess.class)
        .args(Long.toString(ProcessHandle.current().pid()))
        .pipe("pipe", pipe)
        .outputPrefix("[child] ")
        .start();                                                               // subprocess.start()
    try (PipeEnd<Talk, Void> inPipe = pipe.accept(Duration.ofSeconds(60))) {
      for (int i = 0; i < 10; i++) {
        inPipe.sender().text(Integer.toString(i));                              // in_pipe.send(i)
      }
    }                                                                           // in_pipe.close()
    boolean ok = subprocess.join() == 0;                                        // subprocess.join()
    System.out.println("parent done");
    System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
    System.exit(ok ? 0 : 1);
  }
}
