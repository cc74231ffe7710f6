package io.typedipc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The read buffer of a client's or a pipe end's connection: it grows for large frames and is given back when the reader waits. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FrameChannelBuffersTest {

  @Test
  void aReaderThatWaitsWithNothingUnreadGivesBackABufferGrownForLargeFrames() throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try (SocketChannel a = SocketChannel.open(server.getLocalAddress()); SocketChannel b = server.accept()) {
        FrameChannel writer = new FrameChannel(a, 0, FrameChannel.WRITE_STALL_NANOS);
        FrameChannel reader = new FrameChannel(b, 0, FrameChannel.WRITE_STALL_NANOS);
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
  }
}
