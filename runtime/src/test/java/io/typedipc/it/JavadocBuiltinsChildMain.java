package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedQueue;

/**
 * A client JVM for {@link JavadocBuiltinsTest}: {@code <port> <queue>}. Waits in {@code get()} on
 * the empty queue {@code <queue>} with two threads and in {@code put()} on the full queue {@code
 * <queue>-full} with one, says {@code WAITING}, and stays until the test kills it.
 */
public final class JavadocBuiltinsChildMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    ManagerClient client = TestTransport.connect(Integer.parseInt(args[0]), AuthKey.fromEnvironment(ChildJvm.KEY_ENV));
    SharedQueue<String> empty = client.queue(args[1], String.class, 0);
    SharedQueue<String> full = client.queue(args[1] + "-full", String.class, 1);
    for (int i = 0; i < 2; i++) {
      start(() -> System.out.println("GOT " + empty.get()));
    }
    start(() -> {
      full.put("from the child");
      System.out.println("PUT");
    });
    System.out.println("WAITING");
    System.out.flush();
    Thread.currentThread().join(); // until killed
  }

  private interface Blocking {
    void run() throws Exception;
  }

  private static void start(Blocking call) {
    Thread t = new Thread(() -> {
      try {
        call.run();
      } catch (Exception e) {
        System.out.println("FAILED " + e);
      }
      System.out.flush();
    });
    t.setDaemon(true);
    t.start();
  }
}
