package io.typedipc;

import io.typedipc.internal.Waits;
import io.typedipc.internal.channel.PipeConnection;
import java.time.Duration;
import java.util.Objects;

/**
 * One end of a typed pipe between two processes (Python's {@code Connection} from {@code Pipe()}):
 * it sends {@code S} messages through {@link #sender()} and receives {@code R} messages into a
 * handler. Made by {@link Pipe#listen} then {@link PipeListener#accept}, or by {@link
 * Pipe#connect}. A direction not used is {@code Void}.
 *
 * <pre>{@code
 * try (PipeEnd<Void, Numbers> in = Pipe.listen(key, Void.class, Numbers.class).accept(Duration.ofSeconds(30))) {
 *   in.drain(handler);                  // every message until the other end closes
 * }
 * }</pre>
 *
 * <p>Messages arrive in the order they were sent, each exactly once; nothing is stored outside the
 * two processes. A send returns once the message is in this end's outgoing batch; {@link #flush()}
 * waits until everything sent was written to the connection, and {@link #close()} flushes, then
 * tells the other end, which receives everything sent before and then gets {@link
 * EndOfStreamException} (Python's {@code EOFError}). Later sends through this end fail with {@link
 * ChannelClosedException}, and so do the other end's (Python's {@code BrokenPipeError}): an end
 * that only sends finds out from its next writes (the sends that returned before that, at most
 * about what the connection's buffers hold, are lost, as in Python), a duplex end once its
 * receiving reached the end of the stream. If this
 * process dies, the other end's receiving also ends with {@link
 * EndOfStreamException} once it has received what arrived. When the other end does not receive,
 * sends block once the connection's buffers are full, as in Python.
 *
 * <p>Sending through {@link #sender()} is thread-safe; {@link #exclusiveSender()} is a cheaper
 * sender for one thread. Receiving is for one thread at a time.
 *
 * @param <S> the {@code @Channel} interface this end sends, or {@code Void}
 * @param <R> the {@code @Channel} interface this end receives, or {@code Void}
 */
public final class PipeEnd<S, R> implements AutoCloseable {
  private final PipeConnection connection;
  private final S sender;

  PipeEnd(PipeConnection connection, Class<S> sends) {
    this.connection = connection;
    this.sender = sends == Void.class ? null : sends.cast(connection.newSender());
  }

  /**
   * The proxy whose calls send messages to the other end; {@link #flush()} waits until they were
   * written, {@link #close()} closes this end.
   *
   * @throws IllegalStateException if this end only receives
   */
  public S sender() {
    if (sender == null) {
      throw new IllegalStateException("this end of the pipe only receives");
    }
    return sender;
  }

  /**
   * The proxy for sending from one thread only — the usual case for a pipe, and the cheaper for
   * the sending thread: a send then takes no lock, and no atomic instruction or memory fence;
   * {@link #sender()} takes a lock for every message. The end's writer thread then ships what was
   * sent a part of a batch at a time: over shared memory that carries more messages per second
   * than {@link #sender()} (about 1.3× in the project's benchmark), over TCP, where each part is a
   * system call, about as many or a little fewer. Call this before the first message. From then
   * on, the first thread that sends through this end is the only one that may (through this proxy
   * or {@link #sender()}, which is the same object): a send from any other thread fails with
   * {@link IllegalStateException} and sends nothing. Everything else holds as for {@link
   * #sender()}: order, batching, {@link #flush()} and {@link #close()}, which may be called from
   * any thread — but close from the sending thread, or after its last send returned: a send racing
   * a close on another thread may be lost.
   *
   * <p>A lone message still leaves at once. The end's writer thread sleeps in timed parks in this
   * mode (at most 10 ms at a time when idle), because a sending thread that fences nothing may miss
   * that it must wake it; rarely, a message waits for the end of such a park.
   *
   * @throws IllegalStateException if this end only receives, or a message was sent through it
   *     already and it is not in this mode (calling this again once it is returns the same proxy)
   */
  public S exclusiveSender() {
    S s = sender();
    connection.exclusiveSending();
    return s;
  }

  /**
   * Receives one message into {@code handler}, waiting for it as long as it takes (Python's {@code
   * recv()}).
   *
   * @throws EndOfStreamException if the other end closed (or went away) and everything it sent was
   *     received
   * @throws IllegalStateException if this end was closed ({@link #close()}), before this receive
   *     or while it waited — closing from another thread is how to end a wait — or only sends
   */
  public void receive(R handler) {
    receive(handler, -1);
  }

  /**
   * Receives one message into {@code handler}, waiting up to {@code timeout}.
   *
   * @return whether a message was received
   * @throws EndOfStreamException as {@link #receive(Object)}
   * @throws IllegalStateException as {@link #receive(Object)}
   */
  public boolean receive(R handler, Duration timeout) {
    return receive(handler, Waits.nanos(timeout, "timeout"));
  }

  private boolean receive(R handler, long nanos) {
    Objects.requireNonNull(handler, "handler");
    try {
      return connection.receive(handler, nanos);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new TypedIpcException("the handler failed: " + e, e);
    }
  }

  /**
   * Receives every message into {@code handler} until the other end closes (the loop of Python's
   * {@code while True: recv()} until {@code EOFError}).
   *
   * @return how many messages were received
   * @throws IllegalStateException as {@link #receive(Object)}: also when this end is closed from
   *     another thread during the drain (a handler running then finishes first; no other message
   *     is handled after it)
   */
  public long drain(R handler) {
    Objects.requireNonNull(handler, "handler");
    try {
      return connection.drain(handler);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new TypedIpcException("the handler failed: " + e, e);
    }
  }

  /**
   * Whether {@link #receive(Object)} would return at once — with a message, or with the end of the
   * stream — waiting up to {@code timeout} to find out ({@link Duration#ZERO}: look only).
   *
   * @throws IllegalStateException as {@link #receive(Object)}
   */
  public boolean poll(Duration timeout) {
    return connection.poll(Waits.nanos(timeout, "timeout"));
  }

  /** Waits until every message sent so far was written to the connection. */
  public void flush() {
    connection.flush();
  }

  /** Whether this pipe's messages go through shared memory ({@link PipeListener#sharedMemory}). */
  public boolean usesSharedMemory() {
    return connection.isSharedMemory();
  }

  /** Whether the other end closed or went away, as far as this end has received. */
  public boolean isOtherEndClosed() {
    return connection.isPeerClosed();
  }

  /**
   * Flushes, tells the other end, and closes this end. Idempotent, and callable from any thread: a
   * receive waiting meanwhile ends with {@link IllegalStateException}, a send blocked on full
   * buffers with {@link ChannelClosedException}. Flushing waits until the other end has read what
   * was sent, or has gone: as long as that takes.
   */
  @Override
  public void close() {
    connection.close();
  }

  @Override
  public String toString() {
    return "pipe end to " + connection.peer();
  }
}
