package io.typedipc.example.queue;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.Producers;
import io.typedipc.Subscription;
import io.typedipc.example.pipe.Child;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Seed example "生产者消费者模型 / 多进程实现": a producer process puts random integers into a
 * Manager's queue and a consumer process takes them. The seed loops for ever with a one-second
 * sleep; this one sends ten values a tenth of a second apart, then closes the channel, and the
 * consumer (a push subscription) ends when it has received everything.
 *
 * <p>Run: {@code mvn -B -q -pl example-app exec:exec -Dexample=queue.ProducerConsumer}
 */
public final class ProducerConsumer {
  private static final int COUNT = 10;

  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      AuthKey key = AuthKey.fromEnvironment(Child.KEY_VARIABLE);
      try (ManagerClient client = ManagerClient.connect("127.0.0.1", Integer.parseInt(args[1]), key)) {
        if (args[0].equals("producer")) {
          producer(client);
        } else {
          consumer(client);
        }
      }
      return;
    }
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key)
        .channel(Numbers.class, "queue_m", 100)                      // queue_m = manger.Queue()
        .start()) {
      String port = Integer.toString(manager.port());
      Child consumer = Child.start("[consumer] ", ProducerConsumer.class, key, "consumer", port);
      Child producer = Child.start("[producer] ", ProducerConsumer.class, key, "producer", port);
      boolean ok = producer.join(60) == 0 & consumer.join(60) == 0;
      List<String> made = tail(producer.linesStartingWith("生产者生产了数据"));
      List<String> used = tail(consumer.linesStartingWith("消费者消费"));
      ok &= made.size() == COUNT && made.equals(used);
      System.out.println("produced " + made + ", consumed " + used);
      System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
      System.exit(ok ? 0 : 1);
    }
  }

  private static List<String> tail(List<String> lines) {
    return lines.stream().map(l -> l.replaceAll("\\D+", " ").trim()).toList();
  }

  private static void producer(ManagerClient client) throws InterruptedException {
    Numbers queue = client.producer(Numbers.class, "queue_m");
    Random random = new Random();
    for (int i = 0; i < COUNT; i++) {
      int data = random.nextInt(101);
      queue.number(data);                                             // self.queue.put(data)
      System.out.println("生产者生产了数据" + data);
      Thread.sleep(100);
    }
    Producers.flush(queue);
    client.channel(Numbers.class, "queue_m").close();
  }

  private static void consumer(ManagerClient client) throws InterruptedException {
    Subscription s = client.consume(Numbers.class, "queue_m",
        item -> System.out.println("消费者消费" + item));                 // item = self.queue.get()
    if (!s.awaitEnd(Duration.ofSeconds(60)) || !s.reachedEndOfStream()) {
      System.out.println("the consumer did not reach the end: " + s.failure());
      System.exit(1);
    }
  }

  /** The messages: one integer each. */
  @io.typedipc.annotation.Channel
  public interface Numbers {
    void number(int data);
  }
}
