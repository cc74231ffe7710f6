package io.typedipc;

/**
 * The Manager is closing or closed and rejected the call; calls that were already running finish
 * normally. A call waiting in a built-in object (a lock's, a queue's) also ends with it when the
 * object is removed ({@code remove(name)}).
 */
public class ManagerClosedException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what happened and, where useful, what to do. */
  public ManagerClosedException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the underlying cause. */
  public ManagerClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
