package io.typedipc.internal.channel;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import io.typedipc.SerializationException;
import io.typedipc.internal.serial.FrameOutput;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.spi.MessageWriter;
import io.typedipc.spi.MethodDescriptor;

/**
 * Writes one message into a {@link FrameOutput} in the form {@link MessageCodec} documents: the
 * header at {@link #start}, then each argument as generated code (or {@link
 * MessageCodec#writeArguments}) passes it, then the length, written by {@link #finish}. What
 * completing and abandoning a message mean ({@link #send()}, {@link #close()}) is the subclass's:
 * the batching sender's commits the message to its batch and lets the next caller in.
 *
 * <p>A failed argument leaves part of it in the output; {@link #rewind()} takes the message out
 * again. Not thread-safe.
 */
abstract class FrameMessageWriter implements MessageWriter {
  private final Serialization serialization;
  private final Kryo kryo;
  private FrameOutput out;
  private MethodDescriptor method;
  private int start;

  FrameMessageWriter(Serialization serialization, Kryo kryo) {
    this.serialization = serialization;
    this.kryo = kryo;
  }

  /** Starts a message of kind {@code method} at the output's position. */
  final void start(FrameOutput output, MethodDescriptor message) {
    if (out != output) { // reference fields are stored only when they change: see BatchingSender.Message#writing
      out = output;
    }
    if (method != message) {
      method = message;
    }
    this.start = output.position();
    output.writeLong((long) message.id() << 32); // the length (written by finish) and the method id, little-endian
  }

  /** The message kind being written. */
  final MethodDescriptor method() {
    return method;
  }

  /** Where the message began in the output. */
  final int startPosition() {
    return start;
  }

  /**
   * Writes the message's length in front of it.
   *
   * @throws SerializationException if it takes more than {@code maxMessageBytes}, length prefix
   *     included (the message is then taken out of the output)
   */
  final void finish(int maxMessageBytes) {
    int length = out.position() - start;
    if (length > maxMessageBytes) {
      out.setPosition(start);
      throw new SerializationException("cannot send " + method.signature() + ": the message takes "
          + length + " bytes, more than the limit of " + maxMessageBytes
          + " bytes (a channel's limit is the Manager's and the client's maxFrameSize; a pipe's is"
          + " the default 16 MiB frame)");
    }
    MessageCodec.writeLength(out.getBuffer(), start, length - MessageCodec.LENGTH_BYTES);
  }

  /** Takes the message out of the output, as if it had never been started. */
  final void rewind() {
    out.setPosition(start);
  }

  @Override
  public final void writeInt(int value) {
    out.writeInt(value);
  }

  @Override
  public final void writeLong(long value) {
    out.writeLong(value);
  }

  @Override
  public final void writeDouble(double value) {
    out.writeDouble(value);
  }

  @Override
  public final void writeFloat(float value) {
    out.writeFloat(value);
  }

  @Override
  public final void writeBoolean(boolean value) {
    out.writeBoolean(value);
  }

  @Override
  public final void writeByte(byte value) {
    out.writeByte(value);
  }

  @Override
  public final void writeShort(short value) {
    out.writeShort(value);
  }

  @Override
  public final void writeChar(char value) {
    out.writeChar(value);
  }

  @Override
  public final void writeString(String value) {
    try {
      out.writeLengthPrefixedString(value);
    } catch (SerializationException e) {
      throw cannotSend(e);
    }
  }

  @Override
  public final void writeObject(Object value, Class<?> declaredType) {
    try {
      serialization.writeValue(kryo, out, value, declaredType);
    } catch (SerializationException | KryoException e) {
      throw cannotSend(e);
    }
  }

  private SerializationException cannotSend(RuntimeException e) {
    return new SerializationException("cannot send " + method.signature() + ": " + e.getMessage(), e);
  }

  @Override
  public String toString() {
    return "writer of " + (method == null ? "no message yet" : method.signature());
  }
}
