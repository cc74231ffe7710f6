package io.typedipc.internal.channel;

import io.typedipc.ProtocolException;

/**
 * What a {@link ChannelService#take} returns: messages for one consumer, or why there are none.
 *
 * @param status {@link #MESSAGES}, {@link #EMPTY}, {@link #END} or {@link #CANCELLED}
 * @param id this delivery's number for its consumer, acknowledged by that number
 * @param count how many messages {@code batch} holds
 * @param batch concatenated messages (see {@link MessageCodec}) in its first {@code length}
 *     bytes; empty unless {@code MESSAGES}
 * @param length how many bytes of {@code batch} the messages take: a batch handed on as a
 *     producer put it may have a little unused room at its end (see {@link ChannelService#put})
 */
public record Delivery(int status, long id, int count, byte[] batch, int length) {
  /** Messages were delivered. */
  public static final int MESSAGES = 0;
  /** The wait ended with no message. */
  public static final int EMPTY = 1;
  /** The channel is closed and drained: no message will ever come. */
  public static final int END = 2;
  /** The consumer was cancelled or detached. */
  public static final int CANCELLED = 3;

  private static final byte[] NONE = new byte[0];

  /** A delivery whose messages take all of {@code batch}. */
  public Delivery(int status, long id, int count, byte[] batch) {
    this(status, id, count, batch, batch.length);
  }

  static Delivery of(int status) {
    return new Delivery(status, 0, 0, NONE, 0);
  }

  /**
   * The length, checked against the array: a delivery is read from the Manager's reply.
   *
   * @throws ProtocolException if the length is not within the batch
   */
  int checkedLength() {
    if (batch == null || length < 0 || length > batch.length) {
      throw new ProtocolException("the Manager delivered " + length + " bytes of messages in a batch of "
          + (batch == null ? "none" : batch.length));
    }
    return length;
  }
}
