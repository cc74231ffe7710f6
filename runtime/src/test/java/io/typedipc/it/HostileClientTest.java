package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.internal.wire.FrameChannel;
import io.typedipc.internal.wire.Handshake;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input from one connection costs that connection only: the Manager (in another JVM) keeps
 * serving a well-behaved client throughout.
 */
class HostileClientTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static AuthKey key;
  private static ChildJvm managerJvm;
  private static int port;
  private static final InterfaceDescriptor SERVICE = new TestService_Binding().descriptor();

  @BeforeAll
  static void startManager() throws Exception {
    key = AuthKey.generate();
    managerJvm = ChildJvm.start(TestManagerMain.class, key, "1048576", "1000");
    port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stopManager() throws Exception {
    managerJvm.close();
  }

  @AfterEach
  void managerStillServesOthers() {
    try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, key)) {
      assertEquals("alive", client.shared(TestService.class, "service").echo("alive"));
    }
  }

  @Test
  void garbageInsteadOfAHandshakeIsDropped() throws Exception {
    try (FrameChannel raw = rawConnection()) {
      byte[] junk = new byte[200];
      new Random(7).nextBytes(junk);
      raw.writeExactly(junk);
      assertClosedByManager(raw);
    }
  }

  @Test
  void oversizedFrameHeaderClosesTheConnectionBeforeAnyBodyIsRead() throws Exception {
    try (FrameChannel raw = authenticated()) {
      byte[] header = new byte[4];
      FrameChannel.writeInt(header, 0, 1 << 30);
      raw.writeExactly(header);
      assertClosedByManager(raw);
    }
  }

  @Test
  void callOnAHandleNeverOpenedIsAProtocolError() throws Exception {
    try (FrameChannel raw = authenticated()) {
      Output out = frame(Protocol.CALL, 1);
      out.writeVarInt(99, true);
      out.writeInt(0);
      send(raw, out);
      assertFailure(raw, 1, Protocol.FAIL_PROTOCOL);
      assertClosedByManager(raw);
    }
  }

  @Test
  void truncatedArgumentsAreAProtocolError() throws Exception {
    try (FrameChannel raw = authenticated()) {
      open(raw);
      Output out = frame(Protocol.CALL, 2);
      out.writeVarInt(0, true);
      out.writeInt(method("echo").id());
      send(raw, out); // the String argument is missing
      assertFailure(raw, 2, Protocol.FAIL_PROTOCOL);
      assertClosedByManager(raw);
    }
  }

  @Test
  void unknownMethodIdIsRefusedAndTheConnectionStaysUsable() throws Exception {
    try (FrameChannel raw = authenticated()) {
      open(raw);
      Output out = frame(Protocol.CALL, 2);
      out.writeVarInt(0, true);
      out.writeInt(0x7eadbeef);
      send(raw, out);
      String message = assertFailure(raw, 2, Protocol.FAIL_PROTOCOL);
      assertTrue(message.contains("has no method with id"), message);

      Output get = frame(Protocol.CALL, 3);
      get.writeVarInt(0, true);
      get.writeInt(method("get").id());
      send(raw, get);
      assertTrue(raw.readFrame(10 * SECOND));
      Input in = new Input(raw.frameBuffer(), raw.frameOffset(), raw.frameLength());
      assertEquals(Protocol.RESULT, in.readByte());
      assertEquals(3, in.readVarLong(true));
    }
  }

  @Test
  void silentClientIsDroppedAfterTheHandshakeTimeout() throws Exception {
    try (FrameChannel raw = rawConnection()) {
      long start = System.nanoTime();
      assertEquals(42, raw.readExactly(42, System.nanoTime() + 10 * SECOND).length, "the Manager's hello");
      assertClosedByManager(raw); // we never answer; the Manager's 1 s handshake timeout ends it
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 800 && millis < 5_000, "dropped after " + millis + " ms");
    }
  }

  // ------------------------------------------------------------------ helpers

  private static MethodDescriptor method(String name) {
    return SERVICE.methods().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  private static FrameChannel rawConnection() throws IOException {
    SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
    return new FrameChannel(socket, 0, 10 * SECOND);
  }

  private static FrameChannel authenticated() throws IOException {
    FrameChannel raw = rawConnection();
    Handshake.client(raw, key, Protocol.DEFAULT_MAX_FRAME, System.nanoTime() + 10 * SECOND);
    raw.maxInboundFrame(Protocol.DEFAULT_MAX_FRAME);
    assertTrue(raw.readFrame(10 * SECOND), "no settings after the handshake");
    assertEquals(Protocol.SETTINGS, raw.frameBuffer()[raw.frameOffset()]);
    return raw;
  }

  private static void open(FrameChannel raw) throws IOException {
    Output out = frame(Protocol.OPEN, 1);
    out.writeString("service");
    out.writeString(SERVICE.name());
    out.writeString(SERVICE.fingerprint());
    out.writeVarInt(0, true);
    send(raw, out);
    assertTrue(raw.readFrame(10 * SECOND));
    Input in = new Input(raw.frameBuffer(), raw.frameOffset(), raw.frameLength());
    assertEquals(Protocol.OPENED, in.readByte());
    assertEquals(1, in.readVarLong(true));
    assertEquals(0, in.readVarInt(true));
  }

  private static Output frame(byte type, long id) {
    Output out = new Output(256, -1);
    out.setPosition(4);
    out.writeByte(type);
    out.writeVarLong(id, true);
    return out;
  }

  private static void send(FrameChannel raw, Output out) throws IOException {
    FrameChannel.writeInt(out.getBuffer(), 0, out.position() - 4);
    raw.send(out.getBuffer(), 0, out.position());
  }

  private static String assertFailure(FrameChannel raw, long id, byte code) throws IOException {
    assertTrue(raw.readFrame(10 * SECOND), "no reply");
    Input in = new Input(raw.frameBuffer(), raw.frameOffset(), raw.frameLength());
    assertEquals(Protocol.FAILURE, in.readByte());
    assertEquals(id, in.readVarLong(true));
    assertEquals(code, in.readByte());
    return in.readString();
  }

  /** Reads bytes until the Manager closes the connection (a NOTICE frame may come first). */
  private static void assertClosedByManager(FrameChannel raw) {
    long deadline = System.nanoTime() + 15 * SECOND;
    assertThrows(EOFException.class, () -> {
      while (true) {
        raw.readExactly(1, deadline);
      }
    });
  }
}
