package io.typedipc.example.process;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ChildProcess;
import io.typedipc.process.ProcessEntry;
import java.time.Duration;
import java.util.List;

/**
 * Seed example "进程间数据交互" (004): a child puts a list into a queue the parent gave it, and the
 * parent gets it.
 *
 * <pre>{@code
 * def pan(rr):
 *     rr.put([1, "2sdf"])
 *
 * q = Queue()
 * p = Process(target=pan, args=(q,)); p.start()
 * print(q.get())
 * p.join()
 * }</pre>
 *
 * <p>The queue is a built-in {@code SharedQueue} in a Manager in this JVM (Python's {@code Queue}
 * has its own feeder thread and pipe; across JVMs the Manager holds it). The parent hands it to the
 * child as {@code args=(q,)}; the child's {@code ctx.handle(0, SharedQueue.class)} is the same
 * queue, with the same element class ({@code List}), checked on every get.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=process.QueueToChild}
 */
public final class QueueToChild {
  private QueueToChild() {}

  /** Python's {@code pan(rr)}, in the child JVM. */
  public static final class Pan implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) throws InterruptedException {
      SharedQueue<List<Object>> rr = ctx.handle(0, SharedQueue.class);
      rr.put(List.of(1, "2sdf"));                                            // rr.put([1, "2sdf"])
    }
  }

  public static void main(String[] args) throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      @SuppressWarnings("unchecked")
      SharedQueue<List<Object>> q = client.queue("q", (Class<List<Object>>) (Class<?>) List.class);   // q = Queue()
      ChildProcess p = ChildProcess.builder(Pan.class).handles(q).outputPrefix("[child] ").start();   // Process(target=pan, args=(q,))
      List<Object> got = q.get(Duration.ofSeconds(60));                      // q.get()
      System.out.println(got);                                               // print(...)
      boolean ok = List.of(1, "2sdf").equals(got) & p.join() == 0;           // p.join()
      System.out.println("RESULT: " + (ok ? "PASS" : "FAIL") + "  the child JVM put " + got + " into the queue it was given");
      System.exit(ok ? 0 : 1);
    }
  }
}
