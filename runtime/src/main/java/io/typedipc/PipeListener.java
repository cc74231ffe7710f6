package io.typedipc;

import io.typedipc.internal.HandleAccess;
import io.typedipc.internal.Waits;
import io.typedipc.internal.channel.PipeConnection;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.spi.SharedBinding;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The listening side of a pipe, from {@link Pipe#listen}: hand {@link #token()} to the other
 * process (on its command line, say: it does not contain the key), then {@link #accept} its
 * connection. One listener makes one pipe.
 *
 * @param <S> what the accepted end sends ({@code Void} for nothing)
 * @param <R> what it receives ({@code Void} for nothing)
 */
public final class PipeListener<S, R> implements AutoCloseable {
  private final ServerSocketChannel server;
  private final AuthKey key;
  private final Class<S> sendsType;
  private final SharedBinding sends;
  private final SharedBinding receives;
  private final Serialization serialization;
  private final int maxFrame;
  private volatile boolean sharedMemory;

  static {
    HandleAccess.pipes(l -> new HandleAccess.PipeOffer(l.token(), l.key, l.sendsType,
        l.receives == null ? Void.class : l.receives.descriptor().type()));
  }

  PipeListener(ServerSocketChannel server, AuthKey key, Class<S> sendsType, SharedBinding sends, SharedBinding receives,
      Serialization serialization, int maxFrame) {
    this.server = server;
    this.key = key;
    this.sendsType = sendsType;
    this.sends = sends;
    this.receives = receives;
    this.serialization = serialization;
    this.maxFrame = maxFrame;
  }

  /**
   * Where the other process connects: {@code host:port}, for {@link Pipe#connect}. It holds no
   * secret; the auth key must reach the other process another way (environment, owner-only file).
   *
   * @throws IllegalStateException if the listener is closed
   */
  public String token() {
    InetSocketAddress a = address();
    return a.getHostString() + ":" + a.getPort() + (sharedMemory ? Pipe.SHARED_MEMORY_SUFFIX : "");
  }

  /**
   * Offers the other end shared memory: the {@link #token()} then says so, and an end that
   * connects with it from this host moves the pipe's messages to a pair of ring buffers in a
   * memory-mapped file after the handshake (as {@link Manager.Builder#sharedMemory} does for a
   * Manager's clients; same files, same guarantees), which carries small messages faster than
   * the loopback network. An end on another host stays on TCP. Call it before handing out the
   * token. Default off.
   *
   * @return this listener
   */
  public PipeListener<S, R> sharedMemory(boolean enabled) {
    this.sharedMemory = enabled;
    return this;
  }

  /**
   * The address this listener is bound to.
   *
   * @throws IllegalStateException if the listener is closed
   */
  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) server.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException("the pipe listener is closed", e);
    }
  }

  /**
   * Waits up to {@code timeout} for the other process to connect, authenticates it (both ways,
   * with the auth key), checks that the two ends agree on the interfaces, and closes the listener
   * (whether it returns or throws: one listener, one pipe). A connection that fails the handshake
   * — a process without the key, or one that connects and says nothing — is closed and does not
   * end the wait: the listener goes on accepting until a process with the key connects or the time
   * passes, so another local process cannot keep the pipe from being made. A peer that connected
   * in time has at least 10 s to finish its handshake.
   *
   * @throws IllegalStateException if the listener is closed ({@link #close()}, or an earlier
   *     {@code accept})
   * @throws ConnectionLostException if no process with the key connected in time, the connection
   *     failed, or the waiting thread was interrupted (its interrupt flag stays set)
   * @throws AuthenticationException if nobody with the key connected in time but a process without
   *     it did (the last such failure)
   * @throws VersionMismatchException if the process with the key sends and receives different
   *     interfaces
   */
  public PipeEnd<S, R> accept(Duration timeout) {
    long waitNanos = Waits.nanos(timeout, "timeout");
    long deadline = System.nanoTime() + waitNanos;
    String token = token(); // for the messages: the listener is closed once they are built
    Attempts attempts = new Attempts();
    Thread acceptor = new Thread(() -> acceptUntilClosed(attempts, deadline), "typedipc-pipe-accept-" + address().getPort());
    acceptor.setDaemon(true);
    try {
      acceptor.start();
      return new PipeEnd<>(attempts.await(deadline, token, timeout), sendsType);
    } finally {
      close(); // the acceptor's accept ends with it
    }
  }

  /** Accepts connections until the listener closes, handshaking each on a thread of its own. */
  private void acceptUntilClosed(Attempts attempts, long deadline) {
    while (true) {
      SocketChannel socket;
      try {
        socket = server.accept();
      } catch (IOException | RuntimeException e) {
        return; // closed: accept returned or threw
      }
      long handshakeDeadline = Math.max(deadline, System.nanoTime() + Pipe.HANDSHAKE_TIMEOUT.toNanos());
      if (!attempts.begin(handshakeDeadline)) {
        closeQuietly(socket);
        continue;
      }
      try {
        Thread t = new Thread(() -> handshake(socket, attempts, handshakeDeadline), "typedipc-pipe-handshake");
        t.setDaemon(true);
        t.start();
      } catch (Throwable e) { // out of threads: this connection is refused, the wait goes on
        closeQuietly(socket);
        attempts.failed(new ConnectionLostException("could not start a handshake: " + e, e));
      }
    }
  }

  private void handshake(SocketChannel socket, Attempts attempts, long handshakeDeadline) {
    try {
      PipeConnection connection = PipeConnection.open(socket, true, key, maxFrame, handshakeDeadline, sends, receives,
          serialization, sharedMemory);
      if (!attempts.won(connection)) {
        connection.close(); // another end was first, or the wait ended
      }
    } catch (VersionMismatchException e) {
      closeQuietly(socket);
      attempts.mismatched(e); // the process with the key, with other interfaces: the wait ends
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      attempts.failed(e instanceof TypedIpcException t ? t : new ConnectionLostException("the handshake failed: " + e, e));
    }
  }

  private static void closeQuietly(SocketChannel socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** The handshakes of one {@link #accept}: at most {@value #MAX_HANDSHAKES} at once, the first to succeed wins. */
  private static final class Attempts {
    static final int MAX_HANDSHAKES = 8;

    private int inFlight;
    private long lastHandshakeDeadline;
    private PipeConnection winner;
    private VersionMismatchException mismatch;
    private TypedIpcException lastFailure;
    private boolean over;

    /** A connection came: whether to handshake it (not once the wait is over, nor beyond the limit). */
    synchronized boolean begin(long handshakeDeadline) {
      if (over || winner != null || inFlight >= MAX_HANDSHAKES) {
        return false;
      }
      inFlight++;
      lastHandshakeDeadline = inFlight == 1 ? handshakeDeadline : Math.max(lastHandshakeDeadline, handshakeDeadline);
      return true;
    }

    /** A handshake succeeded: whether it is the pipe (else the caller closes it). */
    synchronized boolean won(PipeConnection connection) {
      inFlight--;
      notifyAll();
      if (over || winner != null || mismatch != null) {
        return false;
      }
      winner = connection;
      return true;
    }

    synchronized void mismatched(VersionMismatchException e) {
      inFlight--;
      if (mismatch == null) {
        mismatch = e;
      }
      notifyAll();
    }

    synchronized void failed(TypedIpcException e) {
      inFlight--;
      lastFailure = e;
      notifyAll();
    }

    /**
     * Waits for the winner until {@code deadline}, or past it while a handshake that began in time
     * goes on; then the wait is over and later winners are refused.
     */
    synchronized PipeConnection await(long deadline, String token, Duration timeout) {
      try {
        while (winner == null && mismatch == null) {
          long until = inFlight > 0 ? Math.max(deadline, lastHandshakeDeadline) : deadline;
          long left = until - System.nanoTime();
          if (left <= 0) {
            if (lastFailure instanceof AuthenticationException) {
              throw lastFailure;
            }
            throw new ConnectionLostException(lastFailure == null
                ? "no process connected to the pipe at " + token + " within " + timeout
                : "no process with the key connected to the pipe at " + token + " within " + timeout
                    + "; the last one that tried failed: " + lastFailure.getMessage(), lastFailure);
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (winner != null) {
          winner.close(); // it came just as the wait was interrupted
        }
        throw new ConnectionLostException("the thread waiting for the other end of the pipe at " + token
            + " was interrupted; the listener is closed", e);
      } finally {
        over = true;
      }
      if (winner != null) {
        return winner;
      }
      throw mismatch;
    }
  }

  /** Stops listening (if {@link #accept} was not called). Idempotent. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public String toString() {
    return "pipe listener at " + (server.isOpen() ? token() : "(closed)");
  }
}
