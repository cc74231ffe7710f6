package io.typedipc;

import io.typedipc.internal.channel.BatchingSender;
import java.util.Objects;

/**
 * A producer of a Manager channel: {@link #send()} is the proxy whose calls send messages, and the
 * producer says when they have left ({@link #flush()}) and stops ({@link #close()}). Get one from
 * {@link ChannelHandle#producer()} or {@link ManagerClient#producer(Class, String)}.
 *
 * <pre>{@code
 * try (Producer<OrderEvents> orders = client.producer(OrderEvents.class, "orders")) {
 *   orders.send().placed(order);             // returns once the message has a place in the channel
 *   orders.send().cancelled(42);
 *   orders.flush();                          // the Manager holds both now
 * }                                          // close: flushes, then gives back unused places
 * }</pre>
 *
 * <p>A call on the proxy returns once its message has a reserved place in the channel and sits in
 * this producer's outgoing batch; a thread of the producer ships batches to the Manager in order.
 * While the channel is full a call blocks (or, with a send timeout, throws {@link FullException}
 * once it passes). A message whose call returned is lost only if this JVM dies before it was
 * flushed: {@link #flush()}, {@link #close()} and closing the client all ship everything first.
 * See {@link ChannelHandle} for the whole delivery guarantee.
 *
 * <p>Each producer has its own batch and thread: reuse it — it is thread-safe — rather than making
 * one per message. Closing the {@link ManagerClient} closes the producers still open.
 *
 * @param <T> the channel's {@code @Channel} interface
 */
public final class Producer<T> implements AutoCloseable {
  private final T proxy;
  private final BatchingSender sender;
  private final String channel;

  Producer(T proxy, BatchingSender sender, String channel) {
    this.proxy = Objects.requireNonNull(proxy, "proxy");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.channel = channel;
  }

  /**
   * The proxy whose calls send messages: {@code producer.send().placed(order)}. Always the same
   * object, thread-safe; keep it in a variable if you like. A call that needs the Manager (for
   * places in the channel) after the connection is gone throws the connection's exception: {@link
   * ConnectionLostException}, or {@link ManagerClosedException} if the Manager shut down. After
   * {@link #close()} its calls throw {@link IllegalStateException} — or, if this producer's thread
   * failed to deliver a batch first, the {@link ConnectionLostException} saying so.
   */
  public T send() {
    return proxy;
  }

  /**
   * Waits until the Manager holds every message sent through this producer before this call.
   *
   * @throws ConnectionLostException if some of them could not be delivered to the Manager
   */
  public void flush() {
    sender.flush();
  }

  /**
   * Flushes, then stops this producer and gives back the places in the channel it reserved and did
   * not use; later sends throw {@link IllegalStateException}, and so does a send waiting for room in
   * a full channel, within about a second. Idempotent.
   *
   * @throws ConnectionLostException if messages sent before could not be delivered
   */
  @Override
  public void close() {
    sender.close();
  }

  /** Whether {@link #close()} was called (or the client that made this producer was closed). */
  public boolean isClosed() {
    return sender.isClosed();
  }

  /** The name of the channel this producer sends to. */
  public String channelName() {
    return channel;
  }

  @Override
  public String toString() {
    return sender.toString();
  }
}
