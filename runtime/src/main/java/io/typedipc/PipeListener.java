package io.typedipc;

import io.typedipc.internal.HandleAccess;
import io.typedipc.internal.Waits;
import io.typedipc.internal.channel.PipeConnection;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.spi.SharedBinding;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
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
   * (whether it returns or throws: one listener, one attempt).
   *
   * @throws IllegalStateException if the listener is closed ({@link #close()}, or an earlier
   *     {@code accept})
   * @throws ConnectionLostException if nobody connected in time, the connection failed, or the
   *     waiting thread was interrupted (its interrupt flag stays set)
   * @throws AuthenticationException if the other process does not hold the key
   * @throws VersionMismatchException if the two ends send and receive different interfaces
   */
  public PipeEnd<S, R> accept(Duration timeout) {
    long waitNanos = Waits.nanos(timeout, "timeout");
    long deadline = System.nanoTime() + waitNanos;
    String token = token(); // for the messages: the listener is closed once they are built
    try (server) {
      server.socket().setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(waitNanos))));
      Socket socket = server.socket().accept();
      long handshake = Math.max(deadline, System.nanoTime() + Pipe.HANDSHAKE_TIMEOUT.toNanos());
      return new PipeEnd<>(PipeConnection.open(socket.getChannel(), true, key, maxFrame, handshake, sends, receives, serialization,
          sharedMemory), sendsType);
    } catch (SocketTimeoutException e) {
      throw new ConnectionLostException("no process connected to the pipe at " + token + " within " + timeout, e);
    } catch (java.nio.channels.ClosedByInterruptException e) {
      throw new ConnectionLostException("the thread waiting for the other end of the pipe at " + token
          + " was interrupted; the listener is closed", e);
    } catch (IOException e) {
      throw new ConnectionLostException("accepting the pipe's other end failed: " + e, e);
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
