package io.typedipc.internal.channel;

/**
 * What a {@link ChannelService#take} returns: messages for one consumer, or why there are none.
 *
 * @param status {@link #MESSAGES}, {@link #EMPTY}, {@link #END} or {@link #CANCELLED}
 * @param id this delivery's number for its consumer, acknowledged by that number
 * @param count how many messages {@code batch} holds
 * @param batch concatenated messages (see {@link MessageCodec}); empty unless {@code MESSAGES}
 */
public record Delivery(int status, long id, int count, byte[] batch) {
  /** Messages were delivered. */
  public static final int MESSAGES = 0;
  /** The wait ended with no message. */
  public static final int EMPTY = 1;
  /** The channel is closed and drained: no message will ever come. */
  public static final int END = 2;
  /** The consumer was cancelled or detached. */
  public static final int CANCELLED = 3;

  private static final byte[] NONE = new byte[0];

  static Delivery of(int status) {
    return new Delivery(status, 0, 0, NONE);
  }
}
