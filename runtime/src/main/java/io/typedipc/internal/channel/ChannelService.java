package io.typedipc.internal.channel;

import io.typedipc.annotation.Shared;
import java.util.concurrent.CompletableFuture;

/**
 * The Manager side of one {@code @Channel} queue, as the runtime's own {@code @Shared} interface:
 * hosted under the channel's name and called by the client runtime's producers and consumers,
 * never by users. Messages are opaque bytes here (see {@link MessageCodec}); the Manager does not
 * decode them.
 *
 * <p>Waiting calls are asynchronous: the Manager parks them without a thread and completes them
 * when there is room or a message, or when their (bounded) wait ends.
 *
 * <p>Room is <em>reserved</em> before messages are sent: a producer's call returns only once its
 * message has a place in the channel, which is what makes a full channel block (or fail) the
 * producer's call although the producer sends in batches.
 */
@Shared
public interface ChannelService {

  /** Completion code of {@link #reserve}: the channel is closed. */
  int CLOSED = -1;

  /**
   * Reserves room for up to {@code want} messages for producer {@code producerId}, waiting up to
   * {@code waitMillis} (at most a few seconds; 0 for none) for at least one place.
   *
   * @return a future of the places granted (1 to {@code want}), 0 if the wait ended first, or
   *     {@link #CLOSED}
   */
  CompletableFuture<Integer> reserve(String producerId, int want, long waitMillis);

  /**
   * Enqueues {@code count} messages, concatenated in the first {@code length} bytes of {@code
   * batch}, into places the producer reserved, and gives back {@code release} further reserved
   * places it does not need. Bytes of {@code batch} after {@code length} are ignored: a producer
   * sends its batch buffer as it is, with a little unused room at its end, rather than a copy cut
   * to size (a batch with much unused room is cut to size here before it is kept).
   *
   * @return whether the channel is closed (later reservations fail)
   */
  boolean put(String producerId, byte[] batch, int length, int count, int release);

  /**
   * Acknowledges this consumer's deliveries up to {@code ackUpTo}, then takes up to {@code max}
   * messages of at most {@code maxBytes} together (but always at least one), waiting up to {@code
   * waitMillis} (0 for none) for the first.
   */
  CompletableFuture<Delivery> take(String consumerId, long ackUpTo, int max, int maxBytes, long waitMillis);

  /** Acknowledges this consumer's deliveries up to {@code ackUpTo}: they are consumed. */
  CompletableFuture<Boolean> ack(String consumerId, long ackUpTo);

  /**
   * Ends a consumer: acknowledges its deliveries up to {@code ackUpTo} and the first {@code
   * handled} messages of delivery {@code partial} (0: none), puts everything else it holds back at
   * the head of the queue for other consumers, and ends its waiting take, if any.
   */
  void detach(String consumerId, long ackUpTo, long partial, int handled);

  /** Ends the consumer's waiting take, if any, with {@link Delivery#CANCELLED}. */
  CompletableFuture<Boolean> cancel(String consumerId);

  /** The channel's message interface, capacity and counters. */
  ChannelState state();

  /** Closes the channel: no new reservations; consumers drain what is left, then see its end. */
  void close();
}
