package io.typedipc;

import java.time.Duration;

/**
 * Pulls messages from a Manager channel one at a time, each delivered as a call on a handler you
 * pass in — the {@code get(block, timeout)} of Python's {@code Queue}, typed. Get one from {@link
 * ChannelHandle#receiver()} or {@link ManagerClient#receiver}.
 *
 * <pre>{@code
 * try (Receiver<OrderEvents> orders = client.receiver(OrderEvents.class, "orders")) {
 *   while (orders.receive(handler, Duration.ofSeconds(10))) {
 *     // handler.placed(...) or handler.cancelled(...) ran once
 *   }
 * } catch (EndOfStreamException e) {
 *   // the channel was closed and everything in it was received
 * }
 * }</pre>
 *
 * <p>A message counts as consumed once the handler returned. If the handler throws, that message
 * goes back to the head of the channel (for this or another consumer) and the exception propagates
 * to the caller of {@code receive}. A receiver takes one message at a time from the Manager, so
 * an idle receiver holds nothing other consumers could have. Use from one thread at a time.
 *
 * <p>A receive is not interruptible, like a synchronous call: an interrupted thread goes on
 * waiting (without spinning) and finds its interrupt flag still set when the receive returns. To
 * end a wait from another thread, {@link #close()} the receiver.
 *
 * @param <T> the channel's {@code @Channel} interface
 */
public interface Receiver<T> extends AutoCloseable {

  /**
   * Receives one message into {@code handler}, waiting as long as it takes.
   *
   * @throws EndOfStreamException if the channel is closed and drained
   */
  void receive(T handler);

  /**
   * Receives one message into {@code handler}, waiting up to {@code timeout} ({@link Duration#ZERO}:
   * only if one is waiting).
   *
   * @return whether a message was received (the handler ran)
   * @throws EndOfStreamException if the channel is closed and drained
   */
  boolean receive(T handler, Duration timeout);

  /**
   * Python's {@code get(block, timeout)}: receives one message into {@code handler}; if {@code
   * block} is false, only one that is waiting now; otherwise waits up to {@code timeout} ({@code
   * null}: for ever).
   *
   * @throws EmptyException if no message came
   * @throws EndOfStreamException if the channel is closed and drained
   */
  void get(T handler, boolean block, Duration timeout);

  /**
   * Stops receiving; a message taken but not handled goes back to the channel. Idempotent, and
   * callable from any thread: it does not wait for a receive in progress — one waiting for a
   * message ends with {@link IllegalStateException}, one whose handler runs finishes it first.
   */
  @Override
  void close();
}
