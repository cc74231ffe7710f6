package io.typedipc.spi;

/**
 * Reads the arguments of one received message straight from its batch, for a {@link
 * MessageDispatcher}: one read method per parameter, in declaration order, each the counterpart of
 * the {@link MessageWriter} method that wrote it, then {@link #end()} before the handler is called.
 *
 * <p>Every read stays within the message: reading past its end, a malformed value, a value of a
 * class outside the allow-list or not of the declared type is a {@link
 * io.typedipc.ProtocolException}, and the runtime then drops the rest of the batch. Not
 * thread-safe.
 */
public interface MessageReader {

  /** Reads an {@code int} parameter. */
  int readInt();

  /** Reads a {@code long} parameter. */
  long readLong();

  /** Reads a {@code double} parameter. */
  double readDouble();

  /** Reads a {@code float} parameter. */
  float readFloat();

  /** Reads a {@code boolean} parameter. */
  boolean readBoolean();

  /** Reads a {@code byte} parameter. */
  byte readByte();

  /** Reads a {@code short} parameter. */
  short readShort();

  /** Reads a {@code char} parameter. */
  char readChar();

  /** Reads a {@code String} parameter (possibly {@code null}). */
  String readString();

  /**
   * Reads a parameter written with {@link MessageWriter#writeObject}.
   *
   * @param declaredType the parameter's erased type, as the writer passed it
   * @return the value, an instance of {@code declaredType} (its wrapper for a primitive type), or
   *     {@code null}
   */
  <T> T readObject(Class<T> declaredType);

  /**
   * Checks that the message ends where its arguments did; the dispatcher calls it after reading
   * the last argument and before calling the handler, so a malformed message never reaches it.
   *
   * @throws io.typedipc.ProtocolException if bytes are left over
   */
  void end();
}
