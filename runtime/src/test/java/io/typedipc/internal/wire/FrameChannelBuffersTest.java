package io.typedipc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.typedipc.testing.TestThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The read buffer of a connection: it grows for large frames, is kept while frames keep coming, and
 * is given back once the reader has waited {@link FrameChannel#IDLE_TRIM_NANOS} with nothing
 * arriving.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FrameChannelBuffersTest {

  @Test
  void aReaderThatWaitsWithNothingUnreadGivesBackABufferGrownForLargeFrames() throws Exception {
    try (SocketPair pair = SocketPair.open()) {
      FrameChannel writer = new FrameChannel(pair.a(), 0, FrameChannel.WRITE_STALL_NANOS);
      FrameChannel reader = new FrameChannel(pair.b(), 0, FrameChannel.WRITE_STALL_NANOS);
      reader.maxInboundFrame(4 << 20);
      int length = 1 << 20;
      byte[] frame = new byte[4 + length];
      FrameChannel.writeInt(frame, 0, length);
      frame[4 + length - 1] = 7;
      for (int i = 0; i < 3; i++) {
        writer.send(frame, 0, frame.length);
      }
      for (int i = 0; i < 3; i++) {
        assertTrue(reader.readFrame(TimeUnit.SECONDS.toNanos(30)), "frame " + i);
        assertEquals(length, reader.frameLength());
        assertEquals(7, reader.frameBuffer()[reader.frameOffset() + length - 1], "the frame whole");
        assertTrue(reader.frameBuffer().length >= length, "grown for the frame");
      }
      assertFalse(reader.readFrame(TimeUnit.MILLISECONDS.toNanos(50)), "nothing more came");
      assertTrue(reader.frameBuffer().length <= 64 * 1024,
          "a waiting reader keeps at most 64 KiB: " + reader.frameBuffer().length);
      writer.send(frame, 0, frame.length); // and grows again for the next one
      assertTrue(reader.readFrame(TimeUnit.SECONDS.toNanos(30)));
      assertEquals(7, reader.frameBuffer()[reader.frameOffset() + length - 1]);
      writer.close();
      reader.close();
    }
  }

  @Test
  void aReaderKeepsItsGrownBufferAcrossAShortWait() throws Exception {
    try (SocketPair pair = SocketPair.open()) {
      FrameChannel writer = new FrameChannel(pair.a(), 0, FrameChannel.WRITE_STALL_NANOS);
      FrameChannel reader = new FrameChannel(pair.b(), 0, FrameChannel.WRITE_STALL_NANOS);
      reader.maxInboundFrame(4 << 20);
      byte[] frame = frame(256 * 1024);
      writer.send(frame, 0, frame.length);
      assertTrue(reader.readFrame(TimeUnit.SECONDS.toNanos(30)));
      byte[] grown = reader.frameBuffer();
      assertTrue(grown.length >= 256 * 1024, "grown for the frame");
      long start = System.nanoTime();
      assertFalse(reader.readFrame(TimeUnit.MILLISECONDS.toNanos(1)), "nothing more came");
      long waited = System.nanoTime() - start;
      assumeTrue(waited < FrameChannel.IDLE_TRIM_NANOS, "the machine was too slow to tell: the wait took " + waited + " ns");
      assertTrue(grown == reader.frameBuffer(), "a short wait keeps the grown buffer (a stream does not regrow it per frame)");
      writer.close();
      reader.close();
    }
  }

  @Test
  void aBlockingReaderGivesBackItsGrownBufferOnceIdleAndStillReadsTheNextFrame() throws Exception {
    try (SocketPair pair = SocketPair.open()) {
      FrameChannel writer = new FrameChannel(pair.a(), 0, FrameChannel.WRITE_STALL_NANOS);
      FrameChannel reader = FrameChannel.blocking(pair.b()); // how the Manager reads its connections
      reader.maxInboundFrame(4 << 20);
      reader.trimIdleBuffers(); // as the Manager's reader does: idle means down to the initial size
      int length = 1 << 20;
      byte[] frame = frame(length);
      writer.send(frame, 0, frame.length);
      assertTrue(reader.readFrame(-1));
      assertTrue(reader.frameBuffer().length >= length, "grown for the frame");
      CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> {
        try {
          return reader.readFrame(-1) && reader.frameLength() == length
              && reader.frameBuffer()[reader.frameOffset() + length - 1] == 7;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, TestThreads.EACH);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (reader.frameBuffer().length > 4 * 1024 && System.nanoTime() < deadline) {
        Thread.onSpinWait(); // polling: the reader gives the buffer back while it waits in its read
      }
      assertTrue(reader.frameBuffer().length <= 4 * 1024,
          "an idle blocking reader keeps 4 KiB: " + reader.frameBuffer().length);
      assertFalse(next.isDone(), "the reader still waits");
      writer.send(frame, 0, frame.length);
      assertTrue(next.get(30, TimeUnit.SECONDS), "the next frame arrives whole");
      writer.close();
      reader.close();
    }
  }

  private static byte[] frame(int length) {
    byte[] frame = new byte[4 + length];
    FrameChannel.writeInt(frame, 0, length);
    frame[4 + length - 1] = 7;
    return frame;
  }
}
