package io.typedipc.internal.channel;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.AuthKey;
import io.typedipc.ChannelClosedException;
import io.typedipc.EndOfStreamException;
import io.typedipc.ProtocolException;
import io.typedipc.TypedIpcException;
import io.typedipc.VersionMismatchException;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.internal.wire.FrameChannel;
import io.typedipc.internal.wire.Handshake;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.internal.wire.SharedMemoryHandshake;
import io.typedipc.spi.Dispatcher;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.SharedBinding;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One end of a pipe: a direct, authenticated TCP connection to the other process, no Manager in
 * between.
 *
 * <p>Sending: a {@link BatchingSender} whose batches are frames: a proxy call encodes its message
 * into the current batch and returns; the sender's thread writes each batch as one frame while
 * callers fill the next, so a fast sender puts thousands of messages in each frame and a lone
 * message leaves after one thread wake-up. When the peer does not read, TCP fills up, the batch
 * buffers fill up and callers block, like Python's {@code send}.
 *
 * <p>Receiving: the receiving thread reads frames itself (no hand-off) and dispatches their
 * messages one by one.
 *
 * <p>Frames: {@code DATA: u8 1 | i32 count | messages} ({@link MessageCodec}), {@code CLOSE: u8 2},
 * and, once after the handshake, {@code HELLO: u8 3 | sends interface | fingerprint | receives
 * interface | fingerprint} (empty names for a direction not used).
 */
public final class PipeConnection {
  private static final byte DATA = 1;
  private static final byte CLOSE = 2;
  private static final byte HELLO = 3;
  /** Frame length, type, message count. */
  private static final int HEADER = 4 + 1 + 4;
  private static final int BATCH_BYTES = 256 * 1024;
  /**
   * Batch buffers of a sending end: one being filled, one waiting, one being written; with {@link
   * #BATCH_BYTES}, at most about 770 KiB a sending end (plus one message beyond a batch's size).
   */
  private static final int BUFFERS = 3;
  /**
   * While callers keep sending, the writer waits this long at a time for a fuller batch (a lone
   * message is written at once) …
   */
  private static final long LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
  /** … and this long at most for one batch. */
  private static final long MAX_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long CLOSE_LINGER_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final FrameChannel channel;
  private final SharedBinding sends;
  private final SharedBinding receives;
  private final int peerLimit;
  private final String peer;

  // sending
  private final Sender sender;
  private final Object closeLock = new Object();
  /** Set once by {@link #close()}, under {@code closeLock}; read by receivers at their call's start. */
  private volatile boolean closing;
  private volatile boolean peerClosed;

  // receiving
  private final ReentrantLock receiveLock = new ReentrantLock();
  private final MessageCodec.Decoder decoder;
  private boolean endOfStream;
  private Object lastHandler;
  private Dispatcher lastDispatcher;

  private PipeConnection(FrameChannel channel, SharedBinding sends, SharedBinding receives, Serialization serialization, int peerLimit) {
    this.channel = channel;
    this.sends = sends;
    this.receives = receives;
    this.peerLimit = peerLimit;
    this.peer = channel.remote();
    this.decoder = receives == null ? null : new MessageCodec(receives.descriptor(), serialization).decoder();
    this.sender = sends == null ? null : new Sender(new MessageCodec(sends.descriptor(), serialization));
    if (sender != null && decoder != null) {
      // a duplex end whose sends fail (the other end closed and stopped reading) still receives
      // what the other end sent before it closed, then the end of the stream
      channel.readableAfterFailedWrite();
    }
  }

  /**
   * Authenticates the connection (the listening side plays the server's part of the handshake),
   * exchanges and checks the interfaces of both ends.
   *
   * @param sends binding of what this end sends, or null
   * @param receives binding of what this end receives, or null
   */
  public static PipeConnection open(SocketChannel socket, boolean listening, AuthKey key, int maxFrame,
      long handshakeDeadlineNanos, SharedBinding sends, SharedBinding receives, Serialization serialization,
      boolean sharedMemory) throws IOException {
    FrameChannel channel = new FrameChannel(socket, 0, Long.MAX_VALUE);
    try {
      Handshake.Result result = listening
          ? Handshake.server(channel, key, maxFrame, handshakeDeadlineNanos, Handshake.Parties.PIPE)
          : Handshake.client(channel, key, maxFrame, handshakeDeadlineNanos, Handshake.Parties.PIPE);
      channel.maxInboundFrame(maxFrame);
      int peerLimit = Math.min(maxFrame, result.peerMaxFrame());
      Output hello = new Output(256, -1);
      hello.setPosition(4);
      hello.writeByte(HELLO);
      hello.writeString(name(sends));
      hello.writeString(fingerprint(sends));
      hello.writeString(name(receives));
      hello.writeString(fingerprint(receives));
      // the connecting end says whether it will ask for shared memory next (a listener never asks)
      boolean asking = !listening && sharedMemory && SharedMemoryHandshake.isLocal(socket);
      hello.writeBoolean(asking);
      FrameChannel.writeInt(hello.getBuffer(), 0, hello.position() - 4);
      channel.send(hello.getBuffer(), 0, hello.position());
      long left = handshakeDeadlineNanos - System.nanoTime();
      if (left <= 0 || !channel.readFrame(left)) {
        throw new IOException("the other end of the pipe at " + channel.remote() + " did not introduce itself in time");
      }
      Input in = Serialization.frameInput(channel.frameBuffer(), channel.frameOffset(), channel.frameLength());
      if (in.readByte() != HELLO) {
        throw new ProtocolException("the other end of the pipe at " + channel.remote() + " did not start with HELLO");
      }
      String peerSends = in.readString();
      String peerSendsPrint = in.readString();
      String peerReceives = in.readString();
      String peerReceivesPrint = in.readString();
      check("this end receives", receives, "the other end sends", peerSends, peerSendsPrint);
      check("this end sends", sends, "the other end receives", peerReceives, peerReceivesPrint);
      boolean peerAsks = in.position() < in.limit() && in.readBoolean();
      SharedMemoryHandshake.Waiting waiting =
          new SharedMemoryHandshake.Waiting(FrameChannel.SHM_SPIN_NANOS, Long.MAX_VALUE);
      if (asking) {
        channel = SharedMemoryHandshake.client(channel, socket, handshakeDeadlineNanos, waiting);
      } else if (listening && peerAsks) {
        left = handshakeDeadlineNanos - System.nanoTime();
        if (left <= 0 || !channel.readFrame(left)) {
          throw new IOException("the other end of the pipe at " + channel.remote() + " did not ask for shared memory in time");
        }
        if (channel.frameLength() < 1 || channel.frameBuffer()[channel.frameOffset()] != Protocol.SHM_REQUEST) {
          throw new ProtocolException("the other end of the pipe at " + channel.remote() + " announced a shared-memory request and sent something else");
        }
        channel = SharedMemoryHandshake.server(channel, socket, sharedMemory
            ? SharedMemoryHandshake.Settings.in(null)
            : null, handshakeDeadlineNanos, waiting);
      }
      return new PipeConnection(channel, sends, receives, serialization, peerLimit);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static String name(SharedBinding b) {
    return b == null ? "" : b.descriptor().name();
  }

  private static String fingerprint(SharedBinding b) {
    return b == null ? "" : b.descriptor().fingerprint();
  }

  private static void check(String mine, SharedBinding binding, String theirs, String name, String print) {
    String myName = name(binding);
    if (!myName.equals(name)) {
      throw new VersionMismatchException("the two ends of the pipe do not match: " + mine + " "
          + (myName.isEmpty() ? "nothing" : myName) + ", but " + theirs + " " + (name.isEmpty() ? "nothing" : name));
    }
    if (!fingerprint(binding).equals(print)) {
      throw new VersionMismatchException("the two ends of the pipe have different versions of " + myName
          + " (fingerprints " + fingerprint(binding) + " and " + print + "); compile both from the same source");
    }
  }

  /** The proxy that sends through this end, or null if this end only receives. */
  public Object newSender() {
    return sends == null ? null : sends.newProxy(sender);
  }

  /**
   * Puts this end's sending into exclusive mode: from now on one thread sends, the first that does
   * (see {@code PipeEnd.exclusiveSender()}).
   *
   * @throws IllegalStateException if this end does not send, or sent already
   */
  public void exclusiveSending() {
    if (sender == null) {
      throw new IllegalStateException("this end of the pipe only receives");
    }
    sender.exclusive();
  }

  /** The address of the other end, for messages. */
  public String peer() {
    return peer;
  }

  // ------------------------------------------------------------------ sending

  /** The sending half: batches are DATA frames, written by the sender's thread. */
  private final class Sender extends BatchingSender {
    Sender(MessageCodec codec) {
      super(codec, "typedipc-pipe-writer-" + peer, HEADER, BATCH_BYTES, peerLimit - (HEADER - 4),
          peerLimit - HEADER, BUFFERS, LINGER_NANOS, MAX_LINGER_NANOS, false);
      start();
    }

    @Override
    long admit(MethodDescriptor method, long deadline) {
      if (peerClosed) {
        throw new ChannelClosedException("the other end of the pipe (" + peer + ") was closed; " + method.name() + " was not sent");
      }
      return ADMITTED;
    }

    @Override
    void ship(Batch batch) throws IOException {
      byte[] b = batch.bytes();
      int length = batch.length();
      FrameChannel.writeInt(b, 0, length - 4);
      b[4] = DATA;
      writeCount(b, 5, batch.count);
      channel.send(b, 0, length);
    }

    @Override
    void shipPart(Batch batch, int headerAt, int end, int count) throws IOException {
      byte[] b = batch.publishedBytes();
      FrameChannel.writeInt(b, headerAt, end - headerAt - 4);
      b[headerAt + 4] = DATA;
      writeCount(b, headerAt + 5, count);
      channel.send(b, headerAt, end - headerAt);
    }

    @Override
    RuntimeException stopped(MethodDescriptor method, boolean closed, Throwable failure) {
      if (failure != null) {
        return failure instanceof IOException
            ? new ChannelClosedException("the other end of the pipe (" + peer + ") is gone: " + failure.getMessage())
            : new ChannelClosedException("the pipe to " + peer + " failed: " + failure.getMessage());
      }
      return new ChannelClosedException("this end of the pipe was closed; " + method.name() + " was not sent");
    }

    @Override
    RuntimeException flushFailed(long lost, Throwable failure) {
      return new ChannelClosedException(lost + " messages could not be sent through the pipe: "
          + (failure == null ? "its writer stopped" : failure.getMessage()));
    }

    @Override
    String target() {
      return "the pipe to " + peer;
    }
  }

  /** Little-endian, as Kryo's {@link Input#readInt()} reads it. */
  private static void writeCount(byte[] b, int offset, int value) {
    b[offset] = (byte) value;
    b[offset + 1] = (byte) (value >>> 8);
    b[offset + 2] = (byte) (value >>> 16);
    b[offset + 3] = (byte) (value >>> 24);
  }

  /** Waits until every message sent so far was written to the connection. */
  public void flush() {
    if (sender != null) {
      sender.flush();
    }
  }

  /**
   * Flushes, tells the other end (which receives what was sent, then the end of the stream), and
   * closes. Idempotent.
   */
  public void close() {
    synchronized (closeLock) {
      if (closing) {
        return;
      }
      closing = true;
    }
    if (sender != null) {
      try {
        sender.close(); // everything accepted is written, then the writer ends
      } catch (RuntimeException e) {
        // the other end is gone; closing anyway
      }
    }
    try {
      channel.send(new byte[] {0, 0, 0, 1, CLOSE}, 0, 5);
    } catch (IOException | RuntimeException e) {
      // the other end is gone
    }
    if (receiveLock.tryLock()) {
      finishClosing();
    } else {
      // another thread is receiving: woken, its receive ends with IllegalStateException (see
      // awaitMessage); closing must not wait for it to let go of the lock
      channel.wakeReader();
      Thread closer = new Thread(() -> {
        receiveLock.lock();
        finishClosing();
      }, "typedipc-pipe-closing-" + peer);
      closer.setDaemon(true);
      closer.start();
    }
  }

  /** With the receive lock held: ends receiving, releases it, then lingers and closes. */
  private void finishClosing() {
    try {
      endOfStream = true;
      if (decoder != null) {
        decoder.release();
      }
    } finally {
      receiveLock.unlock();
    }
    lingerThenClose();
  }

  /**
   * Keeps reading (and dropping) what the other end still sends until it closes its side, so that
   * closing never resets the connection under data the other end has yet to read. An end that only
   * receives closes at once instead: the other end only sends, so it reads nothing from this one,
   * and its next writes fail, so its sends fail with {@code ChannelClosedException} (Python's
   * {@code BrokenPipeError}) instead of vanishing while they report success.
   */
  private void lingerThenClose() {
    if (peerClosed || sends == null) {
      channel.close();
      return;
    }
    Thread drainer = new Thread(() -> {
      long deadline = System.nanoTime() + CLOSE_LINGER_NANOS;
      try {
        while (System.nanoTime() < deadline) {
          if (channel.readFrame(deadline - System.nanoTime())) {
            byte type = channel.frameBuffer()[channel.frameOffset()];
            if (type == CLOSE) {
              break;
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // closed by the other end: done
      } finally {
        channel.close();
      }
    }, "typedipc-pipe-close-" + peer);
    drainer.setDaemon(true);
    drainer.start();
  }

  // ------------------------------------------------------------------ receiving

  /**
   * Receives one message into {@code handler}, waiting up to {@code timeoutNanos} (negative: for
   * ever).
   *
   * @return whether a message was dispatched
   * @throws EndOfStreamException once the other end closed and everything it sent was received
   */
  public boolean receive(Object handler, long timeoutNanos) throws Exception {
    refuseIfClosed();
    receiveLock.lock();
    try {
      if (!awaitMessage(timeoutNanos)) {
        return false;
      }
      decoder.dispatchNext(dispatcher(handler));
      return true;
    } finally {
      receiveLock.unlock();
    }
  }

  /**
   * Dispatches every message until the other end closes.
   *
   * @return how many were dispatched
   */
  public long drain(Object handler) throws Exception {
    refuseIfClosed();
    receiveLock.lock();
    try {
      Dispatcher d = dispatcher(handler);
      long n = 0;
      try {
        while (true) {
          awaitMessage(-1);
          while (decoder.remaining() > 0) {
            if (closing) {
              throw closedWhileReceiving();
            }
            decoder.dispatchNext(d);
            n++;
          }
        }
      } catch (EndOfStreamException e) {
        return n;
      }
    } finally {
      receiveLock.unlock();
    }
  }

  /** Whether a message (or the end of the stream) is waiting, waiting up to {@code timeoutNanos}. */
  public boolean poll(long timeoutNanos) {
    refuseIfClosed();
    receiveLock.lock();
    try {
      return awaitMessage(timeoutNanos);
    } catch (EndOfStreamException e) {
      return true;
    } finally {
      receiveLock.unlock();
    }
  }

  /**
   * Receiving through an end its own {@link #close()} closed is a misuse, as for the JDK's closed
   * objects (and Python's {@code OSError: handle is closed}); the other end's close is the end of
   * the stream instead. Checked when a receive starts; one in progress is woken and ends with
   * {@link #closedWhileReceiving()}.
   */
  private void refuseIfClosed() {
    if (closing) {
      throw new IllegalStateException("this end of the pipe (to " + peer + ") is closed");
    }
  }

  /**
   * How a receive, poll or drain in progress when its end was closed ends, as a channel {@code
   * Receiver}'s wait does: a handler running finishes first, no other message is handled after.
   */
  private IllegalStateException closedWhileReceiving() {
    return new IllegalStateException("this end of the pipe (to " + peer + ") was closed while this thread was receiving");
  }

  private boolean awaitMessage(long timeoutNanos) {
    if (decoder == null) {
      throw new IllegalStateException("this end of the pipe only sends");
    }
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    while (decoder.remaining() == 0) {
      if (endOfStream) {
        throw endOfStream();
      }
      boolean got;
      try {
        got = channel.readFrame(timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime()));
      } catch (EOFException e) {
        endOfStream = true;
        peerGone();
        throw new EndOfStreamException("the other end of the pipe (" + peer + ") went away without closing it");
      } catch (IOException e) {
        endOfStream = true;
        peerGone();
        throw new EndOfStreamException("the pipe to " + peer + " failed: " + e.getMessage());
      }
      if (closing) { // woken by close(): what arrived meanwhile is dropped with the end
        throw closedWhileReceiving();
      }
      if (!got) {
        if (timeoutNanos >= 0 && deadline - System.nanoTime() <= 0) {
          return false;
        }
        continue;
      }
      byte[] b = channel.frameBuffer();
      int off = channel.frameOffset();
      int len = channel.frameLength();
      byte type = b[off];
      if (type == CLOSE) {
        endOfStream = true;
        peerGone();
        throw endOfStream();
      }
      if (type != DATA || len < HEADER - 4) {
        throw new ProtocolException("the other end of the pipe sent a frame of unknown type " + type);
      }
      int n = (b[off + 1] & 0xff) | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff) << 16 | (b[off + 4] & 0xff) << 24;
      if (n < 0 || n > len) {
        throw new ProtocolException("the other end of the pipe announced " + n + " messages in " + len + " bytes");
      }
      decoder.reset(b, off + 5, len - 5, n);
    }
    return true;
  }

  private EndOfStreamException endOfStream() {
    return new EndOfStreamException("the other end of the pipe (" + peer + ") was closed and everything it sent was received");
  }

  /** The other end closed: our sends fail from now on, and our side of the connection ends. */
  private void peerGone() {
    peerClosed = true;
    if (sender != null) {
      sender.lock.lock();
      try {
        sender.wakeAll();
      } finally {
        sender.lock.unlock();
      }
    }
    if (sends == null || isClosed()) {
      channel.close();
    }
  }

  private Dispatcher dispatcher(Object handler) {
    if (handler != lastHandler) {
      lastDispatcher = receives.newDispatcher(handler);
      lastHandler = handler;
    }
    return lastDispatcher;
  }

  /** Whether this end was closed. */
  public boolean isClosed() {
    synchronized (closeLock) {
      return closing;
    }
  }

  /** Whether this pipe's frames go through shared memory. */
  public boolean isSharedMemory() {
    return channel.isSharedMemory();
  }

  /** Whether the other end closed or went away (as far as this end has read). */
  public boolean isPeerClosed() {
    return peerClosed;
  }
}
