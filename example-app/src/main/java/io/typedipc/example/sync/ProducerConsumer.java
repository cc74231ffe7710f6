package io.typedipc.example.sync;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.example.Options;
import io.typedipc.process.ChildProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The seeds' producer/consumer with a Manager's queue, across JVMs:
 *
 * <pre>{@code
 * class Producer(multiprocessing.Process):
 *     def run(self):
 *         while True:
 *             data = random.randint(0, 100)
 *             self.queue.put(data)
 *             print("生产者生产了数据{}".format(data))
 * class Consumer(multiprocessing.Process):
 *     def run(self):
 *         while True:
 *             item = self.queue.get()
 *             print("消费者消费{}".format(item))
 * if __name__ == '__main__':
 *     manger = multiprocessing.Manager()
 *     queue_m = manger.Queue()
 *     producer = Producer(queue_m); consumer = Consumer(queue_m)
 *     producer.start(); consumer.start(); producer.join(); consumer.join()
 * }</pre>
 *
 * <p>Here a Manager hosts a bounded {@link SharedQueue} of {@code Integer} (capacity 5, like the
 * seed's {@code queue.Queue(5)}: the producer blocks while it is full), which the parent creates
 * and hands to every child as {@code Producer(queue_m)} does: {@code .handles(queue)}. One producer
 * JVM ({@link QueueProducer}) puts {@code --items} random numbers and then one end marker (-1) per
 * consumer, and {@code --consumers} consumer JVMs ({@link QueueConsumer}) take them until their
 * marker and report what they took on a second queue they are handed, of {@link Tally} records.
 * This JVM checks that every item was taken exactly once: counts and sums add up to what the
 * producer put (it recomputes the producer's random numbers from the same seed).
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=sync.ProducerConsumer} (options:
 * {@code -Dexample.args="--items 2000 --consumers 2"}): {@code --items N} (default 2,000), {@code
 * --consumers N} (default 2), {@code --timeout-seconds N} (default 120). Exits 0 if the check
 * passes.
 */
public final class ProducerConsumer {
  private ProducerConsumer() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, Set.of("items", "consumers", "timeout-seconds"));
    int items = options.positiveInt("items", 2_000);
    int consumers = options.positiveInt("consumers", 2);
    Duration timeout = Duration.ofSeconds(options.positiveInt("timeout-seconds", 120));
    long seed = System.nanoTime();
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).register(Tally.class).start();   // manager = Manager()
        ManagerClient client = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key).register(Tally.class).connect()) {
      SharedQueue<Integer> queue = client.queue("queue", Integer.class, 5);     // queue_m = manager.Queue(5)
      SharedQueue<Tally> tallies = client.queue("tallies", Tally.class);
      System.out.printf("producer/consumer: 1 producer JVM puts %,d numbers into a shared queue of capacity 5, %d consumer JVMs take them%n",
          items, consumers);
      List<ChildProcess> processes = new ArrayList<>();
      for (int i = 1; i <= consumers; i++) {                                     // consumer = Consumer(queue_m); consumer.start()
        processes.add(ChildProcess.builder(QueueConsumer.class).handles(queue, tallies).register(Tally.class)
            .args("consumer-" + i).outputPrefix("[consumer-" + i + "] ").start());
      }
      processes.add(ChildProcess.builder(QueueProducer.class).handles(queue)    // producer = Producer(queue_m); producer.start()
          .args(Integer.toString(items), Integer.toString(consumers), Long.toString(seed)).outputPrefix("[producer] ").start());
      boolean exited = true;
      Instant deadline = Instant.now().plus(timeout);
      for (ChildProcess p : processes) {                                         // producer.join(); consumer.join()
        if (!p.join(Duration.between(Instant.now(), deadline))) {
          p.kill();
          System.out.println("a worker JVM did not finish in " + timeout.toSeconds() + " s and was killed");
        }
        exited &= p.join() == 0;
      }

      int count = 0;
      long sum = 0;
      for (int i = 0; i < consumers; i++) {
        Tally t = tallies.get(Duration.ofSeconds(10));
        System.out.printf("%s took %,d numbers, sum %,d%n", t.consumer(), t.count(), t.sum());
        count += t.count();
        sum += t.sum();
      }
      long expected = 0;
      Random random = new Random(seed);
      for (int i = 0; i < items; i++) {
        expected += QueueProducer.next(random);
      }
      boolean pass = exited && count == items && sum == expected && queue.isEmpty();
      System.out.printf("taken %,d of %,d numbers, sum %,d (expected %,d); queue empty: %s%n",
          count, items, sum, expected, queue.isEmpty());
      System.out.println(pass ? "RESULT: PASS (every number taken exactly once)" : "RESULT: FAIL");
      System.exit(pass ? 0 : 1);
    }
  }
}
