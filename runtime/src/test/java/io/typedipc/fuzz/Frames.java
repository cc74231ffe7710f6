package io.typedipc.fuzz;

import com.esotericsoftware.kryo.io.Output;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.spi.InterfaceDescriptor;
import java.util.function.Consumer;

/**
 * Writes client frames as the wire protocol lays them out ({@link Protocol}): {@code u32 length
 * (big-endian) | u8 type | varlong id | body}. For the frame fuzz target's own traffic and its
 * seed inputs.
 */
final class Frames {
  private final Output out = new Output(256, -1);

  /** Appends a frame of {@code type} and {@code id} whose body {@code body} writes. */
  Frames frame(byte type, long id, Consumer<Output> body) {
    int start = out.position();
    out.writeInt(0); // the length, patched below
    out.writeByte(type);
    out.writeVarLong(id, true);
    body.accept(out);
    int length = out.position() - start - 4;
    byte[] b = out.getBuffer();
    b[start] = (byte) (length >>> 24);
    b[start + 1] = (byte) (length >>> 16);
    b[start + 2] = (byte) (length >>> 8);
    b[start + 3] = (byte) length;
    return this;
  }

  /** Appends an OPEN of the object {@code name}, of interface {@code d}, announcing no signatures. */
  Frames open(long id, String name, InterfaceDescriptor d) {
    return frame(Protocol.OPEN, id, o -> {
      o.writeString(name);
      o.writeString(d.name());
      o.writeString(d.fingerprint());
      o.writeVarInt(0, true);
    });
  }

  /** Appends a CALL of method {@code methodId} on {@code handle}, with arguments {@code args} writes. */
  Frames call(long id, int handle, int methodId, Consumer<Output> args) {
    return frame(Protocol.CALL, id, o -> {
      o.writeVarInt(handle, true);
      o.writeInt(methodId);
      args.accept(o);
    });
  }

  /** The frames so far. */
  byte[] bytes() {
    return out.toBytes();
  }

  /**
   * An input of the frame fuzz target for these frames: {@link FrameFuzzTest#RAW} and the bytes,
   * or {@link FrameFuzzTest#FRAMED} and each frame's body after its length as a {@code u16}.
   */
  byte[] input(int mode) {
    byte[] raw = bytes();
    Output in = new Output(raw.length + 1, -1);
    in.writeByte(mode);
    if (mode == FrameFuzzTest.RAW) {
      in.writeBytes(raw);
      return in.toBytes();
    }
    int p = 0;
    while (p < raw.length) {
      int length = (raw[p] & 0xff) << 24 | (raw[p + 1] & 0xff) << 16 | (raw[p + 2] & 0xff) << 8 | (raw[p + 3] & 0xff);
      in.writeByte(length >>> 8);
      in.writeByte(length);
      in.writeBytes(raw, p + 4, length);
      p += 4 + length;
    }
    return in.toBytes();
  }

  /** Whether {@code data} is whole frames, each with a length the receiver accepts. */
  static boolean wellFramed(byte[] data, int maxFrame) {
    int p = 0;
    while (p < data.length) {
      if (data.length - p < 4) {
        return false;
      }
      int length = (data[p] & 0xff) << 24 | (data[p + 1] & 0xff) << 16
          | (data[p + 2] & 0xff) << 8 | (data[p + 3] & 0xff);
      if (length < 1 || length > maxFrame || length > data.length - p - 4) {
        return false;
      }
      p += 4 + length;
    }
    return true;
  }
}
