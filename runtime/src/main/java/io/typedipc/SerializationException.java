package io.typedipc;

/**
 * A value could not be written for the wire, typically because its class is not registered. Nothing
 * was sent.
 */
public class SerializationException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what happened and, where useful, what to do. */
  public SerializationException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the underlying cause. */
  public SerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
