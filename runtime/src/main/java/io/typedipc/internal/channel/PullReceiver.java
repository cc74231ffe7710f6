package io.typedipc.internal.channel;

import io.typedipc.EmptyException;
import io.typedipc.Receiver;
import io.typedipc.TypedIpcException;
import io.typedipc.internal.Waits;
import io.typedipc.spi.Dispatcher;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link Receiver}: one message per take; acknowledged as soon as its handler returned. One receive
 * runs at a time (the lock). {@link #close()} never waits for a receive in progress: it cancels the
 * take the receive waits in, and whichever of the two holds the lock last gives back what the
 * receiver took.
 */
final class PullReceiver<T> implements Receiver<T> {
  private final ChannelAccess channel;
  private final ConsumerCore core;
  private final MessageCodec.Decoder decoder;
  private Delivery current;
  private Object lastHandler;
  private Dispatcher lastDispatcher;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Whether what this receiver took was given back and its decoder released; under the lock. */
  private boolean finished;
  private boolean ended;

  PullReceiver(ChannelAccess channel) {
    this.channel = channel;
    this.core = new ConsumerCore(channel, 1);
    this.decoder = channel.codec().decoder();
  }

  @Override
  public void receive(T handler) {
    receive(handler, -1);
  }

  @Override
  public boolean receive(T handler, Duration timeout) {
    return receive(handler, Waits.nanos(timeout, "timeout"));
  }

  @Override
  public void get(T handler, boolean block, Duration timeout) {
    long nanos = !block ? 0 : timeout == null ? -1 : Waits.nanos(timeout, "timeout");
    if (!receive(handler, nanos)) {
      throw new EmptyException("channel '" + channel.name() + "' had no message "
          + (nanos == 0 ? "waiting" : "within " + timeout));
    }
  }

  private boolean receive(T handler, long timeoutNanos) {
    Objects.requireNonNull(handler, "handler");
    lock.lock();
    try {
      return receiveLocked(handler, timeoutNanos);
    } finally {
      lock.unlock();
      if (closed.get()) {
        finishIfFree(); // close() found this receive running: it may have left the giving back to it
      }
    }
  }

  private boolean receiveLocked(T handler, long timeoutNanos) {
    if (closed.get()) {
      throw closedException();
    }
    if (ended) {
      throw core.endOfStream();
    }
    if (decoder.remaining() == 0) {
      Delivery d;
      try {
        d = core.fetch(timeoutNanos);
      } catch (io.typedipc.EndOfStreamException e) {
        ended = true;
        throw e;
      }
      if (closed.get()) { // closed while it waited: its take was cancelled
        throw closedException();
      }
      if (d == null || d.status() != Delivery.MESSAGES) {
        return false;
      }
      current = d;
      decoder.reset(d.batch(), 0, d.checkedLength(), d.count());
    }
    int index = current.count() - decoder.remaining();
    try {
      decoder.dispatchNext(dispatcher(handler));
    } catch (Throwable t) {
      long partial = current.id();
      decoder.reset(new byte[0], 0, 0, 0);
      current = null;
      core.detach(partial, index); // this message and any after it go back to the channel
      throw rethrowable(t);
    }
    if (decoder.remaining() == 0) {
      core.handledUpTo = current.id();
      core.ackNow();
    }
    return true;
  }

  private Dispatcher dispatcher(Object handler) {
    if (handler != lastHandler) {
      lastDispatcher = channel.binding().newDispatcher(handler);
      lastHandler = handler;
    }
    return lastDispatcher;
  }

  static RuntimeException rethrowable(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new TypedIpcException("the handler failed: " + t, t);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    channel.forget(this);
    if (lock.isLocked()) {
      try {
        core.cancel(); // a receive waiting in a take ends now (its take is answered CANCELLED)
      } catch (RuntimeException e) {
        // the connection is gone: the take ended with it
      }
    }
    finishIfFree();
  }

  /** Gives back what was taken and not handled, once, unless a receive holds the lock (it does it then). */
  private void finishIfFree() {
    if (!lock.tryLock()) {
      return; // the receive holding it calls this again as it leaves
    }
    try {
      if (finished) {
        return;
      }
      finished = true;
      if (current != null && decoder.remaining() > 0) {
        core.detach(current.id(), current.count() - decoder.remaining());
      } else if (!ended) {
        core.detach(0, 0);
      }
    } catch (RuntimeException e) {
      // the connection is gone: the Manager gives the messages back when it notices
    } finally {
      decoder.release();
      lock.unlock();
    }
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("this receiver of channel '" + channel.name() + "' is closed");
  }

  @Override
  public String toString() {
    return "receiver of channel '" + channel.name() + "'";
  }
}
