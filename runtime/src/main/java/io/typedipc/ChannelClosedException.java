package io.typedipc;

/**
 * A message was sent to a channel or pipe that is closed. The message was not sent.
 */
public class ChannelClosedException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the queue or channel and the wait. */
  public ChannelClosedException(String message) {
    super(message);
  }
}
