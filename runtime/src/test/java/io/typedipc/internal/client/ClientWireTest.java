package io.typedipc.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.AuthKey;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerBusyException;
import io.typedipc.ManagerClient;
import io.typedipc.ManagerClosedException;
import io.typedipc.ProtocolException;
import io.typedipc.TypedIpcException;
import io.typedipc.internal.wire.FrameChannel;
import io.typedipc.internal.wire.Handshake;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.it.TestService;
import io.typedipc.testing.TestThreads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client connection against a scripted Manager that speaks the wire protocol by hand: what
 * the client writes when idle (keep-alive), and what a caller is told when the Manager refuses a
 * call or closes the connection with a notice.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientWireTest {
  private final AuthKey key = AuthKey.generate();
  private ServerSocketChannel server;

  @AfterEach
  void closeServer() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  /** One scripted connection: handshake and SETTINGS done, SESSION read. */
  private final class Peer implements AutoCloseable {
    final FrameChannel channel;
    final SocketChannel socket;

    Peer(FrameChannel channel, SocketChannel socket) {
      this.channel = channel;
      this.socket = socket;
    }

    /** The next frame's payload, or null if none came in time. */
    Input next(Duration timeout) throws IOException {
      if (!channel.readFrame(timeout.toNanos())) {
        return null;
      }
      byte[] copy = java.util.Arrays.copyOfRange(channel.frameBuffer(), channel.frameOffset(),
          channel.frameOffset() + channel.frameLength());
      return new Input(copy);
    }

    void send(byte type, long id, java.util.function.Consumer<Output> body) throws IOException {
      Output out = new Output(256, 1 << 20);
      out.setPosition(4);
      out.writeByte(type);
      out.writeVarLong(id, true);
      body.accept(out);
      int length = out.position() - 4;
      FrameChannel.writeInt(out.getBuffer(), 0, length);
      channel.send(out.getBuffer(), 0, length + 4);
    }

    @Override
    public void close() {
      channel.close();
    }
  }

  private int listen() throws IOException {
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return ((InetSocketAddress) server.getLocalAddress()).getPort();
  }

  /** Accepts the client's connection and plays the Manager's part up to the SESSION frame. */
  private CompletableFuture<Peer> acceptOne(int idleTimeoutMillis) {
    return acceptUntil(idleTimeoutMillis, Protocol.SESSION);
  }

  /**
   * Accepts a shared-memory client's connection and plays the Manager's part up to the client's
   * SHM_REQUEST, which it reads.
   */
  private CompletableFuture<Peer> acceptSharedMemoryRequest() {
    return acceptUntil(0, Protocol.SHM_REQUEST);
  }

  /**
   * Accepts the client's connection, plays the Manager's part of the handshake and its SETTINGS,
   * and reads the client's first frame, which must be of type {@code first}.
   */
  private CompletableFuture<Peer> acceptUntil(int idleTimeoutMillis, byte first) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        SocketChannel socket = server.accept();
        FrameChannel channel = new FrameChannel(socket, 0, FrameChannel.WRITE_STALL_NANOS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Handshake.server(channel, key, Protocol.DEFAULT_MAX_FRAME, deadline);
        channel.maxInboundFrame(Protocol.DEFAULT_MAX_FRAME);
        Peer peer = new Peer(channel, socket);
        peer.send(Protocol.SETTINGS, 0, out -> {
          out.writeVarInt(idleTimeoutMillis, true);
          out.writeVarInt(1024, true);
        });
        Input frame = peer.next(Duration.ofSeconds(20));
        assertEquals(first, frame.readByte());
        return peer;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, TestThreads.EACH);
  }

  /** A shared-memory client connecting to {@code port} on another thread: how its connect failed. */
  private CompletableFuture<Throwable> sharedMemoryConnectFailure(int port) {
    return CompletableFuture.supplyAsync(() -> assertThrows(RuntimeException.class, () -> ManagerClient.builder()
        .address("127.0.0.1", port).authKey(key).connections(1).sharedMemory(true).connect()), TestThreads.EACH);
  }

  /**
   * A Manager that ends the shared-memory negotiation with a failure says why (an audit's client
   * with a wrong nonce was told only "message type 23"): connect fails with a ProtocolException
   * that gives the Manager's reason.
   */
  @Test
  void aSharedMemoryRequestRefusedWithAFailureGivesTheManagersReason() throws Exception {
    int port = listen();
    CompletableFuture<Peer> accepted = acceptSharedMemoryRequest();
    CompletableFuture<Throwable> failed = sharedMemoryConnectFailure(port);
    try (Peer peer = accepted.get(20, TimeUnit.SECONDS)) {
      peer.send(Protocol.FAILURE, 0, out -> {
        out.writeByte(Protocol.FAIL_PROTOCOL);
        out.writeString("SHM_REQUEST must be a connection's first frame, and come once");
      });
      Throwable e = failed.get(20, TimeUnit.SECONDS);
      assertEquals(ProtocolException.class, e.getClass(), e.toString());
      assertTrue(e.getMessage().startsWith("the Manager at "), e.getMessage());
      assertTrue(e.getMessage().endsWith(" refused this client's shared-memory request and closed the connection:"
          + " SHM_REQUEST must be a connection's first frame, and come once"), e.getMessage());
    }
  }

  /**
   * After the client mapped the offered file and sent its acceptance, a Manager that finds the
   * acceptance wrong (here: the nonce, as the real Manager words it) fails the connection with its
   * reason, and the client says it.
   */
  @Test
  void aSharedMemoryAcceptanceRefusedWithAFailureGivesTheManagersReason(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    int port = listen();
    CompletableFuture<Peer> accepted = acceptSharedMemoryRequest();
    CompletableFuture<Throwable> failed = sharedMemoryConnectFailure(port);
    try (Peer peer = accepted.get(20, TimeUnit.SECONDS)) {
      io.typedipc.internal.wire.SharedRings.Created created =
          io.typedipc.internal.wire.SharedRings.create(dir, 64 * 1024, new java.security.SecureRandom());
      try {
        peer.send(Protocol.SHM_OFFER, 0, out -> {
          out.writeString(created.file().toString());
          out.writeVarInt(created.rings().capacity(), true);
        });
        Input acceptance = peer.next(Duration.ofSeconds(20));
        assertEquals(Protocol.SHM_ACCEPT, acceptance.readByte());
        peer.send(Protocol.FAILURE, 0, out -> {
          out.writeByte(Protocol.FAIL_PROTOCOL);
          out.writeString("a shared-memory acceptance with the wrong nonce");
        });
        Throwable e = failed.get(20, TimeUnit.SECONDS);
        assertEquals(ProtocolException.class, e.getClass(), e.toString());
        assertTrue(e.getMessage().startsWith("the Manager at "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" refused this client's shared-memory acceptance and closed the"
            + " connection: a shared-memory acceptance with the wrong nonce"), e.getMessage());
      } finally {
        created.rings().close();
      }
    }
  }

  /** A Manager shutting down during the negotiation: ManagerClosedException, as for a call. */
  @Test
  void aShutdownNoticeDuringTheSharedMemoryNegotiationIsManagerClosed() throws Exception {
    int port = listen();
    CompletableFuture<Peer> accepted = acceptSharedMemoryRequest();
    CompletableFuture<Throwable> failed = sharedMemoryConnectFailure(port);
    try (Peer peer = accepted.get(20, TimeUnit.SECONDS)) {
      peer.send(Protocol.NOTICE, 0, out -> {
        out.writeByte(Protocol.NOTICE_SHUTDOWN);
        out.writeString("the Manager is shutting down");
      });
      Throwable e = failed.get(20, TimeUnit.SECONDS);
      assertEquals(ManagerClosedException.class, e.getClass(), e.toString());
      assertTrue(e.getMessage().endsWith(" closed the connection: it is shutting down (the Manager is shutting down)"),
          e.getMessage());
    }
  }

  private ManagerClient connect(int port) {
    return ManagerClient.builder().address("127.0.0.1", port).authKey(key).connections(1).connect();
  }

  /** Reads the OPEN request that {@code client.shared(...)} sends and returns its id. */
  private static long openRequest(Peer peer) throws IOException {
    Input open = peer.next(Duration.ofSeconds(20));
    assertEquals(Protocol.OPEN, open.readByte());
    return open.readVarLong(true);
  }

  @Test
  void idleClientSendsPingsWellWithinTheManagersIdleTimeout() throws Exception {
    int port = listen();
    int idleMillis = 600;
    CompletableFuture<Peer> accepted = acceptOne(idleMillis);
    try (ManagerClient client = connect(port); Peer peer = accepted.get(20, TimeUnit.SECONDS)) {
      long last = System.nanoTime(); // the SESSION frame just arrived
      for (int i = 0; i < 4; i++) {
        Input ping = peer.next(Duration.ofSeconds(10));
        long now = System.nanoTime();
        assertTrue(ping != null, "no keep-alive within 10 s");
        assertEquals(Protocol.PING, ping.readByte());
        assertEquals(0, ping.readVarLong(true));
        assertTrue(ping.end(), "a PING carries nothing after its id");
        long silentMillis = TimeUnit.NANOSECONDS.toMillis(now - last);
        // the client pings after a third to two thirds of the timeout without writing; allow for a slow machine
        assertTrue(silentMillis < idleMillis * 3, "the client was silent for " + silentMillis + " ms");
        last = now;
      }
      assertTrue(client.isConnected());
    }
  }

  @Test
  void noPingsWhenTheManagerHasNoIdleTimeout() throws Exception {
    int port = listen();
    CompletableFuture<Peer> accepted = acceptOne(0);
    try (ManagerClient client = connect(port); Peer peer = accepted.get(20, TimeUnit.SECONDS)) {
      assertEquals(null, peer.next(Duration.ofMillis(1500)), "the client sent something while idle");
    }
  }

  @Test
  void overloadedFailureIsManagerBusy() throws Exception {
    int port = listen();
    CompletableFuture<Peer> accepted = acceptOne(0);
    try (ManagerClient client = connect(port); Peer peer = accepted.get(20, TimeUnit.SECONDS)) {
      CompletableFuture<Throwable> opening = CompletableFuture.supplyAsync(() ->
          assertThrows(TypedIpcException.class, () -> client.shared(TestService.class, "service")), TestThreads.EACH);
      long id = openRequest(peer);
      peer.send(Protocol.FAILURE, id, out -> {
        out.writeByte(Protocol.FAIL_OVERLOADED);
        out.writeString("10000 calls of this connection are parked");
      });
      Throwable e = opening.get(20, TimeUnit.SECONDS);
      assertInstanceOf(ManagerBusyException.class, e);
      assertTrue(e.getMessage().contains("10000 calls of this connection are parked"), e.getMessage());
      assertTrue(client.isConnected(), "a refused call leaves the connection usable");
    }
  }

  @Test
  void idleNoticeSaysTheConnectionWasClosedForIdleness() throws Exception {
    Throwable e = callFailsWithNotice(Protocol.NOTICE_IDLE, "idle for 60000 ms");
    assertInstanceOf(ConnectionLostException.class, e);
    assertTrue(e.getMessage().contains("longer than its idle timeout") && e.getMessage().contains("idle for 60000 ms"),
        e.getMessage());
  }

  @Test
  void slowReaderNoticeSaysTheClientDidNotReadItsReplies() throws Exception {
    Throwable e = callFailsWithNotice(Protocol.NOTICE_SLOW_READER, "33554432 reply bytes unread");
    assertInstanceOf(ConnectionLostException.class, e);
    assertTrue(e.getMessage().contains("did not read its replies") && e.getMessage().contains("33554432 reply bytes unread"),
        e.getMessage());
  }

  @Test
  void protocolErrorNoticeSaysSo() throws Exception {
    Throwable e = callFailsWithNotice(Protocol.NOTICE_PROTOCOL_ERROR, "unknown message type 99");
    assertInstanceOf(ConnectionLostException.class, e);
    assertTrue(e.getMessage().contains("breaks the protocol") && e.getMessage().contains("unknown message type 99"),
        e.getMessage());
  }

  @Test
  void shutdownNoticeIsManagerClosed() throws Exception {
    Throwable e = callFailsWithNotice(Protocol.NOTICE_SHUTDOWN, "the Manager is shutting down");
    assertInstanceOf(ManagerClosedException.class, e);
    assertEquals(ManagerClosedException.class, e.getClass(), "a call may have run when not every call read was answered");
    assertTrue(e.getMessage().contains("shutting down"), e.getMessage());
  }

  /**
   * A shutdown notice that says every call read was answered: a call still pending was never run,
   * so a reconnecting client sends it to the next Manager (ReconnectWaitTest); to a client that does
   * not reconnect it is a plain ManagerClosedException saying so, never the internal marker.
   */
  @Test
  void aCallPendingAtAShutdownWithEveryCallAnsweredWasNotRun() throws Exception {
    Throwable e = callFailsWithNotice(Protocol.NOTICE_SHUTDOWN_ALL_ANSWERED, "the Manager is shutting down");
    assertEquals(ManagerClosedException.class, e.getClass());
    assertTrue(e.getMessage().contains("shutting down") && e.getMessage().contains("not run"), e.getMessage());
  }

  /**
   * Issue 9's typed notice codes: the client tells a notice by its code, never by its text (it
   * used to match the message): a shutdown notice in other words is still {@link
   * ManagerClosedException}, and another notice that merely mentions shutting down is not.
   */
  @Test
  void aNoticeIsToldByItsCodeNotItsText() throws Exception {
    assertInstanceOf(ManagerClosedException.class, callFailsWithNotice(Protocol.NOTICE_SHUTDOWN, "au revoir"));
    assertInstanceOf(ConnectionLostException.class,
        callFailsWithNotice(Protocol.NOTICE_IDLE, "the Manager is shutting down"));
    assertInstanceOf(ConnectionLostException.class,
        callFailsWithNotice(Protocol.NOTICE_PROTOCOL_ERROR, "Manager closed: shutting down"));
  }

  /**
   * The README's failure table, "the peer sent malformed data: ProtocolException; that connection
   * is closed": a frame length past the client's limit from the Manager fails the pending call with
   * ProtocolException saying what was wrong (it used to be a ConnectionLostException with the
   * ProtocolException only as its cause); later calls over the closed connection get
   * ConnectionLostException.
   */
  @Test
  void aFrameLengthPastTheLimitFromTheManagerFailsThePendingCallWithProtocolException() throws Exception {
    byte[] length = new byte[4];
    FrameChannel.writeInt(length, 0, 0x7ffffff0);
    Throwable e = callFailsWhenTheManagerSends(peer -> peer.channel.send(length, 0, 4));
    assertEquals(ProtocolException.class, e.getClass(), String.valueOf(e));
    assertTrue(e.getMessage().contains("cannot read") && e.getMessage().contains("2147483632")
        && e.getMessage().contains("outside the limit"), e.getMessage());
  }

  /** The same for a frame of a type the protocol does not have. */
  @Test
  void aFrameOfAnUnknownTypeFromTheManagerFailsThePendingCallWithProtocolException() throws Exception {
    Throwable e = callFailsWhenTheManagerSends(peer -> peer.send((byte) 99, 0, out -> { }));
    assertEquals(ProtocolException.class, e.getClass(), String.valueOf(e));
    assertTrue(e.getMessage().contains("cannot read") && e.getMessage().contains("unknown message type 99"),
        e.getMessage());
  }

  /** What a pending call fails with when the Manager sends what {@code malformed} writes; later calls fail as lost. */
  private Throwable callFailsWhenTheManagerSends(IoAction<Peer> malformed) throws Exception {
    return pendingCallFailure(malformed, (client, e) -> assertThrows(ConnectionLostException.class,
        () -> client.shared(TestService.class, "service"), "later calls over the closed connection"));
  }

  /** An action on a scripted peer that may fail with an IOException. */
  private interface IoAction<T> {
    void run(T target) throws IOException;
  }

  /**
   * The README's failure table: a connection the Manager closed for its idle timeout fails with
   * ConnectionLostException "whose message gives the Manager's reason" — also for a client that
   * writes before it reads: one paused past the timeout (a stopped JVM) writes its keep-alive or
   * its next call on waking, into a connection already reset, and used to report only "Broken pipe".
   */
  @Test
  void aNoticeFoundOnlyAfterAWriteFailedStillGivesTheManagersReason() throws Exception {
    int port = listen();
    CompletableFuture<Peer> accepted = acceptOne(0);
    try (ManagerClient client = connect(port); Peer peer = accepted.get(20, TimeUnit.SECONDS)) {
      peer.send(Protocol.NOTICE, 0, out -> {
        out.writeByte(Protocol.NOTICE_IDLE);
        out.writeString("nothing received for 1000 ms");
      });
      peer.socket.setOption(java.net.StandardSocketOptions.SO_LINGER, 0); // closes with a reset: the next write fails
      peer.close();
      Throwable e = assertThrows(ConnectionLostException.class, () -> client.shared(TestService.class, "service"));
      assertTrue(e.getMessage().contains("idle timeout") && e.getMessage().contains("nothing received for 1000 ms"),
          e.getMessage());
    }
  }

  /** A pending call's failure when the Manager sends {@code code} and closes the connection. */
  private Throwable callFailsWithNotice(byte code, String message) throws Exception {
    return pendingCallFailure(peer -> {
      peer.send(Protocol.NOTICE, 0, out -> {
        out.writeByte(code);
        out.writeString(message);
      });
      peer.close();
    }, (client, e) -> {
      assertTrue(!client.isConnected());
      // a later call is told the same
      Throwable later = assertThrows(TypedIpcException.class, () -> client.shared(TestService.class, "service"));
      assertEquals(e.getClass(), later.getClass());
      assertTrue(later.getMessage().contains(message), later.getMessage());
    });
  }

  /**
   * What the call opening an object fails with when the Manager, having read its request, does what
   * {@code manager} does; {@code after} then checks the client.
   */
  private Throwable pendingCallFailure(IoAction<Peer> manager, BiConsumer<ManagerClient, Throwable> after)
      throws Exception {
    int port = listen();
    CompletableFuture<Peer> accepted = acceptOne(0);
    try (ManagerClient client = connect(port); Peer peer = accepted.get(20, TimeUnit.SECONDS)) {
      CompletableFuture<Throwable> opening = CompletableFuture.supplyAsync(() ->
          assertThrows(TypedIpcException.class, () -> client.shared(TestService.class, "service")), TestThreads.EACH);
      openRequest(peer);
      manager.run(peer);
      Throwable e = opening.get(20, TimeUnit.SECONDS);
      after.accept(client, e);
      return e;
    }
  }
}
