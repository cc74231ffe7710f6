package io.typedipc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.Producer;
import io.typedipc.Receiver;
import io.typedipc.Subscription;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The waits of a Manager and of a channel's producers and consumers take any duration: one too
 * long to count in nanoseconds (Duration.ofMillis(Long.MAX_VALUE), a common way to write
 * "forever") waits instead of throwing ArithmeticException, and a null one is named.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaitDurationsTest {
  private static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);

  @Test
  void aChannelsWaitsTakeForever() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).channel(Events.class, "events", 4).start();
        ManagerClient client = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key).connect();
        Producer<Events> producer = client.producer(Events.class, "events", FOREVER);
        Receiver<Events> receiver = client.receiver(Events.class, "events")) {
      producer.send().item(1, 1);
      producer.send().item(1, 2);
      producer.flush();
      Recorder r = new Recorder();
      assertTrue(receiver.receive(r, FOREVER));
      receiver.get(r, true, FOREVER);
      assertEquals(2, r.seen.size(), String.valueOf(r.seen));
      assertEquals("timeout", assertThrows(NullPointerException.class, () -> receiver.receive(r, null)).getMessage());
      assertEquals("sendTimeout", assertThrows(NullPointerException.class,
          () -> client.producer(Events.class, "events", null)).getMessage());
      Subscription subscription = client.consume(Events.class, "events", new Recorder());
      subscription.close();
      assertTrue(subscription.awaitEnd(FOREVER));
      assertEquals("timeout", assertThrows(NullPointerException.class, () -> subscription.awaitEnd(null)).getMessage());
    }
  }

  @Test
  void aManagersAwaitTerminationTakesForever() throws Exception {
    Manager manager = Manager.builder().address(0).authKey(AuthKey.generate()).start();
    assertEquals("timeout", assertThrows(NullPointerException.class, () -> manager.awaitTermination(null)).getMessage());
    manager.close();
    assertTrue(manager.awaitTermination(FOREVER));
  }
}
