package io.typedipc.example.sync;

import io.typedipc.builtin.SharedQueue;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ProcessEntry;
import java.util.Random;

/**
 * The producer of {@link ProducerConsumer}, in a JVM of its own — Python's {@code Producer.run}:
 * puts random numbers into the queue it was handed, then one -1 per consumer. Arguments: how many
 * numbers, how many consumers, the random seed.
 */
public final class QueueProducer implements ProcessEntry {
  /** The next number, 0..100 like Python's {@code random.randint(0, 100)}. */
  static int next(Random random) {
    return random.nextInt(101);
  }

  @Override
  public void run(ChildContext ctx) throws Exception {
    SharedQueue<Integer> queue = ctx.handle(0, SharedQueue.class);
    int items = Integer.parseInt(ctx.args().get(0));
    int consumers = Integer.parseInt(ctx.args().get(1));
    Random random = new Random(Long.parseLong(ctx.args().get(2)));
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
