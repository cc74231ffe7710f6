package io.typedipc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.testing.TestThreads;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written rings, hard: two channels over the smallest rings (4 KiB) carry frames of
 * random sizes up to five times a ring, both directions at once, so that every copy wraps, writers
 * keep finding the ring full and sleep until the reader rings, readers keep sleeping until the
 * writer rings, and each side's reader and writer read each other's doorbells. Every frame carries
 * its sequence number and a checksum: nothing may be lost, duplicated, reordered or torn.
 */
class SharedRingsTest {
  private static final int FRAMES = 20_000;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void framesOfEverySizeCrossTinyRingsBothWaysIntactWithoutSpinning(@TempDir Path dir) throws Exception {
    exchange(dir, 0);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void framesOfEverySizeCrossTinyRingsBothWaysIntactWhileSpinning(@TempDir Path dir) throws Exception {
    exchange(dir, TimeUnit.MICROSECONDS.toNanos(20));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aReaderWaitingOnTheRingLearnsThatThePeerIsGone(@TempDir Path dir) throws Exception {
    try (Pair pair = Pair.open(dir, 0)) {
      CompletableFuture<Boolean> read = CompletableFuture.supplyAsync(() -> {
        try {
          return pair.manager.readFrame(-1);
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      }, TestThreads.EACH);
      pair.client.close(); // the peer's socket ends: as when its process is killed
      Throwable e = assertThrows(Exception.class, () -> read.get(30, TimeUnit.SECONDS)).getCause().getCause();
      assertTrue(e instanceof EOFException, String.valueOf(e));
    }
  }

  private static void exchange(Path dir, long spinNanos) throws Exception {
    try (Pair pair = Pair.open(dir, spinNanos)) {
      CompletableFuture<Void> up = CompletableFuture.runAsync(() -> send(pair.client, 1), TestThreads.EACH);
      CompletableFuture<Void> down = CompletableFuture.runAsync(() -> send(pair.manager, 2), TestThreads.EACH);
      CompletableFuture<Void> upRead = CompletableFuture.runAsync(() -> receive(pair.manager, 1), TestThreads.EACH);
      CompletableFuture<Void> downRead = CompletableFuture.runAsync(() -> receive(pair.client, 2), TestThreads.EACH);
      CompletableFuture.allOf(up, down, upRead, downRead).get(100, TimeUnit.SECONDS);
    }
  }

  /** Sends {@link #FRAMES} frames: length | sequence | crc32 of the body | body of random bytes. */
  private static void send(FrameChannel channel, long seed) {
    Random random = new Random(seed);
    try {
      for (int i = 0; i < FRAMES; i++) {
        int body = random.nextInt(10) == 0 ? random.nextInt(5 * SharedRings.MIN_CAPACITY) : random.nextInt(200);
        byte[] frame = new byte[4 + 8 + body];
        FrameChannel.writeInt(frame, 0, 8 + body);
        byte[] bytes = new byte[body];
        random.nextBytes(bytes);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        FrameChannel.writeInt(frame, 4, i);
        FrameChannel.writeInt(frame, 8, (int) crc.getValue());
        System.arraycopy(bytes, 0, frame, 12, body);
        if (random.nextBoolean()) {
          channel.send(frame, 0, frame.length);
        } else {
          channel.enqueue(frame, 0, frame.length);
          channel.flush();
        }
      }
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  private static void receive(FrameChannel channel, long seed) {
    Random random = new Random(seed);
    try {
      for (int i = 0; i < FRAMES; i++) {
        int body = random.nextInt(10) == 0 ? random.nextInt(5 * SharedRings.MIN_CAPACITY) : random.nextInt(200);
        byte[] expected = new byte[body];
        random.nextBytes(expected);
        random.nextBoolean();
        if (!channel.readFrame(TimeUnit.SECONDS.toNanos(30))) {
          throw new AssertionError("frame " + i + " did not arrive within 30 s");
        }
        byte[] b = channel.frameBuffer();
        int at = channel.frameOffset();
        assertEquals(8 + body, channel.frameLength(), "length of frame " + i);
        assertEquals(i, FrameChannel.readInt(b, at), "sequence");
        CRC32 crc = new CRC32();
        crc.update(b, at + 8, body);
        assertEquals((int) crc.getValue(), FrameChannel.readInt(b, at + 4), "checksum of frame " + i);
        for (int k = 0; k < body; k++) {
          if (b[at + 8 + k] != expected[k]) {
            throw new AssertionError("frame " + i + " differs at byte " + k);
          }
        }
      }
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  /** A Manager-side and a client-side channel over one socket pair and one file of 4 KiB rings. */
  private record Pair(FrameChannel manager, FrameChannel client) implements AutoCloseable {
    static Pair open(Path dir, long spinNanos) throws IOException {
      SocketPair sockets = SocketPair.open(); // closed with the channels
      SharedRings.Created created = SharedRings.create(dir, SharedRings.MIN_CAPACITY, new SecureRandom());
      SharedRings mapped = SharedRings.open(created.file(), SharedRings.MIN_CAPACITY);
      Files.delete(created.file());
      FrameChannel manager = FrameChannel.sharedMemory(sockets.b(), created.rings(), true, spinNanos, Long.MAX_VALUE);
      FrameChannel client = FrameChannel.sharedMemory(sockets.a(), mapped, false, spinNanos, Long.MAX_VALUE);
      manager.maxInboundFrame(1 << 20);
      client.maxInboundFrame(1 << 20);
      return new Pair(manager, client);
    }

    @Override
    public void close() {
      manager.close();
      client.close();
    }
  }
}
