package io.typedipc.internal.channel;

import io.typedipc.EmptyException;
import io.typedipc.Receiver;
import io.typedipc.TypedIpcException;
import io.typedipc.spi.Dispatcher;
import java.time.Duration;
import java.util.Objects;

/** {@link Receiver}: one message per take; acknowledged as soon as its handler returned. */
final class PullReceiver<T> implements Receiver<T> {
  private final ChannelAccess channel;
  private final ConsumerCore core;
  private final MessageCodec.Decoder decoder;
  private Delivery current;
  private Object lastHandler;
  private Dispatcher lastDispatcher;
  private boolean closed;
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
    Objects.requireNonNull(timeout, "timeout");
    return receive(handler, timeout.isNegative() ? 0 : timeout.toNanos());
  }

  @Override
  public void get(T handler, boolean block, Duration timeout) {
    long nanos = !block ? 0 : timeout == null ? -1 : Math.max(0, timeout.toNanos());
    if (!receive(handler, nanos)) {
      throw new EmptyException("channel '" + channel.name() + "' had no message "
          + (nanos == 0 ? "waiting" : "within " + timeout));
    }
  }

  private synchronized boolean receive(T handler, long timeoutNanos) {
    Objects.requireNonNull(handler, "handler");
    if (closed) {
      throw new IllegalStateException("this receiver of channel '" + channel.name() + "' is closed");
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
      if (d == null || d.status() != Delivery.MESSAGES) {
        return false;
      }
      current = d;
      decoder.reset(d.batch(), 0, d.batch().length, d.count());
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
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (current != null && decoder.remaining() > 0) {
        core.detach(current.id(), current.count() - decoder.remaining());
      } else if (!ended) {
        core.detach(0, 0);
      }
    } catch (RuntimeException e) {
      // the connection is gone: the Manager gives the messages back when it notices
    } finally {
      decoder.release();
      channel.forget(this);
    }
  }

  @Override
  public String toString() {
    return "receiver of channel '" + channel.name() + "'";
  }
}
