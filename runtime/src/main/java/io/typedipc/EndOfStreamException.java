package io.typedipc;

/**
 * The sending side closed the channel or pipe and every message it sent has been received: the {@code EOFError} of Python's {@code Connection.recv()}. Nothing more will arrive.
 */
public class EndOfStreamException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the queue or channel and the wait. */
  public EndOfStreamException(String message) {
    super(message);
  }
}
