package io.typedipc.internal.wire;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;

/**
 * A two-way stream of length-prefixed frames between two authenticated peers: the seam where a
 * transport plugs in. {@link FrameChannel} carries frames over TCP (plain or TLS); a same-host
 * transport (shared memory) can carry them instead once the TCP handshake has authenticated the
 * peer. Everything above this interface — the Manager's connections, the client's, pipes — sees
 * frames only, with the same semantics whatever carries them.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>Reading</b> is done by one thread at a time: {@link #readFrame} waits for the next whole
 *       frame, which stays valid (in {@link #frameBuffer()}) until the next call. The buffer holding
 *       it never grows beyond what actually arrived (a length prefix alone allocates nothing), and
 *       a frame above {@link #maxInboundFrame()} is a {@link io.typedipc.ProtocolException}.
 *   <li><b>Writing</b> is thread-safe and never interleaves frames. {@link #offer} never blocks and
 *       respects the bound of bytes waiting ({@link #maxPendingBytes}); {@link #enqueue} blocks for
 *       room; {@link #send} writes at once (from the caller's array when nothing else waits). Bytes
 *       offered or enqueued are written by the next {@link #flush}, by whichever thread calls it;
 *       a flush finding another in progress returns at once, and that one writes them too.
 *   <li><b>Closing</b> from any thread wakes a blocked reader or writer with an {@link
 *       EOFException}.
 * </ul>
 */
public interface FrameTransport extends Closeable {

  /**
   * Waits for the next whole frame; on {@code true} it is {@link #frameBuffer()} from {@link
   * #frameOffset()} for {@link #frameLength()} bytes, until the next call.
   *
   * @param timeoutNanos how long to wait; negative means without limit
   * @return {@code false} if the time passed first
   * @throws io.typedipc.ProtocolException if the peer announces a frame beyond the limit
   * @throws EOFException if the peer closed the connection, or this side closed it
   */
  boolean readFrame(long timeoutNanos) throws IOException;

  /** The array holding the current frame. */
  byte[] frameBuffer();

  /** Where the current frame's payload starts in {@link #frameBuffer()}. */
  int frameOffset();

  /** The current frame's payload length. */
  int frameLength();

  /** Whether a whole frame beyond the current one has arrived: the next read will not wait. */
  boolean hasBufferedFrame();

  /**
   * Gives back buffers that grew for large frames, when nothing is buffered in them: called by the
   * reader before it waits for its peer, so an idle connection costs a few KiB whatever it carried
   * before. Cheap when there is nothing to give back.
   */
  void trimIdleBuffers();

  /** Sets the largest frame accepted from the peer. */
  void maxInboundFrame(int bytes);

  /** The largest frame accepted from the peer. */
  int maxInboundFrame();

  /**
   * How many times bytes arrived (wrapping): a watcher that sees it unchanged over an interval
   * knows the peer sent nothing meanwhile.
   */
  int readCount();

  /** Writes complete frames (length prefixes included) now. */
  void send(byte[] bytes, int offset, int length) throws IOException;

  /** Appends complete frames for the next {@link #flush}, blocking while the bound is reached. */
  void enqueue(byte[] bytes, int offset, int length) throws IOException;

  /**
   * Appends complete frames for the next {@link #flush} unless that takes the bytes waiting past
   * the bound; never blocks. A frame is always accepted when nothing waits.
   *
   * @return false if the bound was reached (nothing was appended)
   */
  boolean offer(byte[] bytes, int offset, int length) throws IOException;

  /** Writes everything appended so far (or leaves it to the flush in progress). */
  void flush() throws IOException;

  /** Sets the bound of bytes waiting to be written. */
  void maxPendingBytes(int bytes);

  /** Bytes appended and not yet taken by the peer's side of the transport. */
  int pendingBytes();

  /** Waits up to {@code timeoutNanos} until at most {@code bytes} wait to be written. */
  boolean awaitPendingAtMost(int bytes, long timeoutNanos) throws InterruptedException;

  /** When the write in progress started ({@link System#nanoTime()}), or 0 if none is stuck in one. */
  long writeStartedNanos();

  /** Whether {@link #close()} was called or the transport failed. */
  boolean isClosed();

  /** Closes the transport; blocked readers and writers wake with an {@link EOFException}. */
  @Override
  void close();

  /** The peer, for messages. */
  String remote();
}
