package io.typedipc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.Producer;
import io.typedipc.Receiver;
import io.typedipc.it.TestTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README section 6 with a channel of the shapes a new user declares ({@link Feed}): each message
 * reaches the consumer's implementation with its values, through the consumer's generated
 * dispatcher (a message inherited along two paths included).
 */
@Timeout(120)
class ShapedChannelTest {
  /** Records what it receives. */
  static final class Handler implements Feed {
    final List<String> seen = new ArrayList<>();

    @Override
    public void accept(String line) {
      seen.add("line " + line);
    }

    @Override
    public void op(FeedParts.Op op, FeedParts.Op... more) {
      seen.add(op + " " + op.apply(10) + " " + Arrays.toString(more));
    }

    @Override
    public void range(FeedParts.Range range, int[] xs, Map<String, List<Set<Integer>>> nested) {
      seen.add(range + " " + Arrays.toString(xs) + " " + nested);
    }
  }

  @Test
  void everyShapeOfMessageReachesTheConsumer() {
    AuthKey key = AuthKey.generate();
    try (Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key)
            .channel(Feed.class, "feed", 100).start();
        ManagerClient producerSide = TestTransport.connect(manager.port(), key);
        ManagerClient consumerSide = TestTransport.connect(manager.port(), key)) {
      Producer<Feed> producer = producerSide.producer(Feed.class, "feed");
      FeedParts.Sink<String> sink = producer.send();
      sink.accept("a");
      producer.send().twice("b");
      producer.send().op(FeedParts.Op.DOWN, FeedParts.Op.UP, FeedParts.Op.DOWN);
      producer.send().op(FeedParts.Op.UP);
      producer.send().range(new FeedParts.Range(9, 2), new int[] {1, 2}, Map.of("k", List.of(Set.of(3))));
      producer.flush();

      Handler handler = new Handler();
      try (Receiver<Feed> receiver = consumerSide.receiver(Feed.class, "feed")) {
        for (int i = 0; i < 6; i++) {
          assertTrue(receiver.receive(handler, Duration.ofSeconds(30)), "message " + i + ": " + handler.seen);
        }
      }
      assertEquals(
          List.of(
              "line a",
              "line b",
              "line b",
              "DOWN 9 [UP, DOWN]",
              "UP 11 []",
              "Range[lo=2, hi=9] [1, 2] {k=[[3]]}"),
          handler.seen);
    }
  }
}
