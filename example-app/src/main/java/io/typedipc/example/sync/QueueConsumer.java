package io.typedipc.example.sync;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.example.Demo;
import java.util.Map;
import java.util.Set;

/** A consumer of {@link ProducerConsumer}: takes numbers until its -1, then reports a {@link Tally}. */
public final class QueueConsumer {
  public static void main(String[] args) throws Exception {
    Map<String, String> options = Workers.options(args, Set.of("port", "id"));
    String name = "consumer-" + options.get("id");
    try (ManagerClient client = ManagerClient.builder()
        .address("127.0.0.1", Integer.parseInt(options.get("port")))
        .authKey(AuthKey.fromEnvironment(Demo.AUTH_KEY_VARIABLE))
        .register(Tally.class)
        .connect()) {
      SharedQueue<Integer> queue = client.queue("queue", Integer.class, 5);
      int count = 0;
      long sum = 0;
      while (true) {
        int item = queue.get();                          // Python: item = self.queue.get()
        if (item < 0) {
          break;
        }
        if (count < 3) {
          System.out.println("consumed " + item);        // Python: print("消费者消费{}".format(item))
        }
        count++;
        sum += item;
      }
      client.queue("tallies", Tally.class).put(new Tally(name, count, sum));
      System.out.printf("consumed %,d numbers%n", count);
    }
  }
}
