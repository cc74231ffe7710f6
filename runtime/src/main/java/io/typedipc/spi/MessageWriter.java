package io.typedipc.spi;

/**
 * Writes the arguments of one message, begun with {@link MessageSender#begin}, straight into its
 * batch. Generated code calls one write method per parameter, in declaration order, chosen by the
 * parameter's type, then {@link #send()}, inside a try-with-resources block:
 *
 * <ul>
 *   <li>primitives: {@link #writeInt}, {@link #writeLong}, … — fixed size, little-endian;
 *   <li>{@code String}: {@link #writeString} — a length-prefixed form built for short text;
 *   <li>anything else (boxed primitives, records, enums, arrays, collections, …): {@link
 *       #writeObject} with the parameter's erased type, through the same allow-list as every
 *       value typedipc sends.
 * </ul>
 *
 * <p>If a write fails, the exception propagates and {@link #close()} takes the message out of the
 * batch, which stays valid: nothing of it is sent. Not thread-safe: a writer belongs to the thread
 * that began the message until it is closed.
 */
public interface MessageWriter extends AutoCloseable {

  /** Writes an {@code int} parameter. */
  void writeInt(int value);

  /** Writes a {@code long} parameter. */
  void writeLong(long value);

  /** Writes a {@code double} parameter. */
  void writeDouble(double value);

  /** Writes a {@code float} parameter. */
  void writeFloat(float value);

  /** Writes a {@code boolean} parameter. */
  void writeBoolean(boolean value);

  /** Writes a {@code byte} parameter. */
  void writeByte(byte value);

  /** Writes a {@code short} parameter. */
  void writeShort(short value);

  /** Writes a {@code char} parameter. */
  void writeChar(char value);

  /**
   * Writes a {@code String} parameter, which may be {@code null}.
   *
   * @throws io.typedipc.SerializationException if the string is too long to be carried
   */
  void writeString(String value);

  /**
   * Writes a parameter of any other type, which may be {@code null}.
   *
   * @param declaredType the parameter's erased type ({@code Object.class} for a type variable),
   *     which the reading side passes to {@link MessageReader#readObject}
   * @throws io.typedipc.SerializationException if the value, or anything it holds, is of a class
   *     outside the allow-list, is not a {@code declaredType}, or nests too deeply
   */
  void writeObject(Object value, Class<?> declaredType);

  /**
   * Completes the message: from now on it is part of the batch and will be delivered, in order.
   *
   * @throws io.typedipc.SerializationException if the message is larger than the receiver accepts
   *     (it is then taken out of the batch)
   * @throws io.typedipc.TypedIpcException (or a subclass) if the sender stopped meanwhile
   */
  void send();

  /**
   * Ends the writing: takes the message out of the batch if {@link #send()} was not called or
   * failed, and lets the sender go on with the next message. Called by the try-with-resources
   * block; never throws.
   */
  @Override
  void close();
}
