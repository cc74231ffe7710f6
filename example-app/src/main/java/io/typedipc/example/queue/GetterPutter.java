package io.typedipc.example.queue;

import io.typedipc.AuthKey;
import io.typedipc.EmptyException;
import io.typedipc.EndOfStreamException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.Producers;
import io.typedipc.Receiver;
import io.typedipc.example.pipe.Child;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Seed example getter/putter with {@code Queue(2)}: a putter process puts five random numbers, a
 * getter process gets them with {@code get(True, timeout)}; the queue holds two, so the putter
 * blocks until the getter makes room. The queue is a channel of capacity 2 in a Manager (this
 * JVM); getter and putter are JVMs of their own.
 *
 * <p>Run: {@code mvn -B -q -pl example-app exec:exec -Dexample=queue.GetterPutter}
 */
public final class GetterPutter {
  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      int port = Integer.parseInt(args[1]);
      AuthKey key = AuthKey.fromEnvironment(Child.KEY_VARIABLE);
      try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, key)) {
        if (args[0].equals("getter")) {
          getter(client);
        } else {
          putter(client);
        }
      }
      return;
    }
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key)
        .channel(Values.class, "queue", 2)                        // queue = Queue(2)
        .start()) {
      System.out.println("parent process run " + ProcessHandle.current().pid());
      String port = Integer.toString(manager.port());
      Child getter = Child.start("[getter] ", GetterPutter.class, key, "getter", port);
      Child putter = Child.start("[putter] ", GetterPutter.class, key, "putter", port);
      boolean ok = putter.join(60) == 0 & getter.join(60) == 0;
      List<String> put = values(putter.linesStartingWith("subprocess putter : put value"));
      List<String> got = values(getter.linesStartingWith("subprocess getter : get value"));
      ok &= put.size() == 5 && put.equals(got);
      System.out.println("putter put " + put + ", getter got " + got + " (same order: " + put.equals(got) + ")");
      System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
      System.exit(ok ? 0 : 1);
    }
  }

  private static List<String> values(List<String> lines) {
    return lines.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
  }

  private static void getter(ManagerClient client) {
    System.out.println("subprocess getter : " + ProcessHandle.current().pid());
    try (Receiver<Values> queue = client.receiver(Values.class, "queue")) {
      Values print = v -> System.out.printf("subprocess getter : get value %f%n", v);
      while (true) {
        try {
          queue.get(print, true, Duration.ofSeconds(10));       // value = queue.get(True, 10)
        } catch (EmptyException | EndOfStreamException e) {     // except Exception: break
          System.out.println("subprocess getter : " + e.getClass().getSimpleName() + ", done");
          break;
        }
      }
    }
  }

  private static void putter(ManagerClient client) {
    System.out.println("subprocess putter : " + ProcessHandle.current().pid());
    Values queue = client.producer(Values.class, "queue");     // put blocks while 2 are waiting
    Random random = new Random();
    for (int i = 0; i < 5; i++) {
      double value = random.nextDouble();
      queue.value(value);                                       // queue.put(value)
      System.out.printf("subprocess putter : put value %f%n", value);
    }
    Producers.flush(queue);
    client.channel(Values.class, "queue").close();              // no more: the getter ends after the last
  }
}
