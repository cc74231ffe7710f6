package io.typedipc.internal.wire;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS between {@link FrameChannel} and its non-blocking socket, with an {@link SSLEngine}. Reads
 * and writes have the shape of {@link SocketChannel#read}/{@link SocketChannel#write} (0: nothing
 * could be done now), so the frame channel's waiting logic stays the same; one thread reads while
 * another writes, as the engine allows.
 */
final class TlsLayer {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SocketChannel channel;
  private final SSLEngine engine;
  private final Object wrapLock = new Object();
  /** Encrypted bytes received, not yet unwrapped; write mode. */
  private ByteBuffer netIn;
  /** Plaintext unwrapped, not yet handed out; read mode. */
  private ByteBuffer appIn;
  /** Encrypted bytes wrapped, not yet written; read mode. Guarded by wrapLock. */
  private ByteBuffer netOut;

  TlsLayer(SocketChannel channel, SSLEngine engine) {
    this.channel = channel;
    this.engine = engine;
    int packet = engine.getSession().getPacketBufferSize();
    this.netIn = ByteBuffer.allocate(packet);
    this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
    this.netOut = ByteBuffer.allocate(packet).flip();
  }

  /** What {@link #handshakeStep} needs before it can go on. */
  enum Need {
    NOTHING,
    READABLE,
    WRITABLE,
    DONE
  }

  /** Starts the TLS handshake; drive it with {@link #handshakeStep()}. */
  void beginHandshake() throws SSLException {
    engine.beginHandshake();
  }

  /** Advances the handshake as far as the socket allows. */
  Need handshakeStep() throws IOException {
    while (true) {
      synchronized (wrapLock) {
        if (!flushNetOut()) {
          return Need.WRITABLE;
        }
      }
      HandshakeStatus hs = engine.getHandshakeStatus();
      switch (hs) {
        case NEED_TASK -> runTasks();
        case NEED_WRAP -> {
          synchronized (wrapLock) {
            wrap(EMPTY);
          }
        }
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          int before = appIn.remaining();
          if (!unwrapOnce() && appIn.remaining() == before) {
            int n = channel.read(netIn);
            if (n < 0) {
              throw new EOFException(engine.getUseClientMode()
                  ? "the Manager closed the connection during the TLS handshake"
                  : "the client closed the connection during the TLS handshake (as one does that does not trust this"
                      + " Manager's certificate for the host name it connects to)");
            }
            if (n == 0) {
              return Need.READABLE;
            }
          }
        }
        default -> {
          return Need.DONE;
        }
      }
    }
  }

  /** Plaintext into {@code dst}: returns bytes copied, 0 if none is available now, -1 at the end. */
  int read(ByteBuffer dst) throws IOException {
    while (true) {
      if (appIn.hasRemaining()) {
        int n = Math.min(dst.remaining(), appIn.remaining());
        ByteBuffer slice = appIn.slice().limit(n);
        dst.put(slice);
        appIn.position(appIn.position() + n);
        return n;
      }
      if (unwrapOnce()) {
        continue;
      }
      int n = channel.read(netIn);
      if (n < 0) {
        return -1;
      }
      if (n == 0) {
        return 0;
      }
    }
  }

  /**
   * Unwraps one record if a whole one is buffered; true if that made progress (plaintext, or a
   * handshake message consumed).
   */
  private boolean unwrapOnce() throws IOException {
    netIn.flip();
    appIn.compact();
    SSLEngineResult r;
    try {
      r = engine.unwrap(netIn, appIn);
    } finally {
      appIn.flip();
      netIn.compact();
    }
    switch (r.getStatus()) {
      case BUFFER_OVERFLOW -> {
        appIn = grow(appIn, engine.getSession().getApplicationBufferSize(), true);
        return true;
      }
      case BUFFER_UNDERFLOW -> {
        if (!netIn.hasRemaining()) {
          netIn = grow(netIn, engine.getSession().getPacketBufferSize(), false);
        }
        return false;
      }
      case CLOSED -> throw new EOFException("the peer closed the TLS session");
      default -> { }
    }
    afterEngineCall(r.getHandshakeStatus());
    return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
  }

  /**
   * Encrypts from {@code src} and writes what the socket takes. Returns how much progress was
   * made (plaintext consumed plus encrypted bytes written); 0 means the socket is full.
   */
  int write(ByteBuffer src) throws IOException {
    synchronized (wrapLock) {
      int remainingBefore = netOut.remaining();
      if (!flushNetOut()) {
        return remainingBefore - netOut.remaining();
      }
      int before = src.position();
      if (src.hasRemaining()) {
        wrap(src);
      }
      int flushed = netOut.remaining();
      flushNetOut();
      return src.position() - before + remainingBefore + (flushed - netOut.remaining());
    }
  }

  /** Whether encrypted bytes still wait to be written. */
  boolean hasPendingOutput() {
    synchronized (wrapLock) {
      return netOut.hasRemaining();
    }
  }

  private void wrap(ByteBuffer src) throws IOException {
    while (true) {
      netOut.compact();
      SSLEngineResult r;
      try {
        r = engine.wrap(src, netOut);
      } finally {
        netOut.flip();
      }
      switch (r.getStatus()) {
        case BUFFER_OVERFLOW -> {
          netOut = grow(netOut, engine.getSession().getPacketBufferSize(), true);
          continue;
        }
        case CLOSED -> throw new EOFException("the TLS session is closed");
        default -> { }
      }
      if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
        runTasks();
      }
      return;
    }
  }

  private void afterEngineCall(HandshakeStatus hs) throws IOException {
    if (hs == HandshakeStatus.NEED_TASK) {
      runTasks();
    } else if (hs == HandshakeStatus.NEED_WRAP) {
      // a post-handshake message (e.g. a TLS 1.3 key update) wants an answer
      synchronized (wrapLock) {
        wrap(EMPTY);
        flushNetOut();
      }
    }
  }

  private boolean flushNetOut() throws IOException {
    while (netOut.hasRemaining()) {
      if (channel.write(netOut) == 0) {
        return false;
      }
    }
    return true;
  }

  private void runTasks() {
    for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
      task.run();
    }
  }

  /** A larger buffer with the same content; {@code readMode} tells how {@code b} is positioned. */
  private static ByteBuffer grow(ByteBuffer b, int atLeast, boolean readMode) {
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, b.capacity() * 2));
    if (readMode) {
      bigger.put(b).flip();
    } else {
      b.flip();
      bigger.put(b);
    }
    return bigger;
  }
}
