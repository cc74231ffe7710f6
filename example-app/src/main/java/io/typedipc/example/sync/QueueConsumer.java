package io.typedipc.example.sync;

import io.typedipc.builtin.SharedQueue;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ProcessEntry;

/**
 * A consumer of {@link ProducerConsumer}, in a JVM of its own — Python's {@code Consumer.run}:
 * takes numbers from the queue it was handed until its -1, then puts a {@link Tally} into the
 * second queue it was handed. Argument: its name.
 */
public final class QueueConsumer implements ProcessEntry {
  @Override
  public void run(ChildContext ctx) throws Exception {
    SharedQueue<Integer> queue = ctx.handle(0, SharedQueue.class);
    SharedQueue<Tally> tallies = ctx.handle(1, SharedQueue.class);
    String name = ctx.args().get(0);
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
    tallies.put(new Tally(name, count, sum));
    System.out.printf("consumed %,d numbers%n", count);
  }
}
