package io.typedipc;

/**
 * A bounded queue or channel stayed full for the whole wait, or was full at once for a non-blocking put: the {@code queue.Full} of Python. Nothing was enqueued.
 */
public class FullException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the queue or channel and the wait. */
  public FullException(String message) {
    super(message);
  }
}
