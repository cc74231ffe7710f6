package io.typedipc.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.AuthKey;
import io.typedipc.AuthenticationException;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClient;
import io.typedipc.ProtocolException;
import io.typedipc.internal.wire.FrameChannel;
import io.typedipc.internal.wire.Handshake;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.it.TestService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two of the README's promises that only a Manager misbehaving on purpose can check, played by a
 * scripted Manager that speaks the wire protocol by hand:
 *
 * <ul>
 *   <li>"Security model": authentication is mutual — "the client proves the key to the Manager and
 *       the Manager to the client". A peer that accepts the client's proof without holding the key
 *       is refused by the client, which sends it nothing more.
 *   <li>"Failures": "the peer sent malformed data → {@code ProtocolException}; that connection is
 *       closed". Here the peer is the Manager, and the caller is the client's.
 * </ul>
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScriptedManagerGuaranteesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int HELLO_BYTES = 4 + 2 + 4 + Protocol.NONCE_BYTES;
  private final AuthKey key = AuthKey.generate();
  private ServerSocketChannel server;

  @AfterEach
  void closeServer() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private int listen() throws IOException {
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return ((InetSocketAddress) server.getLocalAddress()).getPort();
  }

  /** Runs {@code task} on a thread of its own (the common pool may have one thread on 2 CPUs). */
  private static <T> CompletableFuture<T> onOwnThread(java.util.concurrent.Callable<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        result.complete(task.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    }, "scripted-manager");
    t.setDaemon(true);
    t.start();
    return result;
  }

  /**
   * A peer that does not hold the key plays the Manager: it sends a hello, reads the client's
   * proof and answers "accepted" followed by a proof it cannot compute (random bytes). The client
   * must refuse it with {@link AuthenticationException} and send nothing after its proof — not its
   * session, not a call.
   */
  @Test
  void aManagerThatCannotProveTheKeyIsRefusedAndToldNothing() throws Exception {
    int port = listen();
    CompletableFuture<Integer> impostor = onOwnThread(() -> {
      try (SocketChannel socket = server.accept()) {
        byte[] nonce = new byte[Protocol.NONCE_BYTES];
        new SecureRandom().nextBytes(nonce);
        ByteBuffer hello = ByteBuffer.allocate(HELLO_BYTES);
        hello.putInt(Protocol.MAGIC).putShort((short) Protocol.VERSION).putInt(Protocol.DEFAULT_MAX_FRAME).put(nonce);
        hello.flip();
        while (hello.hasRemaining()) {
          socket.write(hello);
        }
        ByteBuffer proof = ByteBuffer.allocate(HELLO_BYTES + Protocol.MAC_BYTES);
        while (proof.hasRemaining()) {
          if (socket.read(proof) < 0) {
            throw new IOException("the client closed before its proof");
          }
        }
        byte[] forged = new byte[1 + Protocol.MAC_BYTES];
        new SecureRandom().nextBytes(forged);
        forged[0] = Protocol.VERDICT_OK;
        socket.write(ByteBuffer.wrap(forged));
        // whatever the client sends after its proof, until it closes
        ByteBuffer rest = ByteBuffer.allocate(64 * 1024);
        socket.socket().setSoTimeout((int) WAIT.toMillis());
        int total = 0;
        for (int n; (n = socket.socket().getInputStream().read(rest.array())) >= 0; ) {
          total += n;
        }
        return total;
      }
    });
    AuthenticationException e = assertThrows(AuthenticationException.class,
        () -> ManagerClient.builder().address("127.0.0.1", port).authKey(key).connections(1).connect());
    assertTrue(e.getMessage().contains("could not prove it holds the auth key"), e.getMessage());
    assertEquals(0, impostor.get(WAIT.toSeconds() + 10, TimeUnit.SECONDS),
        "bytes the client sent to a Manager that did not prove the key");
  }

  /**
   * A Manager that proves the key, then answers a call with a frame the client cannot decode: the
   * call fails with {@link ProtocolException}, the client closes that connection, and a later call
   * on it fails with {@link ConnectionLostException} (the client has no other connection and does
   * not reconnect by default).
   */
  @Test
  void aMalformedReplyFailsItsCallWithProtocolExceptionAndClosesTheConnection() throws Exception {
    int port = listen();
    CompletableFuture<FrameChannel> accepted = onOwnThread(() -> {
      SocketChannel socket = server.accept();
      FrameChannel channel = new FrameChannel(socket, 0, FrameChannel.WRITE_STALL_NANOS);
      Handshake.server(channel, key, Protocol.DEFAULT_MAX_FRAME, System.nanoTime() + WAIT.toNanos());
      channel.maxInboundFrame(Protocol.DEFAULT_MAX_FRAME);
      send(channel, Protocol.SETTINGS, 0, out -> {
        out.writeVarInt(0, true);
        out.writeVarInt(1024, true);
      });
      assertEquals(Protocol.SESSION, next(channel).readByte());
      return channel;
    });
    try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key).connections(1).connect();
        FrameChannel manager = accepted.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      CompletableFuture<Throwable> opening = onOwnThread(() -> {
        try {
          client.shared(TestService.class, "service");
          return null;
        } catch (Throwable t) {
          return t;
        }
      });
      Input open = next(manager);
      assertEquals(Protocol.OPEN, open.readByte());
      long id = open.readVarLong(true);
      // an OPENED reply cut short: its handle (a varint) is missing
      send(manager, Protocol.OPENED, id, out -> { });
      Throwable failure = opening.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertInstanceOf(ProtocolException.class, failure, String.valueOf(failure));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (client.isConnected()) {
        assertTrue(System.nanoTime() < deadline, "the client kept a connection whose Manager sent malformed data");
        Thread.sleep(10); // polling with a deadline
      }
      assertThrows(ConnectionLostException.class, () -> client.shared(TestService.class, "service"));
      try {
        assertFalse(manager.readFrame(WAIT.toNanos()), "the client sent more on the connection it should have closed");
      } catch (java.io.EOFException closed) {
        // the client closed it: nothing more came
      }
    }
  }

  private static Input next(FrameChannel channel) throws IOException {
    if (!channel.readFrame(WAIT.toNanos())) {
      throw new IOException("no frame from the client within " + WAIT);
    }
    byte[] copy = java.util.Arrays.copyOfRange(channel.frameBuffer(), channel.frameOffset(),
        channel.frameOffset() + channel.frameLength());
    return new Input(copy);
  }

  private static void send(FrameChannel channel, byte type, long id, java.util.function.Consumer<Output> body) {
    Output out = new Output(256, 1 << 20);
    out.setPosition(4);
    out.writeByte(type);
    out.writeVarLong(id, true);
    body.accept(out);
    int length = out.position() - 4;
    FrameChannel.writeInt(out.getBuffer(), 0, length);
    try {
      channel.send(out.getBuffer(), 0, length + 4);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
