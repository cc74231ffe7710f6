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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A message the producer accepts arrives, however close to the frame limit (an audit: a 15 MB
 * message under the default 16 MiB limit passed the send's check, then the producer's batch
 * buffer, grown past the limit for it, went out whole: the put was refused as too large, the
 * producer failed with a misleading {@code ConnectionLostException} and lost it and everything
 * after it). Here with a 64 KiB frame limit, where the same growth happens at 40–60 KB.
 */
@Timeout(120)
class NearLimitMessagesTest {
  private static final int FRAME = 64 * 1024;
  private static final Duration LONG = Duration.ofSeconds(60);

  @Test
  void messagesUpToTheLimitArriveAndTheProducerGoesOn() throws Exception {
    AuthKey key = AuthKey.generate();
    int[] sizes = {1_000, 40_000, 50_000, 60_000, FRAME - 600, 10, FRAME - 600, 2_000};
    try (Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key).maxFrameSize(FRAME)
            .channel(Kinds.class, "near", 100).start();
        ManagerClient client = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key)
            .maxFrameSize(FRAME).sharedMemory(TestTransport.sharedMemory()).connect()) {
      try (Producer<Kinds> producer = client.producer(Kinds.class, "near")) {
        for (int size : sizes) {
          producer.send().payload(new byte[size]);
        }
        producer.flush();
      }
      List<Integer> received = new ArrayList<>();
      Kinds handler = new Kinds() {
        @Override
        public void payload(byte[] data) {
          received.add(data.length);
        }

        @Override
        public void primitives(int i, long l, double d, float f, boolean z, byte b, short s, char c) {}

        @Override
        public void text(String first, String second) {}

        @Override
        public void reading(Reading reading) {}

        @Override
        public void shape(Shape shape) {}

        @Override
        public void boxed(Integer number, Character letter) {}

        @Override
        public void tick() {}
      };
      try (Receiver<Kinds> receiver = client.receiver(Kinds.class, "near")) {
        for (int i = 0; i < sizes.length; i++) {
          assertTrue(receiver.receive(handler, LONG), "message " + i + " within " + LONG);
        }
      }
      List<Integer> expected = new ArrayList<>();
      for (int size : sizes) {
        expected.add(size);
      }
      assertEquals(expected, received);
    }
  }
}
