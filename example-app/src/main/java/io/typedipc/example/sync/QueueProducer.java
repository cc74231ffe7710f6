package io.typedipc.example.sync;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.example.Demo;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** The producer of {@link ProducerConsumer}: puts random numbers, then one -1 per consumer. */
public final class QueueProducer {
  /** The next number, 0..100 like Python's {@code random.randint(0, 100)}. */
  static int next(Random random) {
    return random.nextInt(101);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Workers.options(args, Set.of("port", "items", "consumers", "seed"));
    int items = Integer.parseInt(options.get("items"));
    int consumers = Integer.parseInt(options.get("consumers"));
    Random random = new Random(Long.parseLong(options.get("seed")));
    try (ManagerClient client = ManagerClient.connect("127.0.0.1", Integer.parseInt(options.get("port")),
        AuthKey.fromEnvironment(Demo.AUTH_KEY_VARIABLE))) {
      SharedQueue<Integer> queue = client.queue("queue", Integer.class, 5);
      long start = System.nanoTime();
      for (int i = 0; i < items; i++) {
        int data = next(random);
        queue.put(data);                                 // blocks while the queue is full
        if (i < 3) {
          System.out.println("produced " + data);        // Python: print("生产者生产了数据{}".format(data))
        }
      }
      for (int i = 0; i < consumers; i++) {
        queue.put(-1);                                   // one end marker per consumer
      }
      System.out.printf("produced %,d numbers in %d ms%n", items, (System.nanoTime() - start) / 1_000_000);
    }
  }
}
