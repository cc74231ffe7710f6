package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.AuthKey;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A hostile client holding the real key: a plain socket that does the handshake by hand (as
 * specified in {@link Protocol}), then writes whatever frames a test wants and reads only when the
 * test says so. It does not use the runtime's transport classes, so it keeps working while they
 * change; argument values are encoded with the runtime's {@link Serialization}.
 */
final class RawConnection implements AutoCloseable {
  static final InterfaceDescriptor SERVICE = new TestService_Binding().descriptor();
  private static final Serialization SERIALIZATION =
      Serialization.create(List.of(SERVICE), List.of(), Serialization.DEFAULT_MAX_DEPTH);
  private static final int HELLO_BYTES = 4 + 2 + 4 + Protocol.NONCE_BYTES;
  private static final SecureRandom RANDOM = new SecureRandom();

  final SocketChannel socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawConnection(SocketChannel socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.socket().getInputStream(), 8 * 1024));
    this.out = socket.socket().getOutputStream();
  }

  /** A TCP connection to the Manager and nothing more; buffer sizes of 0 keep the system's. */
  static SocketChannel tcp(int port, int receiveBuffer, int sendBuffer) throws IOException {
    SocketChannel socket = SocketChannel.open();
    try {
      if (receiveBuffer > 0) {
        socket.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
      }
      if (sendBuffer > 0) {
        socket.setOption(StandardSocketOptions.SO_SNDBUF, sendBuffer);
      }
      socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
      socket.socket().connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Authenticates with {@code key} and reads the Manager's SETTINGS. */
  static RawConnection authenticated(int port, AuthKey key) throws IOException {
    return authenticated(port, key, 0, 0);
  }

  /** {@link #authenticated(int, AuthKey)} over a socket with the given buffer sizes (0: the system's). */
  static RawConnection authenticated(int port, AuthKey key, int receiveBuffer, int sendBuffer) throws IOException {
    RawConnection raw = new RawConnection(tcp(port, receiveBuffer, sendBuffer));
    try {
      raw.handshake(key);
      byte[] settings = raw.readFrame(Duration.ofSeconds(10));
      assertEquals(Protocol.SETTINGS, settings[0], "the Manager's first frame is its SETTINGS");
      return raw;
    } catch (IOException | RuntimeException | Error e) {
      raw.close();
      throw e;
    }
  }

  /** An authenticated raw connection that joined the client session {@code session} (SESSION, sent first). */
  static RawConnection joined(int port, AuthKey key, String session) throws IOException {
    RawConnection raw = authenticated(port, key);
    raw.send(frame(Protocol.SESSION, 0, o -> o.writeString(session)));
    return raw;
  }

  private void handshake(AuthKey key) throws IOException {
    socket.socket().setSoTimeout(10_000);
    byte[] hello = new byte[HELLO_BYTES];
    in.readFully(hello);
    ByteBuffer h = ByteBuffer.wrap(hello);
    if (h.getInt() != Protocol.MAGIC || (h.getShort() & 0xffff) != Protocol.VERSION) {
      throw new IOException("not a typedipc Manager of protocol " + Protocol.VERSION);
    }
    h.getInt(); // the Manager's frame limit
    byte[] serverNonce = new byte[Protocol.NONCE_BYTES];
    h.get(serverNonce);
    byte[] clientNonce = new byte[Protocol.NONCE_BYTES];
    RANDOM.nextBytes(clientNonce);
    ByteBuffer proof = ByteBuffer.allocate(HELLO_BYTES + Protocol.MAC_BYTES);
    proof.putInt(Protocol.MAGIC).putShort((short) Protocol.VERSION).putInt(Protocol.DEFAULT_MAX_FRAME).put(clientNonce);
    proof.put(hmac(key, "typedipc client", serverNonce, clientNonce));
    out.write(proof.array());
    out.flush();
    int verdict = in.readUnsignedByte();
    if (verdict != Protocol.VERDICT_OK) {
      throw new IOException("the Manager's verdict was " + verdict);
    }
    byte[] mac = new byte[Protocol.MAC_BYTES];
    in.readFully(mac);
  }

  private static byte[] hmac(AuthKey key, String label, byte[] first, byte[] second) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.bytes(), "HmacSHA256"));
      mac.update(label.getBytes(StandardCharsets.US_ASCII));
      mac.update(first);
      mac.update(second);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads one frame's payload, waiting up to {@code timeout}.
   *
   * @throws EOFException if the Manager closed the connection
   * @throws SocketTimeoutException if nothing complete arrived in time
   */
  byte[] readFrame(Duration timeout) throws IOException {
    socket.socket().setSoTimeout((int) Math.max(1, timeout.toMillis()));
    int length = in.readInt();
    byte[] payload = new byte[length];
    in.readFully(payload);
    return payload;
  }

  /** A frame from the Manager: its type, its id, and the rest of it. */
  record Reply(byte type, long id, Input body, long arrivedNanos) {
    /** The value of a RESULT of {@code type}. */
    Object value(Class<?> type) {
      assertEquals(Protocol.RESULT, this.type, "a RESULT for call " + id);
      Kryo kryo = SERIALIZATION.borrow();
      try {
        return SERIALIZATION.readValue(kryo, body, type);
      } finally {
        SERIALIZATION.release(kryo);
      }
    }
  }

  /**
   * Reads the next frame, waiting up to {@code timeout}, and notes when it arrived.
   *
   * @throws SocketTimeoutException if nothing complete arrived in time
   */
  Reply readReply(Duration timeout) throws IOException {
    byte[] frame = readFrame(timeout);
    long arrived = System.nanoTime();
    Input body = Serialization.frameInput(frame, 0, frame.length);
    byte type = body.readByte();
    long id = body.readVarLong(true);
    return new Reply(type, id, body, arrived);
  }

  /** Writes bytes holding whole frames, blocking until the socket took them. */
  void send(byte[] frames) throws IOException {
    out.write(frames);
    out.flush();
  }

  /** Opens the shared object {@code name} as a {@link TestService} (OPEN with id 1); returns its handle. */
  int openService(String name) throws IOException {
    return open(name, SERVICE);
  }

  /** Opens the shared object {@code name} as {@code type} (OPEN with id 1); returns its handle. */
  int open(String name, InterfaceDescriptor type) throws IOException {
    send(frame(Protocol.OPEN, 1, o -> {
      o.writeString(name);
      o.writeString(type.name());
      o.writeString(type.fingerprint());
      o.writeVarInt(0, true);
    }));
    Input reply = new Input(readFrame(Duration.ofSeconds(10)));
    assertEquals(Protocol.OPENED, reply.readByte(), "OPEN answered");
    assertEquals(1, reply.readVarLong(true));
    return reply.readVarInt(true);
  }

  /** What the Manager sent until it closed the connection. */
  record Ending(int frames, List<Byte> noticeCodes, boolean reset) {}

  /**
   * Reads (and drops) frames until the Manager closes the connection; a reset after the Manager's
   * close counts as closed too (it discards what it had not read).
   *
   * @throws SocketTimeoutException if it is still open after {@code timeout}
   */
  Ending readUntilClosed(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int frames = 0;
    List<Byte> notices = new ArrayList<>();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SocketTimeoutException("the Manager did not close the connection within " + timeout
            + " (" + frames + " frames read)");
      }
      byte[] frame;
      try {
        frame = readFrame(Duration.ofNanos(left));
      } catch (EOFException e) {
        return new Ending(frames, notices, false);
      } catch (SocketTimeoutException e) {
        throw new SocketTimeoutException("the Manager did not close the connection within " + timeout
            + " (" + frames + " frames read)");
      } catch (IOException e) {
        if (String.valueOf(e.getMessage()).contains("reset")) {
          return new Ending(frames, notices, true);
        }
        throw e;
      }
      frames++;
      if (frame[0] == Protocol.NOTICE) {
        Input notice = new Input(frame);
        notice.readByte();
        notice.readVarLong(true);
        notices.add(notice.readByte());
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  // ------------------------------------------------------------------ frames

  /** A whole frame (length prefix included): {@code type}, {@code id}, then what {@code body} writes. */
  static byte[] frame(byte type, long id, Consumer<Output> body) {
    Output o = new Output(256, -1);
    o.setPosition(4);
    o.writeByte(type);
    o.writeVarLong(id, true);
    body.accept(o);
    byte[] bytes = o.toBytes();
    int length = bytes.length - 4;
    bytes[0] = (byte) (length >>> 24);
    bytes[1] = (byte) (length >>> 16);
    bytes[2] = (byte) (length >>> 8);
    bytes[3] = (byte) length;
    return bytes;
  }

  /** A CALL frame of the {@link TestService} method {@code method} with these arguments. */
  static byte[] call(long id, int handle, String method, Object... args) {
    return call(id, handle, SERVICE, method, args);
  }

  /** A CALL frame of {@code type}'s method {@code method} (the first of that name) with these arguments. */
  static byte[] call(long id, int handle, InterfaceDescriptor type, String method, Object... args) {
    MethodDescriptor m = type.methods().stream().filter(d -> d.name().equals(method)).findFirst().orElseThrow();
    return frame(Protocol.CALL, id, o -> {
      o.writeVarInt(handle, true);
      o.writeInt(m.id());
      Kryo kryo = SERIALIZATION.borrow();
      try {
        for (int i = 0; i < args.length; i++) {
          SERIALIZATION.writeValue(kryo, o, args[i], m.parameterTypes().get(i));
        }
      } finally {
        SERIALIZATION.release(kryo);
      }
    });
  }

  static MethodDescriptor method(String name) {
    return SERVICE.methods().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  /** The frames, one after another, to be written at once. */
  static byte[] concat(byte[]... frames) {
    int length = 0;
    for (byte[] f : frames) {
      length += f.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] f : frames) {
      System.arraycopy(f, 0, all, at, f.length);
      at += f.length;
    }
    return all;
  }

  /** Four bytes announcing a frame of {@code length} bytes, and nothing of it. */
  static byte[] lengthOnly(int length) {
    return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
  }
}
