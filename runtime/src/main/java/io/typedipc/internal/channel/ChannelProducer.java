package io.typedipc.internal.channel;

import io.typedipc.ChannelClosedException;
import io.typedipc.ConnectionLostException;
import io.typedipc.FullException;
import io.typedipc.spi.MethodDescriptor;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime behind a producer of a Manager channel: a {@link BatchingSender} whose messages each
 * need a reserved place in the channel, and whose batches are put into the Manager.
 *
 * <p>A call returns once its message has a <em>reserved place</em> in the channel and is encoded in
 * this producer's batch; the sender's thread puts batches into the Manager, one at a time, in
 * order. Places are reserved in blocks ({@value #WANT} at most, as many as are free), so a fast
 * producer pays one round trip per block, not per message, and the next block is asked for while
 * half of the current one is left (its reply hands the places over without the callers' lock);
 * places it holds and does not use are given back after {@value #LINGER_MILLIS} ms without a
 * send. When the channel is full the call waits for a place up to the
 * send timeout, then fails with {@link FullException}.
 */
final class ChannelProducer extends BatchingSender {
  /** The largest block of places reserved at once (a quarter of the capacity at most). */
  static final int WANT = 16_384;
  static final long LINGER_MILLIS = 2;
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
  /** While callers keep sending, the sender's thread waits this long at a time for a fuller batch. */
  private static final long BATCH_LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  /** … and this long at most for one batch. */
  private static final long MAX_BATCH_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final byte[] NONE = new byte[0];

  private final ChannelAccess channel;
  private final ChannelService service;
  private final String id = UUID.randomUUID().toString();
  private final long sendTimeoutNanos;
  private final int want;

  // guarded by the sender's lock
  private int credits;
  private boolean reserving;
  /** The reservation in progress is an early one (no wait in the Manager), made before the places ran out. */
  private boolean reservingAhead;
  private volatile boolean channelClosed;

  // the reply of a reservation made ahead, handed to the callers without their lock (see absorb)
  /** Places it granted, not yet added to {@link #credits}. */
  private final AtomicInteger arrived = new AtomicInteger();
  /** Its reply came (its places, if any, are in {@link #arrived}). */
  private volatile boolean aheadAnswered;
  /** Callers waiting in {@link #admit} for it (changed with the lock held). */
  private volatile int admissionWaiters;

  /**
   * @param sendTimeoutNanos how long a send waits for room: negative for ever, 0 not at all
   */
  ChannelProducer(ChannelAccess channel, long sendTimeoutNanos) {
    super(channel.codec(), "typedipc-producer-" + channel.name(), 0,
        Math.max(1024, Math.min(256 * 1024, channel.maxMessageBytes() / 2)), channel.maxMessageBytes(),
        channel.maxMessageBytes(), 2, BATCH_LINGER_NANOS, MAX_BATCH_LINGER_NANOS, true);
    this.channel = channel;
    this.service = channel.service();
    this.sendTimeoutNanos = sendTimeoutNanos;
    this.want = Math.max(1, Math.min(WANT, channel.capacity() / 4));
    start();
  }

  // ------------------------------------------------------------------ places

  @Override
  long admit(MethodDescriptor method, long deadline) throws InterruptedException {
    absorb();
    if (channelClosed) {
      throw closedChannel(method);
    }
    if (credits > 0) {
      return ADMITTED;
    }
    if (deadline == FIRST) {
      deadline = System.nanoTime() + Math.max(0, sendTimeoutNanos);
    }
    if (reservingAhead) {
      admissionWaiters++; // before looking once more: its reply takes the lock to wake this caller
      try {
        absorb();
        if (reservingAhead && !channelClosed) {
          admission.await(); // one round trip, whatever the send timeout: the places may be there
        }
      } finally {
        admissionWaiters--;
      }
    } else if (reserving) {
      if (sendTimeoutNanos < 0) {
        admission.await();
      } else {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw full(method);
        }
        admission.awaitNanos(left);
      }
    } else {
      reserveUnlocked(method, deadline);
    }
    return deadline;
  }

  @Override
  boolean accepted() {
    credits--;
    if (credits < want / 2 && !reserving && !channelClosed) {
      reserving = true; // reserve the next block before this one runs out, so sends rarely wait a round trip
      reservingAhead = true;
      return true;
    }
    return false;
  }

  @Override
  void afterAccepted() {
    reserveAhead();
  }

  /**
   * Asks, without waiting in the Manager, for the next block of places. Its reply, on the
   * connection's reader thread, leaves the places for the callers (see {@link #absorb}) without
   * taking their lock, which a streaming caller takes and releases for every message: waiting for
   * it there starved the reader, and with it every reply on the connection, the puts' included. It
   * takes the lock only when a caller waits for the places, or the channel closed.
   */
  private void reserveAhead() {
    CompletableFuture<Integer> f;
    try {
      f = service.reserve(id, want, 0);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete((got, error) -> {
      boolean closedNow = false;
      if (error == null && got != null) {
        if (got == ChannelService.CLOSED) {
          closedNow = true;
          channelClosed = true;
        } else if (got > 0) {
          arrived.addAndGet(got);
        }
      }
      aheadAnswered = true;
      if (admissionWaiters > 0 || closedNow) {
        lock.lock();
        try {
          absorb();
          wakeAll();
        } finally {
          lock.unlock();
        }
      }
    });
  }

  /**
   * Takes in the reply of the reservation made ahead, if it came: its places join {@link
   * #credits} and the next reservation may be made. Lock held; a volatile read when it has not.
   */
  private void absorb() {
    if (aheadAnswered) {
      aheadAnswered = false;
      credits += arrived.getAndSet(0);
      reserving = false;
      reservingAhead = false;
    }
  }

  /** Reserves places with the lock released (other callers wait for this one); lock held again on return. */
  private void reserveUnlocked(MethodDescriptor method, long deadline) {
    reserving = true;
    lock.unlock();
    int got = 0;
    RuntimeException error = null;
    try {
      got = reserve(deadline);
    } catch (RuntimeException e) {
      error = e;
    } finally {
      lock.lock();
      reserving = false;
      wakeAll();
    }
    if (error != null) {
      throw error;
    }
    if (got == ChannelService.CLOSED) {
      channelClosed = true;
      throw closedChannel(method);
    }
    if (got == 0 && isClosing()) {
      throw stopped(method, true, null);
    }
    if (got == 0) {
      throw full(method);
    }
    credits += got;
  }

  /**
   * Waits in the Manager for places, a round of at most {@link ChannelQueue#MAX_WAIT_MILLIS} at a
   * time, until some come, the deadline passes, or this producer is closed: a close (its own, or its
   * client's) must not wait for room that may never come, since the producer's thread, and with it
   * the close, waits for this reservation.
   */
  private int reserve(long deadline) {
    while (true) {
      long waitMillis;
      if (sendTimeoutNanos < 0) {
        waitMillis = ChannelQueue.MAX_WAIT_MILLIS;
      } else {
        waitMillis = Math.min(ChannelQueue.MAX_WAIT_MILLIS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      }
      int got = Futures.await(service.reserve(id, want, Math.max(0, waitMillis)));
      if (got != 0 || waitMillis <= 0 || (sendTimeoutNanos >= 0 && deadline - System.nanoTime() <= 0) || isClosing()) {
        return got;
      }
    }
  }

  // ------------------------------------------------------------------ shipping

  @Override
  void prepare(Batch batch) {
    absorb();
    if (batch.count == 0) {
      batch.release = credits; // an empty shipment gives back every place held
      credits = 0;
    }
  }

  /**
   * Puts the batch into the Manager: its buffer as it is when the room left at its end is small
   * (a full batch: the usual case), so that it is not copied once more before it is encoded; else
   * (a partly filled batch, a buffer grown for a large message) a copy cut to size; so is a buffer
   * too large for a frame, which a message near the frame limit grows past it (the messages fit:
   * each send checked its own).
   */
  @Override
  void ship(Batch batch) {
    int length = batch.count == 0 ? 0 : batch.length();
    byte[] data = batch.count == 0 ? NONE : batch.bytes();
    if (data.length - length > ChannelQueue.unusedRoom(length) || data.length > channel.maxMessageBytes()) {
      data = Arrays.copyOf(data, length);
    }
    if (service.put(id, data, length, batch.count, batch.release)) {
      channelClosed = true;
    }
  }

  @Override
  boolean emptyShipmentDue(boolean idle) {
    absorb();
    return credits > 0 && !reserving && (idle || isClosing() || channelClosed);
  }

  @Override
  long idleWaitNanos() {
    absorb();
    // while a reservation made ahead is out, look again soon: its reply does not always wake the thread
    return (credits > 0 && !reserving) || reservingAhead ? LINGER_NANOS : -1;
  }

  @Override
  boolean holdsOpen() {
    absorb();
    return reserving; // its reply may bring places to give back
  }

  // ------------------------------------------------------------------ failures

  private ChannelClosedException closedChannel(MethodDescriptor method) {
    return new ChannelClosedException("channel '" + channel.name() + "' is closed; " + method.name() + " was not sent");
  }

  private FullException full(MethodDescriptor method) {
    return new FullException("channel '" + channel.name() + "' stayed full "
        + (sendTimeoutNanos == 0 ? "(non-blocking send)" : "for " + Duration.ofNanos(sendTimeoutNanos))
        + "; " + method.name() + " was not sent");
  }

  @Override
  RuntimeException stopped(MethodDescriptor method, boolean closed, Throwable failure) {
    if (failure != null) {
      return new ConnectionLostException("this producer of channel '" + channel.name() + "' failed and sends no more: "
          + failure.getMessage(), failure);
    }
    return new IllegalStateException("this producer of channel '" + channel.name() + "' is closed");
  }

  @Override
  RuntimeException flushFailed(long lost, Throwable failure) {
    return new ConnectionLostException(lost + " messages to channel '" + channel.name()
        + "' may not have reached the Manager: " + (failure == null ? "its sender stopped" : failure.getMessage()), failure);
  }

  @Override
  String target() {
    return "channel '" + channel.name() + "'";
  }

  @Override
  void closed() {
    channel.forget(this);
  }

  @Override
  public String toString() {
    return channel.codec().descriptor().type().getSimpleName() + " producer for channel '" + channel.name() + "'";
  }
}
