package io.typedipc.process;

import io.typedipc.TypedIpcException;

/**
 * A child JVM started by this package failed before it was ready (for example a Manager or pool
 * worker whose initializer threw, or whose class could not be loaded). The message ends with the
 * child's last lines of output.
 */
public class ChildProcessException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what happened. */
  public ChildProcessException(String message) {
    super(message);
  }

  /** Creates the exception with a message and its cause. */
  public ChildProcessException(String message, Throwable cause) {
    super(message, cause);
  }
}
