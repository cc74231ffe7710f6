package io.typedipc.internal.channel;

import com.esotericsoftware.kryo.Kryo;
import io.typedipc.ChannelClosedException;
import io.typedipc.ConnectionLostException;
import io.typedipc.FullException;
import io.typedipc.TypedIpcException;
import io.typedipc.internal.serial.FrameOutput;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.RemoteObject;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The runtime behind a producer proxy of a Manager channel.
 *
 * <p>A call returns once its message has a <em>reserved place</em> in the channel and is encoded in
 * this producer's local batch; a sender thread ships batches to the Manager, one at a time, in
 * order. Places are reserved in blocks ({@value #WANT} at most, as many as are free), so a fast
 * producer pays one round trip per block, not per message; places it holds and does not use are
 * given back after {@value #LINGER_MILLIS} ms without a send. When the channel is full the call
 * waits for a place up to the send timeout, then fails with {@link FullException}.
 */
final class ChannelProducer implements RemoteObject, BatchingSender {
  /** The largest block of places reserved at once (a quarter of the capacity at most). */
  static final int WANT = 16_384;
  static final long LINGER_MILLIS = 2;
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
  /** While callers keep sending, the sender waits this long at a time for a fuller batch. */
  private static final long BATCH_LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  private static final VarHandle ACCEPTED;
  private static final VarHandle FLUSHING;

  static {
    try {
      ACCEPTED = MethodHandles.lookup().findVarHandle(ChannelProducer.class, "accepted", long.class);
      FLUSHING = MethodHandles.lookup().findVarHandle(ChannelProducer.class, "flushing", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ChannelAccess channel;
  private final ChannelService service;
  private final MessageCodec codec;
  private final String id = UUID.randomUUID().toString();
  private final long sendTimeoutNanos;
  private final int maxMessage;
  private final int batchBytes;
  private final int want;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Kryo kryo;
  private FrameOutput batch = new FrameOutput(64 * 1024);
  private int count;
  private int credits;
  private boolean reserving;
  /** The reservation in progress is an early one (no wait in the Manager), made before the places ran out. */
  private boolean reservingAhead;
  private int flushing;
  private boolean channelClosed;
  private volatile boolean closed;
  private RuntimeException failure;
  private long accepted;
  private long sent;
  private long lastAccepted;
  private boolean senderWaiting;
  private final Thread sender;

  /**
   * @param sendTimeoutNanos how long a send waits for room: negative for ever, 0 not at all
   */
  ChannelProducer(ChannelAccess channel, long sendTimeoutNanos) {
    this.channel = channel;
    this.service = channel.service();
    this.codec = channel.codec();
    this.sendTimeoutNanos = sendTimeoutNanos;
    this.maxMessage = channel.maxMessageBytes();
    this.batchBytes = Math.max(1024, Math.min(256 * 1024, maxMessage / 2));
    this.want = Math.max(1, Math.min(WANT, channel.capacity() / 4));
    this.kryo = codec.serialization().borrow();
    this.sender = new Thread(this::sendLoop, "typedipc-producer-" + channel.name());
    sender.setDaemon(true);
    sender.start();
  }

  @Override
  public <R> R call(MethodDescriptor method, Object[] args) {
    long deadline = System.nanoTime() + Math.max(0, sendTimeoutNanos);
    boolean reserveAhead = false;
    lock.lock();
    try {
      while (true) {
        check();
        if (channelClosed) {
          throw new ChannelClosedException("channel '" + channel.name() + "' is closed; " + method.name() + " was not sent");
        }
        if (batch.position() >= batchBytes) {
          changed.await(); // the sender is busy with the previous batch
        } else if (credits > 0) {
          break;
        } else if (reservingAhead) {
          changed.await(); // one round trip, whatever the send timeout: the places may be there
        } else if (reserving) {
          if (sendTimeoutNanos < 0) {
            changed.await();
          } else {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              throw full(method);
            }
            changed.awaitNanos(left);
          }
        } else {
          reserveUnlocked(method, deadline);
        }
      }
      codec.encode(kryo, batch, method, args, maxMessage);
      credits--;
      count++;
      accepted++;
      lastAccepted = System.nanoTime();
      if (senderWaiting) {
        changed.signalAll();
      }
      if (credits < want / 2 && !reserving && !channelClosed) {
        reserving = true; // reserve the next block before this one runs out, so sends rarely wait a round trip
        reservingAhead = true;
        reserveAhead = true;
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TypedIpcException("interrupted while sending " + method.name() + " to channel '" + channel.name() + "'", e);
    } finally {
      lock.unlock();
      if (reserveAhead) {
        reserveAhead();
      }
    }
  }

  /** Asks, without waiting in the Manager, for the next block of places; the reply adds them. */
  private void reserveAhead() {
    CompletableFuture<Integer> f;
    try {
      f = service.reserve(id, want, 0);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    f.whenComplete((got, error) -> {
      lock.lock();
      try {
        if (error == null && got != null) {
          if (got == ChannelService.CLOSED) {
            channelClosed = true;
          } else {
            credits += got;
          }
        }
        reserving = false;
        reservingAhead = false;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    });
  }

  /** Reserves places with the lock released (other threads wait for this one); lock held again on return. */
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
      changed.signalAll();
    }
    if (error != null) {
      throw error;
    }
    if (got == ChannelService.CLOSED) {
      channelClosed = true;
      throw new ChannelClosedException("channel '" + channel.name() + "' is closed; " + method.name() + " was not sent");
    }
    if (got == 0) {
      throw full(method);
    }
    credits += got;
  }

  private int reserve(long deadline) {
    while (true) {
      long waitMillis;
      if (sendTimeoutNanos < 0) {
        waitMillis = ChannelQueue.MAX_WAIT_MILLIS;
      } else {
        waitMillis = Math.min(ChannelQueue.MAX_WAIT_MILLIS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      }
      int got = Futures.await(service.reserve(id, want, Math.max(0, waitMillis)));
      if (got != 0 || waitMillis <= 0 || (sendTimeoutNanos >= 0 && deadline - System.nanoTime() <= 0)) {
        return got;
      }
    }
  }

  private FullException full(MethodDescriptor method) {
    return new FullException("channel '" + channel.name() + "' stayed full "
        + (sendTimeoutNanos == 0 ? "(non-blocking send)" : "for " + Duration.ofNanos(sendTimeoutNanos))
        + "; " + method.name() + " was not sent");
  }

  private void check() {
    if (failure != null) {
      throw new ConnectionLostException("this producer of channel '" + channel.name() + "' failed and sends no more: " + failure.getMessage(), failure);
    }
    if (closed) {
      throw new IllegalStateException("this producer of channel '" + channel.name() + "' is closed");
    }
  }

  @Override
  public <R> CompletableFuture<R> callAsync(MethodDescriptor method, Object[] args) {
    throw new UnsupportedOperationException("channel messages are one-way");
  }

  // ------------------------------------------------------------------ sender

  private void sendLoop() {
    while (true) {
      byte[] data;
      int n;
      int release;
      boolean last;
      lock.lock();
      try {
        while (true) {
          if (failure != null) {
            return;
          }
          long idle = System.nanoTime() - lastAccepted;
          if (count > 1 && batch.position() < batchBytes && flushing == 0 && !closed && !channelClosed) {
            lingerForFullerBatch(); // callers are streaming: ship fuller batches, fewer puts
          }
          if (count > 0) {
            break;
          }
          if (credits > 0 && !reserving && (closed || channelClosed || idle >= LINGER_NANOS)) {
            break;
          }
          if (closed && !reserving) {
            return;
          }
          senderWaiting = true;
          try {
            if (credits > 0) {
              changed.awaitNanos(Math.max(1, LINGER_NANOS - idle));
            } else {
              changed.await();
            }
          } catch (InterruptedException e) {
            return;
          } finally {
            senderWaiting = false;
          }
        }
        n = count;
        data = n == 0 ? new byte[0] : Arrays.copyOf(batch.getBuffer(), batch.position());
        count = 0;
        if (batch.getBuffer().length > 1024 * 1024) {
          batch = new FrameOutput(64 * 1024);
        } else {
          batch.reset();
        }
        release = n == 0 ? credits : 0;
        credits -= release;
        last = closed;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      boolean isClosed;
      try {
        isClosed = service.put(id, data, n, release);
      } catch (RuntimeException e) {
        lock.lock();
        try {
          failure = e;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
        return;
      }
      lock.lock();
      try {
        sent += n;
        if (isClosed) {
          channelClosed = true;
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      if (last && n == 0) {
        return;
      }
    }
  }

  /**
   * Waits, lock released, while callers keep adding messages to a batch that is not full yet, up
   * to {@link #BATCH_LINGER_NANOS} at a time; returns (lock held) once they pause, the batch is
   * full, or a flush or close asks for it.
   */
  private void lingerForFullerBatch() {
    lock.unlock(); // the callers hold the lock most of the time while they stream
    try {
      long now = (long) ACCEPTED.getOpaque(this);
      long seen;
      int rounds = 0;
      do {
        seen = now;
        LockSupport.parkNanos(this, BATCH_LINGER_NANOS);
        now = (long) ACCEPTED.getOpaque(this);
      } while (now != seen && !closed && (int) FLUSHING.getOpaque(this) == 0 && ++rounds < 200
          && batch.position() < batchBytes); // a racy read, a hint only: a full batch stops the callers anyway
    } finally {
      lock.lock();
    }
  }

  @Override
  public void flush() {
    lock.lock();
    try {
      long target = accepted;
      changed.signalAll();
      flushing++;
      LockSupport.unpark(sender);
      try {
        while (sent < target) {
          if (failure != null) {
            throw new ConnectionLostException((target - sent) + " messages to channel '" + channel.name()
                + "' may not have reached the Manager: " + failure.getMessage(), failure);
          }
          changed.await();
        }
      } finally {
        flushing--;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TypedIpcException("interrupted while flushing to channel '" + channel.name() + "'", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
    } finally {
      lock.unlock();
    }
    try {
      flush();
    } finally {
      lock.lock();
      try {
        closed = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      try {
        sender.join(TimeUnit.SECONDS.toMillis(35));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      codec.serialization().release(kryo);
      channel.forget(this);
    }
  }

  @Override
  public String toString() {
    return codec.descriptor().type().getSimpleName() + " producer for channel '" + channel.name() + "'";
  }
}
