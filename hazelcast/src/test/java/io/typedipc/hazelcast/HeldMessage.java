package io.typedipc.hazelcast;

import io.typedipc.ManagerClient;
import io.typedipc.Receiver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A consumer that takes a message of an {@link Orders} channel and is still handling it, until
 * {@link #close()}: what a client held when it (or its Manager) left.
 */
final class HeldMessage implements AutoCloseable {
  private final CountDownLatch handling = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final CompletableFuture<Void> consumer;

  /** Starts receiving from {@code channel} through {@code client}, on a thread of its own. */
  HeldMessage(ManagerClient client, String channel) {
    consumer = CompletableFuture.runAsync(() -> {
      try (Receiver<Orders> receiver = client.receiver(Orders.class, channel)) {
        receiver.receive(order -> {
          handling.countDown();
          try {
            release.await(2, TimeUnit.MINUTES); // still handling it when its client or Manager leaves
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, Duration.ofSeconds(30));
      } catch (RuntimeException ignored) {
        // its client or Manager is gone
      }
    }, TestThreads.EACH);
  }

  /** Whether the consumer took a message within a minute (and holds it). */
  boolean taken() throws InterruptedException {
    return handling.await(60, TimeUnit.SECONDS);
  }

  /** Lets the handler return. */
  void release() {
    release.countDown();
  }

  /** Lets the handler return, and waits for the consumer to end. */
  @Override
  public void close() throws Exception {
    release();
    consumer.get(30, TimeUnit.SECONDS);
  }
}
