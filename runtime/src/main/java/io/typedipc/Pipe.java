package io.typedipc;

import io.typedipc.internal.Bindings;
import io.typedipc.internal.channel.ClientChannels;
import io.typedipc.internal.channel.PipeConnection;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.spi.SharedBinding;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Typed pipes between two processes — Python's {@code Pipe(duplex)} — directly over an
 * authenticated TCP connection, without a Manager.
 *
 * <pre>{@code
 * // parent: listen on 127.0.0.1, start the child with the token (the key goes in its environment)
 * PipeListener<Requests, Replies> listener = Pipe.listen(key, Requests.class, Replies.class);
 * startChild(listener.token());
 * try (PipeEnd<Requests, Replies> parent = listener.accept(Duration.ofSeconds(30))) {
 *   parent.sender().ask("ping");
 *   parent.receive(replyHandler);
 * }
 *
 * // child: the same pair of interfaces, the other way round
 * try (PipeEnd<Replies, Requests> child = Pipe.connect(token, key, Replies.class, Requests.class)) {
 *   child.receive(request -> ...);
 * }
 * }</pre>
 *
 * <p>Each end names what it sends and what it receives ({@code @Channel} interfaces); a one-way
 * pipe passes {@code Void.class} for the direction it does not use. The ends check each other's
 * interfaces when they connect. Either process may listen.
 */
public final class Pipe {
  static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  /** Ends a token whose listener offers shared memory ({@link PipeListener#sharedMemory}). */
  static final String SHARED_MEMORY_SUFFIX = "/shm";

  private Pipe() {}

  /**
   * Listens on 127.0.0.1 (a free port) for the other end of a pipe.
   *
   * @param sends what this end sends: a {@code @Channel} interface, or {@code Void.class}
   * @param receives what this end receives: a {@code @Channel} interface, or {@code Void.class}
   * @param register classes beyond those the interfaces declare that messages may carry; the
   *     other end must register them too
   */
  public static <S, R> PipeListener<S, R> listen(AuthKey key, Class<S> sends, Class<R> receives, Class<?>... register) {
    return listen("127.0.0.1", key, sends, receives, register);
  }

  /**
   * Listens on {@code host} (a free port); anything but a loopback address lets other hosts try to
   * connect (they still need the key; traffic is not encrypted).
   */
  public static <S, R> PipeListener<S, R> listen(String host, AuthKey key, Class<S> sends, Class<R> receives, Class<?>... register) {
    Objects.requireNonNull(key, "key");
    Setup setup = setup(sends, receives, register);
    try {
      ServerSocketChannel server = ServerSocketChannel.open();
      server.bind(new InetSocketAddress(Objects.requireNonNull(host, "host"), 0), 1);
      return new PipeListener<>(server, key, sends, setup.sends, setup.receives, setup.serialization, Protocol.DEFAULT_MAX_FRAME);
    } catch (IOException e) {
      throw new ConnectionLostException("cannot listen on " + host + ": " + e.getMessage(), e);
    }
  }

  /**
   * Connects to the end listening at {@code token} ({@link PipeListener#token()}, {@code
   * host:port}, followed by {@code /shm} when the listener offers shared memory) and authenticates
   * both ways with {@code key}. With a {@code /shm} token, an end on the listener's host moves the
   * pipe to shared memory after the handshake ({@link PipeListener#sharedMemory}).
   *
   * @throws ConnectionLostException if it cannot connect
   * @throws AuthenticationException if the keys differ
   * @throws VersionMismatchException if the two ends send and receive different interfaces
   */
  public static <S, R> PipeEnd<S, R> connect(String token, AuthKey key, Class<S> sends, Class<R> receives, Class<?>... register) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(key, "key");
    boolean sharedMemory = token.endsWith(SHARED_MEMORY_SUFFIX);
    String address = sharedMemory ? token.substring(0, token.length() - SHARED_MEMORY_SUFFIX.length()) : token;
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("a pipe token is host:port, not '" + token + "'");
    }
    String host = address.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("a pipe token is host:port with a port in 1..65535, not '" + token + "'");
    }
    Setup setup = setup(sends, receives, register);
    SocketChannel socket = null;
    try {
      socket = SocketChannel.open();
      socket.socket().connect(new InetSocketAddress(host, port), (int) HANDSHAKE_TIMEOUT.toMillis());
      long deadline = System.nanoTime() + HANDSHAKE_TIMEOUT.toNanos();
      return new PipeEnd<>(PipeConnection.open(socket, false, key, Protocol.DEFAULT_MAX_FRAME, deadline,
          setup.sends, setup.receives, setup.serialization, sharedMemory), sends);
    } catch (SocketTimeoutException e) {
      close(socket);
      throw new ConnectionLostException("the pipe at " + token + " did not answer in time", e);
    } catch (IOException e) {
      close(socket);
      throw new ConnectionLostException("cannot connect to the pipe at " + token + ": " + e.getMessage(), e);
    }
  }

  private static void close(SocketChannel socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // failing anyway
      }
    }
  }

  private record Setup(SharedBinding sends, SharedBinding receives, Serialization serialization) {}

  private static Setup setup(Class<?> sends, Class<?> receives, Class<?>... register) {
    Objects.requireNonNull(sends, "sends (Void.class for nothing)");
    Objects.requireNonNull(receives, "receives (Void.class for nothing)");
    if (sends == Void.class && receives == Void.class) {
      throw new IllegalArgumentException("a pipe end must send or receive something");
    }
    List<Class<?>> types = new ArrayList<>();
    for (Class<?> c : new Class<?>[] {sends, receives}) {
      if (c != Void.class) {
        types.add(c);
      }
    }
    List<Class<?>> user = List.of(register);
    List<Class<?>> lookup = new ArrayList<>(types);
    lookup.addAll(user);
    Bindings bindings = Bindings.load(lookup);
    SharedBinding s = sends == Void.class ? null : ClientChannels.channelBinding(bindings, sends);
    SharedBinding r = receives == Void.class ? null : ClientChannels.channelBinding(bindings, receives);
    Serialization serialization = Serialization.create(bindings.descriptors(), user, Serialization.DEFAULT_MAX_DEPTH);
    return new Setup(s, r, serialization);
  }
}
