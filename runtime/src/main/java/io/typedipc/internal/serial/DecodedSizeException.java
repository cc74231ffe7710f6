package io.typedipc.internal.serial;

import io.typedipc.ProtocolException;

/**
 * The values of one frame would take more heap than its reader allows ({@link
 * FrameInput#limitDecoded}). The frame is well formed as far as it was read: unlike other {@link
 * ProtocolException}s this one need not cost the connection, since the frame's length is known and
 * the reader can go on with the next frame.
 */
public final class DecodedSizeException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  private final long limit;

  /** The estimate passed {@code limit} bytes. */
  public DecodedSizeException(long limit) {
    this("the decoded values would take more than " + limit + " bytes of heap (estimated)", limit, null);
  }

  DecodedSizeException(String message, long limit, Throwable cause) {
    super(message, cause);
    this.limit = limit;
  }

  /** The limit the estimate passed, in bytes. */
  public long limit() {
    return limit;
  }
}
