package io.typedipc.internal.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
      q.put("p", b, b.length, b.length / 8, 0);
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
    assertEquals(48, d.length());
    MessageCodec.checkBatch(d.batch(), 6);
  }

  @Test
  void theFirstBatchIsSplitWhenItAloneExceedsTheLimits() throws Exception {
    ChannelQueue q = queueWith(batch(0, 5), batch(5, 5));
    Delivery byCount = q.take("c", 0, 2, 1 << 20, 0).get();
    assertEquals(2, byCount.count());
    assertEquals(16, byCount.length(), "the first two messages, handed on in their batch's array");
    MessageCodec.checkBatch(byCount.batch(), byCount.length(), 2);
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

  /** {@code bytes} followed by {@code room} unused bytes, as a producer sends its batch buffer. */
  private static byte[] withRoom(byte[] bytes, int room) {
    return java.util.Arrays.copyOf(bytes, bytes.length + room);
  }

  @Test
  void aBatchWithALittleUnusedRoomIsKeptAndHandedOnAsItIsWithItsLength() throws Exception {
    byte[] a = withRoom(batch(0, 3), 100);
    ChannelQueue q = new ChannelQueue("test", "Events", "fingerprint", 1000);
    assertEquals(100, q.reserve("p", 100, 0).get());
    q.put("p", a, 24, 3, 0);
    Delivery d = q.take("c", 0, 100, 1 << 20, 0).get();
    assertEquals(3, d.count());
    assertSame(a, d.batch(), "no copy");
    assertEquals(24, d.length());
    assertEquals(24, d.checkedLength());
  }

  @Test
  void aBatchWithMuchUnusedRoomIsCutToSizeBeforeItIsKept() throws Exception {
    byte[] a = withRoom(batch(0, 3), 64 * 1024);
    ChannelQueue q = new ChannelQueue("test", "Events", "fingerprint", 1000);
    assertEquals(100, q.reserve("p", 100, 0).get());
    q.put("p", a, 24, 3, 0);
    Delivery d = q.take("c", 0, 100, 1 << 20, 0).get();
    assertEquals(3, d.count());
    assertEquals(24, d.batch().length, "the Manager keeps only the messages, not the room after them");
    assertEquals(24, d.length());
    MessageCodec.checkBatch(d.batch(), 3);
  }

  @Test
  void aLengthOutsideTheBatchOrBytesAfterTheMessagesAreRefused() throws Exception {
    byte[] a = batch(0, 3);
    ChannelQueue q = new ChannelQueue("test", "Events", "fingerprint", 1000);
    assertEquals(100, q.reserve("p", 100, 0).get());
    IllegalArgumentException past = assertThrows(IllegalArgumentException.class, () -> q.put("p", a, 25, 3, 0));
    assertEquals("malformed batch: 25 bytes announced in an array of 24", past.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> q.put("p", a, -1, 3, 0));
    assertEquals("malformed batch: -1 bytes announced in an array of 24", negative.getMessage());
    IllegalArgumentException extra = assertThrows(IllegalArgumentException.class, () -> q.put("p", a, 24, 2, 0));
    assertEquals("malformed batch: 8 bytes after its 2 messages", extra.getMessage());
    assertEquals(0, q.state().queued(), "nothing of a refused batch is kept");
  }

  @Test
  void aDeliveryWhoseLengthIsNotWithinItsBatchIsAProtocolError() {
    Delivery bad = new Delivery(Delivery.MESSAGES, 1, 1, new byte[8], 9);
    io.typedipc.ProtocolException e = assertThrows(io.typedipc.ProtocolException.class, bad::checkedLength);
    assertEquals("the Manager delivered 9 bytes of messages in a batch of 8", e.getMessage());
  }
}
