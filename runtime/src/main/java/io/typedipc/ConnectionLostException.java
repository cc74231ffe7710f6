package io.typedipc;

/**
 * The connection to the Manager was lost (the Manager stopped or was killed, the network failed, or
 * the client was closed). Every pending call on that connection fails with this exception at once;
 * whether a pending call ran in the Manager is unknown. Later calls fail with it too — at once,
 * without being sent — once the client is closed, or lost its Manager and does not reconnect (or
 * gave up reconnecting; a Manager that closed gracefully leaves {@link ManagerClosedException}
 * instead); a call made while the client reconnects fails with it, unsent, if its
 * deadline passes first; connecting fails with it when no Manager can be reached.
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
