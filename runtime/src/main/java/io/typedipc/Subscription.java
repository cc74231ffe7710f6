package io.typedipc;

import java.time.Duration;

/**
 * A push consumer of a Manager channel, from {@link ChannelHandle#consume} or {@link
 * ManagerClient#consume}: a thread of its own takes messages in batches and calls the handler once
 * per message, in channel order.
 *
 * <p>It ends in one of three ways: the channel was closed and drained (end of stream, {@link
 * #failure()} is {@code null}); {@link #close()}, or the close of the client that made it
 * (messages taken but not handled go back to the channel; {@link #failure()} is {@code null}); or a
 * failure — the handler threw (that message and the rest of its batch go back to
 * the channel, for another consumer) or the connection to the Manager was lost. A failure is kept
 * in {@link #failure()} and logged.
 */
public interface Subscription extends AutoCloseable {

  /** Whether the subscription is still receiving. */
  boolean isActive();

  /**
   * Waits until the subscription ends.
   *
   * @return whether it ended within {@code timeout}
   */
  boolean awaitEnd(Duration timeout) throws InterruptedException;

  /** Whether it ended because the channel was closed and drained. */
  boolean reachedEndOfStream();

  /** What ended it abnormally (the handler's exception, a lost connection), or {@code null}. */
  Throwable failure();

  /**
   * Stops after the message being handled, if any, and waits for the subscription's thread to
   * finish (unless called from the handler itself). Idempotent.
   */
  @Override
  void close();
}
