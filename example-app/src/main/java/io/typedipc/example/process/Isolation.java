package io.typedipc.example.process;

import io.typedipc.process.ChildContext;
import io.typedipc.process.ChildProcess;
import io.typedipc.process.ProcessEntry;

/**
 * Processes do not share memory — the seed's first example:
 *
 * <pre>{@code
 * data = 666
 * def func():
 *     global data
 *     data = 222
 * p = mp.Process(target=func); p.start(); p.join()
 * print(data)    # 666
 * }</pre>
 *
 * <p>The child JVM has its own copy of every static field: it sets {@code data} to 222 and prints
 * it; the parent still sees 666. (With a thread instead of a process the parent would see 222.) To
 * share data, share an object from a Manager: see {@link ProcessWithSharedObjects}.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=process.Isolation}
 */
public final class Isolation {
  /** Python's module-level {@code data = 666}: one per JVM. */
  static int data = 666;

  private Isolation() {}

  /** Python's {@code func}: runs in the child JVM. */
  public static final class ChangeData implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      data = 222;
      System.out.println("child pid " + ProcessHandle.current().pid() + ": set data = " + data);
    }
  }

  public static void main(String[] args) throws Exception {
    System.out.println("parent pid " + ProcessHandle.current().pid() + ": data = " + data);
    ChildProcess p = ChildProcess.builder(ChangeData.class).start();   // Process(target=func).start()
    int status = p.join();                                             // p.join()
    System.out.println("parent after join: data = " + data);           // print(data)
    boolean pass = status == 0 && data == 666;
    System.out.println("RESULT: " + (pass ? "PASS" : "FAIL") + "  the child set its data to 222 (exit "
        + status + "); the parent's is still " + data + ": each process has its own memory");
    System.exit(pass ? 0 : 1);
  }
}
