package io.typedipc.example.queue;

import io.typedipc.AuthKey;
import io.typedipc.ChannelHandle;
import io.typedipc.EmptyException;
import io.typedipc.EndOfStreamException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.Producer;
import io.typedipc.Receiver;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ChildProcess;
import io.typedipc.process.ProcessEntry;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Seed example getter/putter with {@code Queue(2)}: a putter process puts five random numbers, a
 * getter process gets them with {@code get(True, timeout)}; the queue holds two, so the putter
 * blocks until the getter makes room. The queue is a channel of capacity 2 in a Manager (this
 * JVM); getter and putter are child JVMs given the channel's handle, as Python's {@code
 * Process(target=getter, args=(queue,))}.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=queue.GetterPutter}
 */
public final class GetterPutter {
  private GetterPutter() {}

  public static void main(String[] args) throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key)
            .channel(Values.class, "queue", 2)                    // queue = Queue(2)
            .start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      System.out.println("parent process run " + ProcessHandle.current().pid());
      ChannelHandle<Values> queue = client.channel(Values.class, "queue");
      ChildProcess getter = ChildProcess.builder(Getter.class).handles(queue).captureOutput().start();
      ChildProcess putter = ChildProcess.builder(Putter.class).handles(queue).captureOutput().start();
      boolean ok = putter.join() == 0 & getter.join() == 0;
      show("[putter] ", putter);
      show("[getter] ", getter);
      List<String> put = values(putter, "subprocess putter : put value");
      List<String> got = values(getter, "subprocess getter : get value");
      ok &= put.size() == 5 && put.equals(got);
      System.out.println("putter put " + put + ", getter got " + got + " (same order: " + put.equals(got) + ")");
      System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
      System.exit(ok ? 0 : 1);
    }
  }

  /** Python's {@code getter(queue)}. */
  public static final class Getter implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      System.out.println("subprocess getter : " + ProcessHandle.current().pid());
      try (Receiver<Values> queue = ctx.channel(0, Values.class).receiver()) {
        Values print = v -> System.out.printf("subprocess getter : get value %f%n", v);
        while (true) {
          try {
            queue.get(print, true, Duration.ofSeconds(10));     // value = queue.get(True, 10)
          } catch (EmptyException | EndOfStreamException e) {   // except Exception: break
            System.out.println("subprocess getter : " + e.getClass().getSimpleName() + ", done");
            break;
          }
        }
      }
    }
  }

  /** Python's {@code putter(queue)}. */
  public static final class Putter implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      System.out.println("subprocess putter : " + ProcessHandle.current().pid());
      ChannelHandle<Values> channel = ctx.channel(0, Values.class);
      Producer<Values> queue = channel.producer();                // put blocks while 2 are waiting
      Random random = new Random();
      for (int i = 0; i < 5; i++) {
        double value = random.nextDouble();
        queue.send().value(value);                                // queue.put(value)
        System.out.printf("subprocess putter : put value %f%n", value);
      }
      queue.flush();
      channel.close();                                            // no more: the getter ends after the last
    }
  }

  private static void show(String prefix, ChildProcess child) {
    child.output().lines().forEach(line -> System.out.println(prefix + line));
  }

  private static List<String> values(ChildProcess child, String prefix) {
    return child.output().lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
  }
}
