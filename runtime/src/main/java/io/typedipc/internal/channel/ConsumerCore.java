package io.typedipc.internal.channel;

import io.typedipc.EndOfStreamException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The Manager-facing half of a consumer: its id, its acknowledgements and its long polls. A
 * consumer id is never reused after a detach, because the Manager numbers deliveries per id.
 */
final class ConsumerCore {
  private final ChannelAccess channel;
  private final ChannelService service;
  private final String base = UUID.randomUUID().toString();
  /** The most messages the next take asks for. */
  private volatile int prefetch;
  private int generation;
  private volatile String id;
  /** Set by {@link #cancel()}: no take is made any more. */
  private volatile boolean cancelled;
  /** Deliveries up to this one were handled completely. */
  long handledUpTo;
  /** What the Manager was last told was handled. */
  long ackedUpTo;

  ConsumerCore(ChannelAccess channel, int prefetch) {
    this.channel = channel;
    this.service = channel.service();
    this.prefetch = prefetch;
    this.id = base + "#0";
  }

  String id() {
    return id;
  }

  /** Changes how many messages later takes ask for (at least one). */
  void prefetch(int messages) {
    prefetch = Math.max(1, messages);
  }

  /** Starts a take that acknowledges what was handled and waits up to {@code waitMillis}. */
  CompletableFuture<Delivery> takeAsync(long waitMillis) {
    long ack = handledUpTo;
    ackedUpTo = ack;
    return service.take(id, ack, prefetch, channel.maxDeliveryBytes(), Math.min(waitMillis, ChannelQueue.MAX_WAIT_MILLIS));
  }

  /**
   * The next delivery with messages, waiting up to {@code timeoutNanos} (negative: for ever).
   *
   * @return the delivery, or {@code null} if the time passed first, or one of status {@link
   *     Delivery#CANCELLED}
   * @throws EndOfStreamException once the channel is closed and drained
   */
  Delivery fetch(long timeoutNanos) {
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    while (true) {
      if (cancelled) { // a cancel that reached the Manager before this take would not end it
        return Delivery.of(Delivery.CANCELLED);
      }
      long waitMillis = timeoutNanos < 0 ? ChannelQueue.MAX_WAIT_MILLIS : Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
      Delivery d;
      try {
        d = Futures.await(takeAsync(waitMillis));
      } catch (RuntimeException e) {
        abandon();
        throw e;
      }
      switch (d.status()) {
        case Delivery.MESSAGES, Delivery.CANCELLED:
          return d;
        case Delivery.END:
          throw endOfStream();
        default:
          if (timeoutNanos >= 0 && deadline - System.nanoTime() <= 0) {
            return null;
          }
      }
    }
  }

  /**
   * A take failed on this side (a timeout, a lost reply) although the Manager may have answered it:
   * continues under a new id after giving back everything the old one held, so that a later
   * acknowledgement cannot also acknowledge a delivery this consumer never received.
   */
  private void abandon() {
    try {
      detach(0, 0);
    } catch (RuntimeException e) {
      // the connection is gone: the Manager requeues everything when it notices
    }
  }

  EndOfStreamException endOfStream() {
    return new EndOfStreamException("channel '" + channel.name() + "' is closed and every message in it was received");
  }

  /** Tells the Manager, without waiting, that everything handled so far is consumed. */
  void ackNow() {
    if (ackedUpTo < handledUpTo) {
      ackedUpTo = handledUpTo;
      service.ack(id, handledUpTo);
    }
  }

  /**
   * Gives back everything not handled (from message {@code handled} of delivery {@code partial}
   * on, and every later delivery), and continues under a new id.
   */
  void detach(long partial, int handled) {
    try {
      service.detach(id, handledUpTo, partial, handled);
    } finally {
      generation++;
      id = base + "#" + generation;
      handledUpTo = 0;
      ackedUpTo = 0;
    }
  }

  /** Ends the consumer's waiting take in the Manager, without waiting, and its later ones here. */
  void cancel() {
    cancelled = true;
    service.cancel(id);
  }
}
