package io.typedipc.internal.channel;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.AuthKey;
import io.typedipc.ChannelClosedException;
import io.typedipc.EndOfStreamException;
import io.typedipc.ProtocolException;
import io.typedipc.TypedIpcException;
import io.typedipc.VersionMismatchException;
import io.typedipc.internal.serial.FrameOutput;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.internal.wire.FrameChannel;
import io.typedipc.internal.wire.Handshake;
import io.typedipc.spi.Dispatcher;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.RemoteObject;
import io.typedipc.spi.SharedBinding;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One end of a pipe: a direct, authenticated TCP connection to the other process, no Manager in
 * between.
 *
 * <p>Sending: a proxy call encodes its message into the current batch and returns; a writer thread
 * writes the batch as one frame while callers fill the other one (double buffering), so a fast
 * sender puts thousands of messages in each frame and a lone message leaves after one thread
 * wake-up. When the peer does not read, TCP fills up and callers block, like Python's {@code
 * send}.
 *
 * <p>Receiving: the receiving thread reads frames itself (no hand-off) and dispatches their
 * messages one by one.
 *
 * <p>Frames: {@code DATA: u8 1 | i32 count | messages} ({@link MessageCodec}), {@code CLOSE: u8 2},
 * and, once after the handshake, {@code HELLO: u8 3 | sends interface | fingerprint | receives
 * interface | fingerprint} (empty names for a direction not used).
 */
public final class PipeConnection implements RemoteObject, BatchingSender {
  private static final byte DATA = 1;
  private static final byte CLOSE = 2;
  private static final byte HELLO = 3;
  private static final int HEADER = 4 + 1 + 4;
  private static final int BATCH_BYTES = 64 * 1024;
  private static final long CLOSE_LINGER_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final FrameChannel channel;
  private final SharedBinding sends;
  private final SharedBinding receives;
  private final MessageCodec sendCodec;
  private final int peerLimit;
  private final String peer;

  // sending
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Kryo kryo;
  private FrameOutput filling = newBatch();
  private FrameOutput spare = newBatch();
  private int count;
  private long accepted;
  private long written;
  private boolean writerWaiting;
  private boolean closing;
  private volatile boolean peerClosed;
  private RuntimeException failure;
  private final Thread writer;

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
    this.sendCodec = sends == null ? null : new MessageCodec(sends.descriptor(), serialization);
    this.kryo = serialization.borrow();
    this.decoder = receives == null ? null : new MessageCodec(receives.descriptor(), serialization).decoder();
    if (sends != null) {
      writer = new Thread(this::writeLoop, "typedipc-pipe-writer-" + peer);
      writer.setDaemon(true);
      writer.start();
    } else {
      writer = null;
    }
  }

  private static FrameOutput newBatch() {
    FrameOutput out = new FrameOutput(BATCH_BYTES + 1024);
    out.setPosition(HEADER);
    return out;
  }

  /**
   * Authenticates the connection (the listening side plays the server's part of the handshake),
   * exchanges and checks the interfaces of both ends.
   *
   * @param sends binding of what this end sends, or null
   * @param receives binding of what this end receives, or null
   */
  public static PipeConnection open(SocketChannel socket, boolean listening, AuthKey key, int maxFrame,
      long handshakeDeadlineNanos, SharedBinding sends, SharedBinding receives, Serialization serialization) throws IOException {
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
    return sends == null ? null : sends.newProxy(this);
  }

  /** The address of the other end, for messages. */
  public String peer() {
    return peer;
  }

  // ------------------------------------------------------------------ sending

  @Override
  public <R> R call(MethodDescriptor method, Object[] args) {
    lock.lock();
    try {
      while (true) {
        if (failure != null) {
          throw failure instanceof ChannelClosedException c ? new ChannelClosedException(c.getMessage())
              : new ChannelClosedException("the pipe to " + peer + " failed: " + failure.getMessage());
        }
        if (peerClosed) {
          throw new ChannelClosedException("the other end of the pipe (" + peer + ") was closed; " + method.name() + " was not sent");
        }
        if (closing) {
          throw new ChannelClosedException("this end of the pipe was closed; " + method.name() + " was not sent");
        }
        if (filling.position() < BATCH_BYTES) {
          break;
        }
        changed.await();
      }
      int start = filling.position();
      sendCodec.encode(kryo, filling, method, args, peerLimit - HEADER);
      if (filling.position() - 4 > peerLimit && count > 0) {
        moveToNextBatch(start);
      }
      count++;
      accepted++;
      if (writerWaiting) {
        changed.signalAll();
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TypedIpcException("interrupted while sending " + method.name() + " through the pipe", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public <R> CompletableFuture<R> callAsync(MethodDescriptor method, Object[] args) {
    throw new UnsupportedOperationException("pipe messages are one-way");
  }

  /**
   * The message encoded at {@code start} made the batch too large for one frame of the other end:
   * takes it out, lets the writer send the batch without it, and puts it into the next one (alone,
   * or after others that fit). A single message always fits: {@code encode} refused it otherwise.
   */
  private void moveToNextBatch(int start) throws InterruptedException {
    byte[] message = java.util.Arrays.copyOfRange(filling.getBuffer(), start, filling.position());
    filling.setPosition(start);
    while (count > 0 && filling.position() + message.length - 4 > peerLimit) {
      if (failure != null) {
        throw new ChannelClosedException("the pipe to " + peer + " failed: " + failure.getMessage());
      }
      changed.signalAll(); // the writer takes the batch
      changed.await();
    }
    filling.writeBytes(message);
  }

  private void writeLoop() {
    while (true) {
      FrameOutput batch;
      int n;
      lock.lock();
      try {
        while (count == 0) {
          if (closing || failure != null) {
            return;
          }
          writerWaiting = true;
          try {
            changed.await();
          } catch (InterruptedException e) {
            return;
          } finally {
            writerWaiting = false;
          }
        }
        batch = filling;
        n = count;
        filling = spare;
        count = 0;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      RuntimeException error = null;
      try {
        byte[] b = batch.getBuffer();
        int length = batch.position();
        FrameChannel.writeInt(b, 0, length - 4);
        b[4] = DATA;
        writeCount(b, 5, n);
        channel.send(b, 0, length);
      } catch (IOException e) {
        error = new ChannelClosedException("the other end of the pipe (" + peer + ") is gone: " + e.getMessage());
      } catch (RuntimeException e) {
        error = e;
      }
      lock.lock();
      try {
        if (error != null) {
          failure = error;
        } else {
          written += n;
        }
        batch.setPosition(HEADER);
        spare = batch.getBuffer().length > 4 * BATCH_BYTES ? newBatch() : batch;
        changed.signalAll();
        if (error != null) {
          return;
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Little-endian, as Kryo's {@link Input#readInt()} reads it. */
  private static void writeCount(byte[] b, int offset, int value) {
    b[offset] = (byte) value;
    b[offset + 1] = (byte) (value >>> 8);
    b[offset + 2] = (byte) (value >>> 16);
    b[offset + 3] = (byte) (value >>> 24);
  }

  @Override
  public void flush() {
    if (sends == null) {
      return;
    }
    lock.lock();
    try {
      long target = accepted;
      while (written < target) {
        if (failure != null) {
          throw new ChannelClosedException((target - written) + " messages could not be sent through the pipe: " + failure.getMessage());
        }
        changed.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TypedIpcException("interrupted while flushing the pipe", e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Flushes, tells the other end (which receives what was sent, then the end of the stream), and
   * closes. Idempotent.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closing) {
        return;
      }
    } finally {
      lock.unlock();
    }
    try {
      flush();
    } catch (RuntimeException e) {
      // the other end is gone; closing anyway
    }
    lock.lock();
    try {
      closing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      channel.send(new byte[] {0, 0, 0, 1, CLOSE}, 0, 5);
    } catch (IOException | RuntimeException e) {
      // the other end is gone
    }
    if (receiveLock.tryLock()) {
      finishClosing();
    } else {
      // another thread is receiving: it ends when the other end answers the CLOSE (or goes away);
      // closing must not wait for that
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
   * closing never resets the connection under data the other end has yet to read.
   */
  private void lingerThenClose() {
    if (peerClosed) {
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
    receiveLock.lock();
    try {
      Dispatcher d = dispatcher(handler);
      long n = 0;
      try {
        while (true) {
          awaitMessage(-1);
          while (decoder.remaining() > 0) {
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
    receiveLock.lock();
    try {
      return awaitMessage(timeoutNanos);
    } catch (EndOfStreamException e) {
      return true;
    } finally {
      receiveLock.unlock();
    }
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
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (sends == null || closing) {
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
    lock.lock();
    try {
      return closing;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the other end closed or went away (as far as this end has read). */
  public boolean isPeerClosed() {
    return peerClosed;
  }

  /** Checks {@code binding} is a channel's (or null). */
}
