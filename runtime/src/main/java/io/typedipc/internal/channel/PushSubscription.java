package io.typedipc.internal.channel;

import io.typedipc.Subscription;
import io.typedipc.internal.Waits;
import io.typedipc.spi.Dispatcher;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Subscription}: a thread that takes batches of up to {@value #PREFETCH} messages, sized to
 * the handler's speed (see {@link #BATCH_NANOS}), and dispatches them. While it handles one batch
 * the next take is already on its way (carrying the acknowledgement of the batch before), so a busy
 * consumer pays no round trip per batch; when the next batch is not there {@link #ACK_DELAY_NANOS}
 * after a batch was handled, that batch is acknowledged by itself.
 */
final class PushSubscription implements Subscription {
  static final int PREFETCH = 16_384;
  /** How many messages the first take asks for, before the handler's speed is known. */
  static final int FIRST_PREFETCH = 64;
  /**
   * How long a batch should take to handle. Batches are sized from the handler's measured speed so
   * that a fast handler gets big batches (throughput) and a slow one small ones: messages it holds
   * are messages other consumers of the channel cannot have, so work is shared fairly.
   */
  static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  /**
   * How long a consumer that has handled its batch waits for the next one before it acknowledges
   * the batch by itself: the next take carries the acknowledgement anyway, so a separate call is
   * only worth it when the channel runs dry (to free its places for producers).
   */
  static final long ACK_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final Logger LOG = System.getLogger("io.typedipc.Channel");

  private final ChannelAccess channel;
  private final Dispatcher dispatcher;
  private final ConsumerCore core;
  private final MessageCodec.Decoder decoder;
  private final Thread thread;
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile boolean closing;
  private volatile Throwable failure;
  private volatile boolean endOfStream;

  PushSubscription(ChannelAccess channel, Dispatcher dispatcher, String handlerName) {
    this.channel = channel;
    this.dispatcher = dispatcher;
    this.core = new ConsumerCore(channel, FIRST_PREFETCH);
    this.decoder = channel.codec().decoder();
    this.thread = new Thread(this::run, "typedipc-consumer-" + channel.name());
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      CompletableFuture<Delivery> pending = core.takeAsync(ChannelQueue.MAX_WAIT_MILLIS);
      while (true) {
        Delivery d = Futures.await(pending);
        if (d.status() == Delivery.END) {
          endOfStream = true;
          core.detach(0, 0);
          return;
        }
        if (d.status() == Delivery.CANCELLED || (closing && d.status() == Delivery.EMPTY)) {
          core.detach(0, 0);
          return;
        }
        if (d.status() == Delivery.EMPTY) {
          pending = core.takeAsync(ChannelQueue.MAX_WAIT_MILLIS);
          continue;
        }
        pending = closing ? null : core.takeAsync(ChannelQueue.MAX_WAIT_MILLIS);
        decoder.reset(d.batch(), 0, d.checkedLength(), d.count());
        long started = System.nanoTime();
        for (int i = 0; i < d.count(); i++) {
          if (closing) {
            core.detach(d.id(), i);
            return;
          }
          try {
            decoder.dispatchNext(dispatcher);
          } catch (Throwable t) {
            failure = t;
            LOG.log(Level.WARNING, "a consumer of channel '" + channel.name() + "' failed; the message and the rest of its batch go back to the channel", t);
            core.detach(d.id(), i);
            return;
          }
        }
        core.handledUpTo = d.id();
        core.prefetch(batchFor(d.count(), System.nanoTime() - started));
        if (pending == null) {
          core.detach(0, 0);
          return;
        }
        if (!awaitBriefly(pending)) {
          core.ackNow(); // the next batch is not coming at once: give the places back now
        }
      }
    } catch (Throwable t) {
      if (failure == null) {
        failure = t;
      }
      if (!closing) {
        LOG.log(Level.WARNING, "a consumer of channel '" + channel.name() + "' stopped: " + t);
      }
      giveBackAfterFailure();
    } finally {
      decoder.release();
      channel.forget(this);
      ended.countDown();
    }
  }

  /**
   * Whether {@code pending} completes within {@link #ACK_DELAY_NANOS}: then its take carries the
   * acknowledgement and a separate one would only cost the Manager a call.
   */
  private static boolean awaitBriefly(CompletableFuture<Delivery> pending) {
    if (pending.isDone()) {
      return true;
    }
    try {
      pending.get(ACK_DELAY_NANOS, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | CancellationException e) {
      return true; // the loop sees the failure when it takes the result
    }
  }

  /**
   * This consumer stopped on a failure of its own machinery (a timeout, a lost reply): gives back
   * what it holds, if the Manager can still be told, so other consumers get it now rather than when
   * this client disconnects.
   */
  private void giveBackAfterFailure() {
    try {
      core.detach(0, 0);
    } catch (RuntimeException e) {
      // the connection is gone: the Manager requeues everything when it notices
    }
  }

  /** The batch size that the handler, having handled {@code count} messages in {@code nanos}, handles in about {@link #BATCH_NANOS}. */
  static int batchFor(int count, long nanos) {
    double perMessage = Math.max(1.0, (double) nanos / count);
    return (int) Math.max(1, Math.min(PREFETCH, BATCH_NANOS / perMessage));
  }

  @Override
  public boolean isActive() {
    return ended.getCount() > 0;
  }

  @Override
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(Waits.nanos(timeout, "timeout"), TimeUnit.NANOSECONDS);
  }

  @Override
  public boolean reachedEndOfStream() {
    return endOfStream;
  }

  @Override
  public Throwable failure() {
    return failure;
  }

  @Override
  public void close() {
    if (!isActive()) {
      return;
    }
    closing = true;
    try {
      core.cancel();
    } catch (RuntimeException e) {
      // the connection is gone; the thread notices by itself
    }
    if (Thread.currentThread() != thread) {
      try {
        ended.await(ChannelQueue.MAX_WAIT_MILLIS + 35_000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "subscription to channel '" + channel.name() + "'" + (isActive() ? "" : " (ended)");
  }
}
