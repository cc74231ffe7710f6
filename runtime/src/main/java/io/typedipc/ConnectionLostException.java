package io.typedipc;

/**
 * The connection to the Manager was lost (the Manager stopped or was killed, the network failed, or
 * the client was closed). Every pending call on that connection fails with this exception at once;
 * whether a pending call ran in the Manager is unknown.
 */
public class ConnectionLostException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what happened and, where useful, what to do. */
  public ConnectionLostException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the underlying cause. */
  public ConnectionLostException(String message, Throwable cause) {
    super(message, cause);
  }
}
