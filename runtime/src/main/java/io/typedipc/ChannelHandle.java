package io.typedipc;

import io.typedipc.internal.HandleAccess;
import io.typedipc.internal.Waits;
import io.typedipc.internal.channel.BatchingSender;
import io.typedipc.internal.channel.ChannelAccess;
import io.typedipc.internal.channel.ChannelState;
import java.time.Duration;
import java.util.Objects;

/**
 * A client's handle on one channel hosted by a {@link Manager} ({@link
 * Manager.Builder#channel}): producers, consumers, introspection and close. Get one with {@link
 * ManagerClient#channel}.
 *
 * <pre>{@code
 * ChannelHandle<OrderEvents> orders = client.channel(OrderEvents.class, "orders");
 * Producer<OrderEvents> producer = orders.producer();  // calls block while the channel is full
 * producer.send().placed(order);
 * Subscription s = orders.consume(new OrderEventsHandler());   // push: a thread calls the handler
 * }</pre>
 *
 * <h2>Delivery guarantee</h2>
 *
 * <ul>
 *   <li>A producer's call returns once its message has a reserved place in the channel and sits in
 *       the producer's outgoing batch; a sender thread ships batches in order. {@link
 *       Producer#flush} waits until the Manager holds every message sent before it; closing the
 *       producer or the client flushes too. A message whose call returned is lost only if the
 *       producer's JVM dies before it was flushed.
 *   <li>Messages from one producer are delivered in the order it sent them (unless a consumer
 *       fails, below).
 *   <li>Each message goes to exactly one consumer, and counts as consumed only after that
 *       consumer's handler returned. If the consumer's handler throws, or its JVM dies or its
 *       connection is lost before it acknowledged (batches are acknowledged with the next take,
 *       or by themselves when the next batch is 2 ms late), its unacknowledged messages go back to
 *       the head of the channel for another consumer: <b>at-least-once</b> when a consumer fails
 *       (a message it handled but had not yet acknowledged is delivered again), exactly-once when
 *       none fails. Nothing is ever dropped silently.
 * </ul>
 *
 * <p>Thread-safe. The counters are a snapshot and may be stale by the time they are read, as in
 * Python.
 *
 * @param <T> the channel's {@code @Channel} interface
 */
public final class ChannelHandle<T> {
  private final Class<T> type;
  private final ChannelAccess access;

  static {
    HandleAccess.channels(h -> h.access);
  }

  ChannelHandle(Class<T> type, ChannelAccess access) {
    this.type = type;
    this.access = access;
  }

  /** The channel's name in the Manager. */
  public String name() {
    return access.name();
  }

  /** The channel's message interface. */
  public Class<T> type() {
    return type;
  }

  /**
   * A new producer whose calls block while the channel is full, for as long as it stays full. Each
   * producer has its own outgoing batch and sender thread: reuse it (it is thread-safe) rather than
   * creating one per message, and close it when done (the client's {@code close} closes those
   * still open).
   *
   * @throws ConnectionLostException if the client is closed (as for each factory here)
   */
  public Producer<T> producer() {
    return newProducer(-1);
  }

  /**
   * A new producer whose calls wait at most {@code sendTimeout} for room and then throw {@link
   * FullException}; {@link Duration#ZERO} makes every call a non-blocking try ({@code
   * put_nowait}).
   */
  public Producer<T> producer(Duration sendTimeout) {
    Objects.requireNonNull(sendTimeout, "sendTimeout");
    if (sendTimeout.isNegative()) {
      throw new IllegalArgumentException("the send timeout must not be negative");
    }
    return newProducer(Waits.nanos(sendTimeout, "sendTimeout"));
  }

  private Producer<T> newProducer(long sendTimeoutNanos) {
    BatchingSender sender = access.newProducer(sendTimeoutNanos);
    return new Producer<>(type.cast(access.proxy(sender)), sender, access.name());
  }

  /**
   * Subscribes {@code handler}: a thread of the subscription calls it once per message, one message
   * at a time, until the channel is closed and drained, the subscription is closed, or the handler
   * throws (see {@link Subscription}). Several subscriptions (in this JVM or others) share the
   * messages: each goes to one of them.
   */
  public Subscription consume(T handler) {
    Objects.requireNonNull(handler, "handler");
    return access.subscribe(handler);
  }

  /** A pull consumer: {@link Receiver#receive} one message at a time. */
  public Receiver<T> receiver() {
    return access.receiver();
  }

  /** The most messages the channel holds (Python's {@code maxsize}). */
  public int capacity() {
    return access.capacity();
  }

  /** Messages waiting for a consumer now (Python's {@code qsize()}, approximate). */
  public int size() {
    return access.state().queued();
  }

  /** Whether no message is waiting for a consumer now (approximate). */
  public boolean isEmpty() {
    return size() == 0;
  }

  /**
   * Whether a producer would find no room now (approximate): messages waiting, delivered but not
   * yet acknowledged, and places reserved by producers for messages on their way fill the
   * capacity.
   */
  public boolean isFull() {
    ChannelState s = access.state();
    return s.queued() + s.inFlight() + s.reserved() >= s.capacity();
  }

  /** Whether the channel was closed. */
  public boolean isClosed() {
    return access.state().closed();
  }

  /**
   * Closes the channel for everyone: producers' later calls fail with {@link
   * ChannelClosedException} (messages whose call already returned are still delivered); consumers
   * receive what is left, then see the end of the stream ({@link EndOfStreamException} for a
   * {@link Receiver}, {@link Subscription#reachedEndOfStream()} for a subscription). Idempotent.
   */
  public void close() {
    access.closeChannel();
  }

  @Override
  public String toString() {
    return "channel '" + name() + "' of " + type.getName();
  }
}
