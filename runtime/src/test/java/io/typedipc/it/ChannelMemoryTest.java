package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ChannelHandle;
import io.typedipc.ManagerClient;
import io.typedipc.Producer;
import io.typedipc.Receiver;
import io.typedipc.RemoteException;
import io.typedipc.channel.Events;
import io.typedipc.channel.Shape;
import io.typedipc.internal.channel.ChannelService;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a channel keeps for the clients that use it (a 256 MiB Manager in its own JVM). It kept
 * every producer and consumer id a client ever used until the client left: a long-lived client
 * opening and closing producers and receivers grew it by about 330 bytes a cycle, and a key
 * holder naming ids of its own through the channel's service filled the heap (an audit).
 */
@Timeout(120)
class ChannelMemoryTest {
  private static final long KiB = 1024;

  @Test
  void aLongLivedClientsClosedProducersAndReceiversLeaveNothingInTheChannel() throws Exception {
    int cycles = 10_000;
    try (BoundedManager manager = BoundedManager.start();
        ManagerClient client = TestTransport.connect(manager.port, manager.key)) {
      ChannelHandle<Events> channel = client.channel(Events.class, "churn", 16);
      Recorder r = new Recorder();
      cycle(channel, r, 0); // the first of everything: classes, buffers
      long grew = manager.heapGrowth(cycles, "producers and receivers opened, used and closed", i -> cycle(channel, r, i + 1));
      assertEquals(cycles + 1, r.count);
      assertTrue(grew < cycles * 100, cycles + " closed producers and receivers still cost the Manager " + (grew / KiB) + " KiB");
    }
  }

  private static void cycle(ChannelHandle<Events> channel, Recorder r, int i) {
    try (Producer<Events> p = channel.producer()) {
      p.send().item(1, i);
    }
    try (Receiver<Events> receiver = channel.receiver()) {
      assertTrue(receiver.receive(r, Duration.ofSeconds(10)));
    }
  }

  @Test
  void theIdsAClientNamesThroughTheChannelServiceAreBounded() throws Exception {
    try (BoundedManager manager = BoundedManager.start();
        ManagerClient client = TestTransport.connect(manager.port, manager.key)) {
      client.channel(Events.class, "full", 1);
      try (Producer<Events> p = client.producer(Events.class, "full")) {
        p.send().text("fills it");
      }
      ChannelService service = client.shared(ChannelService.class, "full");

      RemoteException longId = assertInstanceOf(RemoteException.class, failureOf(service.reserve("p".repeat(257), 1, 0)));
      assertEquals(IllegalArgumentException.class.getName(), longId.remoteType(), longId.getMessage());

      // a reservation that gets nothing (the channel is full) leaves nothing behind
      long grew = manager.heapGrowth(20_000, "refused reservations", i -> assertEquals(0, service.reserve("producer-" + i, 1, 0).join()));
      assertTrue(grew < 1024 * KiB, "20,000 refused reservations cost the Manager " + (grew / KiB) + " KiB");

      // consumers: at most 10,000 a client at once (the channel holds one message: all but one get nothing)
      for (int i = 0; i < 10_000; i++) {
        service.take("consumer-" + i, 0, 1, 1 << 20, 0).get(10, TimeUnit.SECONDS);
      }
      RemoteException tooMany = assertInstanceOf(RemoteException.class, failureOf(service.take("consumer-10000", 0, 1, 1 << 20, 0)));
      assertEquals(IllegalStateException.class.getName(), tooMany.remoteType(), tooMany.getMessage());
      assertTrue(tooMany.getMessage().contains("at most 10000 consumers"), tooMany.getMessage());
      manager.assertServes();
    }
  }

  /** Counts the messages it handles. */
  static final class Recorder implements Events {
    int count;

    @Override
    public void item(int producer, long seq) {
      count++;
    }

    @Override
    public void text(String text) {
      count++;
    }

    @Override
    public void payload(byte[] data) {
      count++;
    }

    @Override
    public void unregistered(Shape value) {
      count++;
    }
  }

  /** The failure of {@code future}, which must fail within 10 s. */
  private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the call did not fail");
  }
}
