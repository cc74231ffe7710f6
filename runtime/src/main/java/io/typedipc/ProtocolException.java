package io.typedipc;

/**
 * The peer sent data that breaks the wire protocol: a malformed or oversized frame, a value of a class
 * outside the allow-list, a declared length larger than the data, or nesting deeper than allowed.
 * The connection that carried it is closed; the Manager keeps serving everyone else.
 */
public class ProtocolException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what happened and, where useful, what to do. */
  public ProtocolException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the underlying cause. */
  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
