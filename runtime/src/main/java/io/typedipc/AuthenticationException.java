package io.typedipc;

/**
 * The auth key check failed: one side could not prove it holds the same key as the other. Nothing
 * but the fixed-size handshake was read from the peer.
 */
public class AuthenticationException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what happened and, where useful, what to do. */
  public AuthenticationException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the underlying cause. */
  public AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
