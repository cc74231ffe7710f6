package io.typedipc.internal.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the Manager's channel queue cuts deliveries out of producers' batches: a whole batch is
 * handed on as it arrived (no copy, no walk over its messages); a batch is split only when it is
 * the first of a delivery and alone exceeds the consumer's limits.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelQueueDeliveryTest {

  /** {@code count} messages of 8 bytes each: a length (4) and a method id, {@code first} on. */
  private static byte[] batch(int first, int count) {
    ByteBuffer b = ByteBuffer.allocate(count * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      b.putInt(4).putInt(first + i);
    }
    return b.array();
  }

  private static int firstId(Delivery d) {
    return ByteBuffer.wrap(d.batch()).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
  }

  private static ChannelQueue queueWith(byte[]... batches) throws Exception {
    ChannelQueue q = new ChannelQueue("test", "Events", "fingerprint", 1000);
    assertEquals(100, q.reserve("p", 100, 0).get());
    for (byte[] b : batches) {
      q.put("p", b, b.length / 8, 0);
    }
    return q;
  }

  @Test
  void aWholeBatchIsHandedOnAsItArrivedAndTheNextIsNotSplitToFillUp() throws Exception {
    byte[] a = batch(0, 3);
    byte[] b = batch(3, 3);
    ChannelQueue q = queueWith(a, b);
    Delivery first = q.take("c", 0, 4, 1 << 20, 0).get(); // room for 4: the second batch would not fit whole
    assertEquals(3, first.count());
    assertSame(a, first.batch(), "no copy of a whole batch");
    Delivery second = q.take("c", first.id(), 4, 1 << 20, 0).get();
    assertEquals(3, second.count());
    assertSame(b, second.batch());
  }

  @Test
  void batchesThatFitWholeGoTogether() throws Exception {
    ChannelQueue q = queueWith(batch(0, 3), batch(3, 3), batch(6, 3));
    Delivery d = q.take("c", 0, 7, 1 << 20, 0).get();
    assertEquals(6, d.count());
    assertEquals(48, d.batch().length);
    MessageCodec.checkBatch(d.batch(), 6);
  }

  @Test
  void theFirstBatchIsSplitWhenItAloneExceedsTheLimits() throws Exception {
    ChannelQueue q = queueWith(batch(0, 5), batch(5, 5));
    Delivery byCount = q.take("c", 0, 2, 1 << 20, 0).get();
    assertEquals(2, byCount.count());
    assertEquals(16, byCount.batch().length);
    assertEquals(0, firstId(byCount));
    Delivery byBytes = q.take("c", byCount.id(), 100, 20, 0).get(); // 20 bytes: two 8-byte messages
    assertEquals(2, byBytes.count());
    assertEquals(2, firstId(byBytes));
    Delivery rest = q.take("c", byBytes.id(), 100, 1 << 20, 0).get();
    assertEquals(6, rest.count(), "the rest of the first batch, and the next, which fits whole");
    assertEquals(4, firstId(rest));
    MessageCodec.checkBatch(rest.batch(), 6);
  }

  @Test
  void aConsumerWhoseByteLimitIsBelowOneMessageStillGetsOne() throws Exception {
    ChannelQueue q = queueWith(batch(0, 3));
    Delivery d = q.take("c", 0, 100, 4, 0).get();
    assertEquals(1, d.count());
    assertEquals(0, firstId(d));
  }
}
