package io.typedipc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ChannelHandle;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.Producer;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delivery across JVMs: the Manager runs here, every producer and consumer in a JVM of its own.
 */
class ChannelDeliveryTest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private final AuthKey key = AuthKey.generate();

  private Manager manager(String name, int capacity) {
    return TestTransport.manager(Manager.builder()).address(0).authKey(key).channel(Events.class, name, capacity).start();
  }

  private ChildJvm producer(Manager m, String channel, int index, int count) {
    return ChildJvm.start(ProducerMain.class, key, Integer.toString(m.port()), channel, Integer.toString(index), Integer.toString(count));
  }

  private ChildJvm consumer(Manager m, String channel, long delayMillis) {
    return consumer(m, channel, delayMillis, "push");
  }

  /** A consumer JVM ({@link ConsumerMain}), {@code mode} "push" (a subscription) or "pull" (a receiver). */
  private ChildJvm consumer(Manager m, String channel, long delayMillis, String mode) {
    return ChildJvm.start(ConsumerMain.class, key, Integer.toString(m.port()), channel, Long.toString(delayMillis), mode);
  }

  /** The {@code GOT} items a consumer printed, in order. */
  private static List<String> got(ChildJvm consumer) {
    List<String> items = new ArrayList<>();
    for (String line : consumer.output().split("\n")) {
      if (line.startsWith("GOT ")) {
        items.add(line.substring(4));
      }
    }
    return items;
  }

  private static void closeWhenSent(Manager manager, AuthKey key, String channel, List<ChildJvm> producers) throws Exception {
    for (ChildJvm p : producers) {
      p.awaitLine("SENT", LONG);
      assertEquals(0, p.waitFor(LONG), p.output());
    }
    try (ManagerClient client = TestTransport.connect(manager.port(), key)) {
      client.channel(Events.class, channel).close();
    }
  }

  @Test
  void threeProducersTwoConsumersEveryMessageExactlyOnceAndInProducerOrder() throws Exception {
    int perProducer = 5_000;
    try (Manager manager = manager("work", 1_000);
        ChildJvm c1 = consumer(manager, "work", 0);
        ChildJvm c2 = consumer(manager, "work", 0);
        ChildJvm p0 = producer(manager, "work", 0, perProducer);
        ChildJvm p1 = producer(manager, "work", 1, perProducer);
        ChildJvm p2 = producer(manager, "work", 2, perProducer)) {
      closeWhenSent(manager, key, "work", List.of(p0, p1, p2));
      c1.awaitLine("END", LONG);
      c2.awaitLine("END", LONG);
      List<String> first = got(c1);
      List<String> second = got(c2);
      Set<String> all = new HashSet<>();
      int total = 0;
      for (List<String> items : List.of(first, second)) {
        Map<String, Long> last = new HashMap<>();
        for (String item : items) {
          total++;
          assertTrue(all.add(item), "delivered twice: " + item);
          String[] ps = item.split(":");
          long seq = Long.parseLong(ps[1]);
          Long before = last.put(ps[0], seq);
          assertTrue(before == null || before < seq, "producer " + ps[0] + ": " + seq + " after " + before);
        }
      }
      assertEquals(3 * perProducer, total);
      assertEquals(3 * perProducer, all.size());
      assertTrue(c1.output().contains("END " + first.size() + " true null"), c1.output().lines().reduce((a, b) -> b).orElse(""));
    }
  }

  /** A push consumer (a {@link io.typedipc.Subscription}) or a pull one (a {@link io.typedipc.Receiver}) killed mid-batch. */
  @ParameterizedTest(name = "{0} consumer")
  @ValueSource(strings = {"push", "pull"})
  void aKilledConsumersUnacknowledgedMessagesGoToTheOtherConsumer(String mode) throws Exception {
    int count = 400;
    try (Manager manager = manager("jobs", 1_000);
        ManagerClient client = TestTransport.connect(manager.port(), key)) {
      ChannelHandle<Events> jobs = client.channel(Events.class, "jobs");
      Producer<Events> producer = jobs.producer();
      for (int i = 0; i < count; i++) {
        producer.send().item(7, i);
      }
      producer.flush();
      List<String> handledByDead;
      try (ChildJvm slow = consumer(manager, "jobs", 5, mode)) {
        for (int i = 0; i < 20; i++) {
          slow.awaitLine("GOT", LONG);
        }
        assertTrue(jobs.size() < count, "the slow consumer holds a batch");
        slow.kill(); // mid-handling: most of its batch is unacknowledged
        handledByDead = got(slow);
      }
      assertTrue(handledByDead.size() < count, "killed before it finished");
      // a delay of 1 ms: the survivor prints each line as it goes
      try (ChildJvm survivor = consumer(manager, "jobs", 1, mode)) {
        Set<String> notHandled = new HashSet<>();
        for (int i = 0; i < count; i++) {
          notHandled.add("7:" + i);
        }
        handledByDead.forEach(notHandled::remove);
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!got(survivor).containsAll(notHandled)) {
          assertTrue(System.nanoTime() < deadline, "the survivor got everything the dead one did not handle");
          Thread.sleep(20); // polling the survivor's output with a deadline
        }
        jobs.close();
        survivor.awaitLine("END", LONG);
        assertEquals(0, jobs.size());
        Set<String> union = new HashSet<>(got(survivor));
        union.addAll(handledByDead);
        assertEquals(count, union.size(), "nothing lost");
      }
    }
  }
}
