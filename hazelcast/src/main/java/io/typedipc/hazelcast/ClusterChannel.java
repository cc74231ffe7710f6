package io.typedipc.hazelcast;

import io.typedipc.Caller;
import io.typedipc.internal.builtin.Status;
import io.typedipc.internal.channel.ChannelQueue;
import io.typedipc.internal.channel.ChannelService;
import io.typedipc.internal.channel.ChannelState;
import io.typedipc.internal.channel.Delivery;
import io.typedipc.internal.channel.MessageCodec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@code @Channel} channel in the cluster: its messages, producers' reservations and consumers'
 * unacknowledged deliveries are kept in its entry, so each message goes to one consumer (an entry
 * processor takes it off the queue), and what a consumer holds unacknowledged goes back to the head
 * of the queue when it detaches, its client goes, or the member its client is connected to dies.
 * Waits park in the Manager of the producer or consumer, each at most {@value ChannelQueue#MAX_WAIT_MILLIS} ms
 * as in a single Manager (the client waits again).
 */
final class ClusterChannel extends ClusterSync implements ChannelService {
  private static final byte[] NONE = new byte[0];

  private final String messageType;
  private final String fingerprint;
  private final int capacity;

  ClusterChannel(ClusterContext context, String name, String messageType, String fingerprint, int capacity) {
    super(context, name);
    if (capacity < 1) {
      throw new IllegalArgumentException("a channel needs a capacity of at least 1, not " + capacity);
    }
    this.messageType = messageType;
    this.fingerprint = fingerprint;
    this.capacity = capacity;
  }

  @Override
  SyncState initial() {
    return new SyncState.Channel(messageType, fingerprint, capacity);
  }

  @Override
  void create() {
    super.create();
    SyncState.Channel existing = state(SyncState.Channel.class);
    if (!existing.messageType.equals(messageType)) {
      throw new IllegalArgumentException("'" + name + "' is already a channel of " + existing.messageType + ", not of " + messageType);
    }
  }

  private static long waitNanos(long waitMillis) {
    return waitMillis <= 0 ? 0 : TimeUnit.MILLISECONDS.toNanos(Math.min(waitMillis, ChannelQueue.MAX_WAIT_MILLIS));
  }

  @Override
  public CompletableFuture<Integer> reserve(String producerId, int want, long waitMillis) {
    ChannelQueue.checkId(producerId, "producer");
    Caller caller = Caller.current();
    watch(caller);
    String owner = owner(caller);
    return attempt(caller, 0, waitNanos(waitMillis), () -> run(new SyncOps.ChannelReserve(nonce(), producerId, owner, want)))
        .thenApply(r -> r instanceof Integer granted ? granted : ((Long) r == Status.CLOSED ? CLOSED : 0));
  }

  @Override
  public boolean put(String producerId, byte[] batch, int length, int count, int release) {
    MessageCodec.checkBatch(batch, length, count); // one client's bad bytes must not reach other consumers
    byte[][] messages = new byte[Math.max(0, count)][];
    int at = 0;
    for (int i = 0; i < messages.length; i++) {
      int next = MessageCodec.skip(batch, at);
      messages[i] = java.util.Arrays.copyOfRange(batch, at, next);
      at = next;
    }
    Object r = run(new SyncOps.ChannelPut(nonce(), producerId, messages, release));
    if (r instanceof String error) {
      throw new IllegalStateException(error + " on channel '" + name + "'");
    }
    return (Boolean) r;
  }

  @Override
  public CompletableFuture<Delivery> take(String consumerId, long ackUpTo, int max, int maxBytes, long waitMillis) {
    ChannelQueue.checkId(consumerId, "consumer");
    Caller caller = Caller.current();
    watch(caller);
    String owner = owner(caller);
    return attempt(caller, 0, consumerId, waitNanos(waitMillis),
            () -> run(new SyncOps.ChannelTake(nonce(), consumerId, owner, ackUpTo, max, maxBytes)))
        .thenApply(r -> {
          if (r instanceof SyncOps.Taken t) {
            return new Delivery(t.status(), t.id(), t.count(), t.batch());
          }
          long status = (Long) r;
          return new Delivery(status == Status.NO ? Delivery.EMPTY : Delivery.CANCELLED, 0, 0, NONE);
        });
  }

  @Override
  public CompletableFuture<Boolean> ack(String consumerId, long ackUpTo) {
    run(new SyncOps.ChannelAck(nonce(), consumerId, ackUpTo));
    return CompletableFuture.completedFuture(Boolean.TRUE);
  }

  @Override
  public void detach(String consumerId, long ackUpTo, long partial, int handled) {
    run(new SyncOps.ChannelDetach(nonce(), consumerId, ackUpTo, partial, handled));
    endWaits(consumerId, new SyncOps.Taken(Delivery.CANCELLED, 0, 0, NONE));
  }

  @Override
  public CompletableFuture<Boolean> cancel(String consumerId) {
    run(new SyncOps.ChannelCancel(nonce(), consumerId));
    endWaits(consumerId, new SyncOps.Taken(Delivery.CANCELLED, 0, 0, NONE));
    return CompletableFuture.completedFuture(Boolean.TRUE);
  }

  @Override
  public ChannelState state() {
    SyncState.Channel s = state(SyncState.Channel.class);
    return new ChannelState(s.messageType, s.fingerprint, s.capacity, s.queue.size(), s.inFlight, s.reserved, s.closed);
  }

  @Override
  public void close() {
    run(new SyncOps.ChannelClose(nonce()));
  }

  @Override
  public String toString() {
    return "cluster channel '" + name + "' of " + messageType;
  }
}
