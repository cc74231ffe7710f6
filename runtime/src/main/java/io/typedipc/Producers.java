package io.typedipc;

import io.typedipc.internal.channel.BatchingSender;
import io.typedipc.spi.AbstractProxy;

/**
 * Operations on producer proxies — those of Manager channels ({@link ChannelHandle#producer()})
 * and of pipes ({@link PipeEnd#sender()}). Producers batch their messages; these say when a
 * message has left.
 */
public final class Producers {
  private Producers() {}

  /**
   * Waits until every message {@code producer} sent before this call has reached the other side:
   * the Manager holds it (channel), or it was written to the connection (pipe).
   *
   * @throws IllegalArgumentException if {@code producer} is not a typedipc producer
   * @throws ConnectionLostException if messages could not be sent
   */
  public static void flush(Object producer) {
    sender(producer).flush();
  }

  /**
   * Flushes, then stops {@code producer} and gives back what it holds; its later calls fail with
   * {@link IllegalStateException}. Closing a pipe end closes its sender too. Idempotent.
   */
  public static void close(Object producer) {
    sender(producer).close();
  }

  private static BatchingSender sender(Object producer) {
    if (AbstractProxy.remoteOf(producer) instanceof BatchingSender s) {
      return s;
    }
    throw new IllegalArgumentException(producer + " is not a producer of a typedipc channel or pipe");
  }
}
