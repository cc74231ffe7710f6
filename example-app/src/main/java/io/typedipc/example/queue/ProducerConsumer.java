package io.typedipc.example.queue;

import io.typedipc.AuthKey;
import io.typedipc.ChannelHandle;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.Subscription;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ChildProcess;
import io.typedipc.process.ProcessEntry;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Seed example "生产者消费者模型 / 多进程实现": a producer process puts random integers into a
 * Manager's queue and a consumer process takes them. The seed loops for ever with a one-second
 * sleep; this one sends ten values a tenth of a second apart, then closes the channel, and the
 * consumer (a push subscription) ends when it has received everything. Both are child JVMs given
 * the channel's handle.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=queue.ProducerConsumer}
 */
public final class ProducerConsumer {
  private static final int COUNT = 10;

  private ProducerConsumer() {}

  public static void main(String[] args) throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key)
            .channel(Numbers.class, "queue_m", 100)                  // queue_m = manger.Queue()
            .start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      ChannelHandle<Numbers> queue = client.channel(Numbers.class, "queue_m");
      ChildProcess consumer = ChildProcess.builder(Consumer.class).handle("queue", queue).captureOutput().start();
      ChildProcess producer = ChildProcess.builder(Producer.class).handle("queue", queue).captureOutput().start();
      boolean ok = producer.join() == 0 & consumer.join() == 0;
      show("[producer] ", producer);
      show("[consumer] ", consumer);
      List<String> made = numbers(producer);
      List<String> used = numbers(consumer);
      ok &= made.size() == COUNT && made.equals(used);
      System.out.println("produced " + made + ", consumed " + used);
      System.out.println("RESULT: " + (ok ? "PASS" : "FAIL"));
      System.exit(ok ? 0 : 1);
    }
  }

  /** Python's {@code Producer(Process)}. */
  public static final class Producer implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) throws InterruptedException {
      ChannelHandle<Numbers> channel = ctx.channel("queue", Numbers.class);
      io.typedipc.Producer<Numbers> queue = channel.producer();
      Random random = new Random();
      for (int i = 0; i < COUNT; i++) {
        int data = random.nextInt(101);
        queue.send().number(data);                                    // self.queue.put(data)
        System.out.println("生产者生产了数据" + data);
        Thread.sleep(100);
      }
      queue.flush();
      channel.close();
    }
  }

  /** Python's {@code Consumer(Process)}. */
  public static final class Consumer implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) throws InterruptedException {
      Subscription s = ctx.channel("queue", Numbers.class)
          .consume(item -> System.out.println("消费者消费" + item));     // item = self.queue.get()
      if (!s.awaitEnd(Duration.ofSeconds(60)) || !s.reachedEndOfStream()) {
        throw new IllegalStateException("the consumer did not reach the end: " + s.failure());
      }
    }
  }

  private static void show(String prefix, ChildProcess child) {
    child.output().lines().forEach(line -> System.out.println(prefix + line));
  }

  /** The number at the end of each line (matched without the Chinese text, whatever the locale's charset). */
  private static List<String> numbers(ChildProcess child) {
    return child.output().lines().filter(l -> l.matches("\\D*\\d+")).map(l -> l.replaceAll("\\D+", "")).toList();
  }

  /** The messages: one integer each. */
  @io.typedipc.annotation.Channel
  public interface Numbers {
    void number(int data);
  }
}
