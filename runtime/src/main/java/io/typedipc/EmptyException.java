package io.typedipc;

/**
 * A queue or channel had nothing to take for the whole wait, or was empty at once for a non-blocking get: the {@code queue.Empty} of Python. Nothing was taken.
 */
public class EmptyException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the queue or channel and the wait. */
  public EmptyException(String message) {
    super(message);
  }
}
