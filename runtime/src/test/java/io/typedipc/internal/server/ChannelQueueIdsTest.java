package io.typedipc.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.Caller;
import io.typedipc.internal.channel.ChannelQueue;
import io.typedipc.internal.channel.Delivery;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a channel keeps for a client that stays: it kept every producer and consumer id the client
 * ever used until it left, so a long-lived client's closed producers and receivers piled up (about
 * 330 bytes a cycle), and a key holder naming ids of its own through the channel's service ran a
 * 256 MiB Manager out of heap (an audit). Now a producer is kept while it holds or waits for
 * places, a consumer until it detaches (the last 1,024 detached ids are remembered), ids are at
 * most 256 characters, and a client has at most 10,000 producers and consumers at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelQueueIdsTest {
  private static final Caller CLIENT = new Caller() {
    @Override
    public String id() {
      return "client-1";
    }

    @Override
    public boolean isConnected() {
      return true;
    }

    @Override
    public void onDisconnect(Runnable action) {
      // the client stays
    }
  };

  /** Makes a call as the Manager does for one of {@link #CLIENT}'s. */
  private static <T> T asClient(Supplier<T> call) {
    Caller before = CurrentCaller.set(CLIENT);
    try {
      return call.get();
    } finally {
      CurrentCaller.set(before);
    }
  }

  private static byte[] oneMessage() {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(4).putInt(1).array();
  }

  @Test
  void closedProducersAndDetachedConsumersAreNotKept() {
    ChannelQueue q = new ChannelQueue("test", "Events", "fingerprint", 16);
    byte[] message = oneMessage();
    for (int i = 0; i < 10_000; i++) {
      String producer = "producer-" + i;
      String consumer = "consumer-" + i;
      assertEquals(1, asClient(() -> q.reserve(producer, 1, 0)).join());
      asClient(() -> q.put(producer, message, message.length, 1, 0)); // its last place: the producer is done
      Delivery d = asClient(() -> q.take(consumer, 0, 1, 1 << 20, 0)).join();
      assertEquals(1, d.count());
      asClient(() -> {
        q.detach(consumer, d.id(), 0, 0);
        return null;
      });
    }
    assertTrue(q.clientIdsKept() <= 1024, q.clientIdsKept() + " ids kept after 10,000 closed producers and consumers");
    assertEquals(0, q.state().queued());
  }

  @Test
  void aReservationThatGetsNothingLeavesNothing() {
    ChannelQueue q = new ChannelQueue("test", "Events", "fingerprint", 1);
    assertEquals(1, asClient(() -> q.reserve("filler", 1, 0)).join());
    for (int i = 0; i < 20_000; i++) {
      String producer = "producer-" + i;
      assertEquals(0, asClient(() -> q.reserve(producer, 1, 0)).join(), "the channel is full");
    }
    assertEquals(1, q.clientIdsKept(), "only the producer holding the place");
  }

  /**
   * A producer whose places are all used is kept while it still waits for more, and forgotten
   * once that wait ends; thousands of parked reservations that expire leave nothing.
   */
  @Test
  void aProducerIsKeptWhileItWaitsForPlacesAndForgottenAfter() throws Exception {
    ChannelQueue q = new ChannelQueue("test", "Events", "fingerprint", 1);
    byte[] message = oneMessage();
    assertEquals(1, asClient(() -> q.reserve("p", 1, 0)).join());
    java.util.concurrent.CompletableFuture<Integer> waiting = asClient(() -> q.reserve("p", 1, 200));
    asClient(() -> q.put("p", message, message.length, 1, 0)); // its last place, but it waits for more
    assertEquals(1, q.clientIdsKept(), "the waiting producer is kept");
    assertEquals(0, waiting.get(30, TimeUnit.SECONDS), "the channel stayed full");
    assertEquals(0, q.clientIdsKept(), "forgotten once its wait ended");

    ChannelQueue full = new ChannelQueue("test", "Events", "fingerprint", 1);
    assertEquals(1, asClient(() -> full.reserve("filler", 1, 0)).join());
    java.util.List<java.util.concurrent.CompletableFuture<Integer>> waits = new java.util.ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      String producer = "parked-" + i;
      waits.add(asClient(() -> full.reserve(producer, 1, 100)));
    }
    for (java.util.concurrent.CompletableFuture<Integer> w : waits) {
      assertEquals(0, w.get(30, TimeUnit.SECONDS));
    }
    assertEquals(1, full.clientIdsKept(), "only the producer holding the place");
  }

  @Test
  void idsAreBoundedInLengthAndNumber() {
    ChannelQueue q = new ChannelQueue("test", "Events", "fingerprint", 1);
    assertThrows(IllegalArgumentException.class, () -> asClient(() -> q.reserve("p".repeat(257), 1, 0)));
    assertThrows(IllegalArgumentException.class, () -> asClient(() -> q.take("c".repeat(257), 0, 1, 1 << 20, 0)));
    for (int i = 0; i < 10_000; i++) {
      String consumer = "consumer-" + i;
      asClient(() -> q.take(consumer, 0, 1, 1 << 20, 0)).join();
    }
    IllegalStateException tooMany = assertThrows(IllegalStateException.class,
        () -> asClient(() -> q.take("consumer-10000", 0, 1, 1 << 20, 0)));
    assertTrue(tooMany.getMessage().contains("at most 10000 consumers"), tooMany.getMessage());
  }
}
