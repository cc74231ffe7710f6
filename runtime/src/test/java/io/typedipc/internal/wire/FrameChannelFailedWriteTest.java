package io.typedipc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A channel told to stay readable after a failed write still hands over what the peer sent before
 * it went away, even when the peer reset the connection (closed it with bytes of ours unread): a
 * duplex pipe end that kept sending to an end that had closed lost the messages and the close
 * that end had sent (an audit), because the failed write made every later read end the stream.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FrameChannelFailedWriteTest {

  @Test
  void whatThePeerSentBeforeResettingIsReadAfterAFailedWrite() throws Exception {
    try (SocketPair pair = SocketPair.open()) {
      SocketChannel a = pair.a();
      SocketChannel b = pair.b();
      a.configureBlocking(false); // as every connection but a blockingReads client's
      FrameChannel end = new FrameChannel(a, 0, FrameChannel.WRITE_STALL_NANOS);
      end.readableAfterFailedWrite();
      assertFalse(end.readFrame(TimeUnit.MILLISECONDS.toNanos(1)), "nothing yet: the next read waits first");
      for (int i = 1; i <= 3; i++) {
        writeFully(b, frame(i));
      }
      resetByPeer(end, b);
      for (int i = 1; i <= 3; i++) {
        assertTrue(end.readFrame(TimeUnit.SECONDS.toNanos(30)), "frame " + i);
        byte[] got = Arrays.copyOfRange(end.frameBuffer(), end.frameOffset(), end.frameOffset() + end.frameLength());
        assertArrayEquals(new byte[] {(byte) i, (byte) i, (byte) i}, got);
      }
      assertThrows(IOException.class, () -> end.readFrame(TimeUnit.SECONDS.toNanos(30)), "then the end");
      end.close();
    }
  }

  @Test
  void byDefaultAFailedWriteEndsReadingToo() throws Exception {
    try (SocketPair pair = SocketPair.open()) {
      SocketChannel a = pair.a();
      SocketChannel b = pair.b();
      a.configureBlocking(false); // as every connection but a blockingReads client's
      FrameChannel end = new FrameChannel(a, 0, FrameChannel.WRITE_STALL_NANOS);
      writeFully(b, frame(1));
      resetByPeer(end, b);
      assertThrows(IOException.class, () -> end.readFrame(TimeUnit.SECONDS.toNanos(30)));
      end.close();
    }
  }

  /** A frame of three bytes {@code b}. */
  private static byte[] frame(int b) {
    byte[] f = new byte[4 + 3];
    FrameChannel.writeInt(f, 0, 3);
    Arrays.fill(f, 4, 7, (byte) b);
    return f;
  }

  private static void writeFully(SocketChannel c, byte[] bytes) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    while (bb.hasRemaining()) {
      c.write(bb);
    }
  }

  /**
   * The peer {@code b} closes with a frame of {@code end}'s unread, which resets the connection,
   * and {@code end} sends until a send fails.
   */
  private static void resetByPeer(FrameChannel end, SocketChannel b) throws IOException, InterruptedException {
    end.send(frame(9), 0, frame(9).length); // never read by the peer:
    b.setOption(StandardSocketOptions.SO_LINGER, 0);
    b.close(); // so its close resets the connection
    sendUntilItFails(end);
  }

  private static void sendUntilItFails(FrameChannel end) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    byte[] f = frame(9);
    while (System.nanoTime() < deadline) {
      try {
        end.send(f, 0, f.length);
      } catch (IOException e) {
        return;
      }
      Thread.sleep(1); // the reset takes a moment to arrive: poll with a deadline
    }
    fail("sending never failed after the peer reset the connection");
  }
}
