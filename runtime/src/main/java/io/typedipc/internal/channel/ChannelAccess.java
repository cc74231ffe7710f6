package io.typedipc.internal.channel;

import io.typedipc.Receiver;
import io.typedipc.Subscription;
import io.typedipc.spi.SharedBinding;

/**
 * One client's access to one Manager channel: the service proxy, the message codec and limits,
 * and the factories of producers and consumers. What {@link io.typedipc.ChannelHandle} wraps.
 */
public final class ChannelAccess {
  /** Room for the put or take frame around the messages. */
  private static final int FRAME_OVERHEAD = 512;

  private final ClientChannels owner;
  private final String name;
  private final SharedBinding binding;
  private final ChannelService service;
  private final MessageCodec codec;
  private final int capacity;
  private final int frameLimit;

  ChannelAccess(ClientChannels owner, String name, SharedBinding binding, ChannelService service,
      MessageCodec codec, int capacity, int frameLimit) {
    this.owner = owner;
    this.name = name;
    this.binding = binding;
    this.service = service;
    this.codec = codec;
    this.capacity = capacity;
    this.frameLimit = frameLimit;
  }

  /** The channel's name in the Manager. */
  public String name() {
    return name;
  }

  /** The generated proxy of the channel's service in the Manager (says which Manager, with which settings). */
  public Object serviceProxy() {
    return service;
  }

  /** The channel's capacity in messages. */
  public int capacity() {
    return capacity;
  }

  /** A snapshot of the channel's counters. */
  public ChannelState state() {
    return service.state();
  }

  /** Closes the channel in the Manager. */
  public void closeChannel() {
    service.close();
  }

  /**
   * A new producer (closed with the client unless closed before); {@link #proxy} makes the proxy
   * that sends through it.
   *
   * @param sendTimeoutNanos how long a send waits for room: negative for ever, 0 not at all
   */
  public BatchingSender newProducer(long sendTimeoutNanos) {
    owner.checkOpen();
    ChannelProducer producer = new ChannelProducer(this, sendTimeoutNanos);
    owner.opened(producer);
    return producer;
  }

  /** The generated proxy whose calls send messages through {@code producer}. */
  public Object proxy(BatchingSender producer) {
    return binding.newProxy(producer);
  }

  /** Subscribes {@code handler}: a thread of the subscription calls it for each message. */
  public Subscription subscribe(Object handler) {
    owner.checkOpen();
    PushSubscription s = new PushSubscription(this, binding.newDispatcher(handler), handler.toString());
    owner.opened(s);
    s.start();
    return s;
  }

  /** A pull receiver. */
  public <T> Receiver<T> receiver() {
    owner.checkOpen();
    PullReceiver<T> r = new PullReceiver<>(this);
    owner.opened(r);
    return r;
  }

  /** Forgets a producer or consumer that closed (it no longer needs closing with the client). */
  void forget(Object closedOne) {
    owner.closed(closedOne);
  }

  SharedBinding binding() {
    return binding;
  }

  ChannelService service() {
    return service;
  }

  MessageCodec codec() {
    return codec;
  }

  /** The largest message, length prefix included, that fits in a frame both ways. */
  int maxMessageBytes() {
    return frameLimit - FRAME_OVERHEAD;
  }

  /**
   * The most bytes of messages one delivery may carry: room for a producer's whole batch (256 KiB
   * and the message that filled it), which the Manager then hands on without copying it.
   */
  int maxDeliveryBytes() {
    return Math.min(maxMessageBytes(), 512 * 1024);
  }
}
