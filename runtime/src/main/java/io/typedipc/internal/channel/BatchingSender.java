package io.typedipc.internal.channel;

/**
 * The runtime behind a producer proxy that batches its messages (Manager channels and pipes): what
 * {@link io.typedipc.Producers} calls.
 */
public interface BatchingSender {

  /** Waits until every message sent so far has left this process and was accepted by the peer. */
  void flush();

  /** Flushes, then stops the producer; later sends fail with {@link IllegalStateException}. */
  void close();
}
