package io.typedipc;

/**
 * A call did not complete before its deadline. The call may still run (or have run) in the Manager;
 * its late result is discarded.
 */
public class CallTimeoutException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what happened and, where useful, what to do. */
  public CallTimeoutException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the underlying cause. */
  public CallTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
