package io.typedipc.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.typedipc.internal.channel.ChannelQueue;
import io.typedipc.internal.channel.Delivery;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A channel's takes and reservations parked through a connection that ended are withdrawn (see
 * {@link WithdrawsWaits}): no message goes to a take nobody reads, no place to a producer that was
 * told its connection was lost, and the waits behind them, from other connections, are served as
 * if they had never been.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelQueueWithdrawTest {
  private static final long PARKED_MILLIS = ChannelQueue.MAX_WAIT_MILLIS;
  private final Object cut = new Object();
  private final Object staying = new Object();

  /** Makes a call as the Manager does for one that came through {@code connection}. */
  private static <T> T through(Object connection, Supplier<T> call) {
    CurrentCaller.Slot slot = CurrentCaller.slot();
    slot.connection = connection;
    try {
      return call.get();
    } finally {
      slot.connection = null;
    }
  }

  /** Three messages of 8 bytes each: a length (4) and a method id. */
  private static byte[] threeMessages() {
    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 3; i++) {
      b.putInt(4).putInt(i);
    }
    return b.array();
  }

  @Test
  void aWithdrawnTakeGetsNoMessagesAndTheNextTakeGetsThemAll() throws Exception {
    ChannelQueue q = new ChannelQueue("test", "Events", "fingerprint", 100);
    CompletableFuture<Delivery> parked = through(cut, () -> q.take("c", 0, 10, 1 << 20, PARKED_MILLIS));
    assertFalse(parked.isDone(), "nothing to take yet: it parks");

    q.withdraw(staying);
    assertFalse(parked.isDone(), "only the waits of the connection that ended are withdrawn");
    q.withdraw(cut);
    Delivery ended = parked.getNow(null);
    assertNotNull(ended, "a withdrawn take ends at once");
    assertEquals(0, ended.count());

    assertEquals(10, q.reserve("p", 10, 0).get());
    byte[] batch = threeMessages();
    q.put("p", batch, batch.length, 3, 7);
    assertEquals(3, q.state().queued(), "nothing went to the withdrawn take");
    Delivery next = q.take("c", 0, 10, 1 << 20, 0).get();
    assertEquals(3, next.count());
  }

  /**
   * A delivery that answered a take of the ended connection, unacknowledged, may never have been
   * read; the consumer's next acknowledgement, through another connection, would count it as
   * consumed. It comes back to the queue; an acknowledged one, or one taken through another
   * connection, does not.
   */
  @Test
  void anUnacknowledgedDeliveryThroughTheEndedConnectionComesBack() throws Exception {
    ChannelQueue q = new ChannelQueue("test", "Events", "fingerprint", 100);
    assertEquals(30, q.reserve("p", 30, 0).get());
    byte[] batch = threeMessages();
    for (int i = 0; i < 3; i++) {
      q.put("p", batch, batch.length, 3, 0);
    }
    Delivery acked = through(cut, () -> q.take("c", 0, 3, 1 << 20, 0)).join();
    Delivery lost = through(cut, () -> q.take("c", acked.id(), 3, 1 << 20, 0)).join(); // acknowledges the first
    Delivery elsewhere = through(staying, () -> q.take("d", 0, 3, 1 << 20, 0)).join();
    assertEquals(3, lost.count());
    assertEquals(3, elsewhere.count());
    assertEquals(0, q.state().queued());

    q.withdraw(cut);
    assertEquals(3, q.state().queued(), "only the unacknowledged delivery of the ended connection came back");
    assertEquals(3, q.state().inFlight(), "the other consumer's delivery is still its own");
    Delivery again = through(staying, () -> q.take("c", acked.id(), 3, 1 << 20, 0)).join();
    assertEquals(3, again.count(), "the consumer gets the messages it may never have read");
  }

  @Test
  void aWithdrawnReservationGetsNoPlaceAndTheOneBehindItIsServed() throws Exception {
    ChannelQueue q = new ChannelQueue("test", "Events", "fingerprint", 2);
    assertEquals(2, q.reserve("full", 2, 0).get());
    CompletableFuture<Integer> withdrawn = through(cut, () -> q.reserve("cut", 1, PARKED_MILLIS));
    CompletableFuture<Integer> behind = through(staying, () -> q.reserve("behind", 1, PARKED_MILLIS));
    assertFalse(withdrawn.isDone());

    q.withdraw(cut);
    assertEquals(0, withdrawn.getNow(-1), "a withdrawn reservation ends at once, with no place");

    q.put("full", new byte[0], 0, 0, 1); // gives one place back
    assertEquals(1, behind.get(10, TimeUnit.SECONDS), "the place goes to the reservation behind the withdrawn one");
    assertEquals(2, q.state().reserved());
  }
}
