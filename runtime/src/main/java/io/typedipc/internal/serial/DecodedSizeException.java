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
  private final long allocated;

  /** The estimate passed {@code limit} bytes. */
  DecodedSizeException(long limit) {
    this("the decoded values would take more than " + limit + " bytes of heap (estimated)", limit, -1, null);
  }

  DecodedSizeException(String message, long limit, long allocated, Throwable cause) {
    super(message, cause);
    this.limit = limit;
    this.allocated = allocated;
  }

  /** What reading allocated, measured, if that is what passed the limit; else -1 (the estimate did). */
  public long allocated() {
    return allocated;
  }

  /**
   * Reading allocated {@code allocated} bytes, measured, more than {@link
   * FrameInput#ALLOCATION_FACTOR} times {@code limit}: something the estimate does not count.
   */
  static DecodedSizeException allocated(long limit, long allocated) {
    return new DecodedSizeException("decoding the values allocated " + allocated + " bytes, more than "
        + FrameInput.ALLOCATION_FACTOR + " times the limit of " + limit + " bytes of heap", limit, allocated, null);
  }

  /** The limit the estimate (or the measured allocation, beyond its factor) passed, in bytes. */
  public long limit() {
    return limit;
  }
}
