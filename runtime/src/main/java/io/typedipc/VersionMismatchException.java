package io.typedipc;

/**
 * Client and Manager disagree: a different wire protocol version, or a {@code @Shared} interface
 * compiled differently on each side. The message names the interface and the differing methods.
 */
public class VersionMismatchException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what happened and, where useful, what to do. */
  public VersionMismatchException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the underlying cause. */
  public VersionMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
