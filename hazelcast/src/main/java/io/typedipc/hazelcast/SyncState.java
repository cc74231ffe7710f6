package io.typedipc.hazelcast;

import io.typedipc.internal.builtin.Status;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;

/**
 * The cluster's copy of one synchronizer or queue, changed only by {@link SyncOps} entry processors
 * (which run on the entry's owner, one at a time, and again on its backup: every change here is
 * deterministic). Holders are named by an owner key, {@code memberUuid/clientId}: the member the
 * client is connected to and the client, so that a member's death releases what its clients held.
 */
public abstract class SyncState implements Serializable {
  private static final long serialVersionUID = 1L;
  /** How many recent operations' results are remembered (see {@link SyncOps}). */
  static final int RECENT = 32;

  private final ArrayDeque<Object[]> recent = new ArrayDeque<>();

  /** The result of the operation {@code nonce} if it ran here already, else {@code null}. */
  Object recall(long nonce) {
    for (Object[] r : recent) {
      if ((Long) r[0] == nonce) {
        return r[1];
      }
    }
    return null;
  }

  void remember(long nonce, Object result) {
    if (recent.size() == RECENT) {
      recent.removeFirst();
    }
    recent.addLast(new Object[] {nonce, result});
  }

  /** The clients connected to the member {@code memberPrefix} ("uuid/") are gone; whether anything changed. */
  abstract boolean ownersGone(String memberPrefix);

  /** The client with this owner key is gone; whether anything changed. */
  abstract boolean ownerGone(String owner);

  /** A lock, reentrant or not. */
  static final class Lock extends SyncState {
    private static final long serialVersionUID = 1L;
    final boolean reentrant;
    String owner;
    long thread;
    int holds;
    boolean abandoned;
    boolean ownerAbandoned;

    Lock(boolean reentrant) {
      this.reentrant = reentrant;
    }

    boolean owns(String who, long t) {
      return owner != null && thread == t && owner.equals(who);
    }

    long acquire(String who, long t) {
      if (holds == 0) {
        owner = who;
        thread = t;
        holds = 1;
        ownerAbandoned = abandoned;
        abandoned = false;
        return ownerAbandoned ? Status.OK | Status.ABANDONED : Status.OK;
      }
      if (owns(who, t)) {
        if (!reentrant) {
          return Status.WOULD_DEADLOCK;
        }
        holds++;
        return ownerAbandoned ? Status.OK | Status.ABANDONED : Status.OK;
      }
      return Status.NO;
    }

    long release(String who, long t) {
      if (!owns(who, t)) {
        return Status.NOT_OWNER;
      }
      if (--holds == 0) {
        owner = null;
        ownerAbandoned = false;
      }
      return Status.OK;
    }

    @Override
    boolean ownersGone(String memberPrefix) {
      return owner != null && owner.startsWith(memberPrefix) && ownerGone(owner);
    }

    @Override
    boolean ownerGone(String who) {
      if (owner == null || !owner.equals(who)) {
        return false;
      }
      owner = null;
      holds = 0;
      ownerAbandoned = false;
      abandoned = true;
      return true;
    }
  }

  /** A semaphore, bounded or not. */
  static final class Semaphore extends SyncState {
    private static final long serialVersionUID = 1L;
    final int initial;
    final boolean bounded;
    int available;
    int recovered;
    final HashMap<String, Integer> held = new HashMap<>();

    Semaphore(int initial, boolean bounded) {
      this.initial = initial;
      this.available = initial;
      this.bounded = bounded;
    }

    long acquire(String who, int permits) {
      if (available < permits) {
        return Status.NO;
      }
      available -= permits;
      held.merge(who, permits, Integer::sum);
      if (recovered > 0) {
        recovered = Math.max(0, recovered - permits);
        return Status.OK | Status.ABANDONED;
      }
      return Status.OK;
    }

    long release(String who, int permits) {
      if (bounded && (long) available + permits > initial) {
        return Status.TOO_MANY;
      }
      if ((long) available + permits > Integer.MAX_VALUE) {
        return Status.TOO_MANY;
      }
      Integer mine = held.get(who);
      if (mine != null) {
        if (mine > permits) {
          held.put(who, mine - permits);
        } else {
          held.remove(who);
        }
      }
      available += permits;
      return Status.OK;
    }

    @Override
    boolean ownersGone(String memberPrefix) {
      boolean changed = false;
      for (Iterator<Map.Entry<String, Integer>> it = held.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Integer> e = it.next();
        if (e.getKey().startsWith(memberPrefix)) {
          it.remove();
          giveBack(e.getValue());
          changed = true;
        }
      }
      return changed;
    }

    @Override
    boolean ownerGone(String who) {
      Integer mine = held.remove(who);
      if (mine == null) {
        return false;
      }
      giveBack(mine);
      return true;
    }

    private void giveBack(int permits) {
      int back = Math.min(permits, Math.max(0, initial - available));
      available += back;
      recovered += back;
    }
  }

  /** An event's flag. */
  static final class Event extends SyncState {
    private static final long serialVersionUID = 1L;
    boolean set;

    @Override
    boolean ownersGone(String memberPrefix) {
      return false;
    }

    @Override
    boolean ownerGone(String who) {
      return false;
    }
  }

  /** A queue of serialised elements. */
  static final class Queue extends SyncState {
    private static final long serialVersionUID = 1L;
    final int capacity;
    final ArrayDeque<byte[]> items = new ArrayDeque<>();

    Queue(int capacity) {
      this.capacity = capacity;
    }

    boolean full() {
      return capacity > 0 && items.size() >= capacity;
    }

    @Override
    boolean ownersGone(String memberPrefix) {
      return false;
    }

    @Override
    boolean ownerGone(String who) {
      return false;
    }
  }

  /**
   * A {@code @Channel} channel: messages (one byte array each, as {@code MessageCodec} writes
   * them), places reserved by producers, and what each consumer holds unacknowledged. Accounting
   * as in the Manager's own channel: {@code queued + inFlight + reserved <= capacity}.
   */
  static final class Channel extends SyncState {
    private static final long serialVersionUID = 1L;
    final String messageType;
    final String fingerprint;
    final int capacity;
    final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    int inFlight;
    int reserved;
    boolean closed;
    /** Places reserved, by producer id. */
    final HashMap<String, Integer> credits = new HashMap<>();
    /** The owner key of each producer that holds places. */
    final HashMap<String, String> producerOwners = new HashMap<>();
    final LinkedHashMap<String, ChannelConsumer> consumers = new LinkedHashMap<>();
    /** Consumers that detached while their client stays: a late take of theirs is cancelled. */
    final HashMap<String, String> detached = new HashMap<>(); // consumer id -> owner

    Channel(String messageType, String fingerprint, int capacity) {
      this.messageType = messageType;
      this.fingerprint = fingerprint;
      this.capacity = capacity;
    }

    int free() {
      return capacity - queue.size() - inFlight - reserved;
    }

    boolean drained() {
      return closed && queue.isEmpty() && inFlight == 0 && reserved == 0;
    }

    void acknowledge(ChannelConsumer c, long ackUpTo) {
      for (Iterator<Map.Entry<Long, ArrayList<byte[]>>> it = c.unacked.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Long, ArrayList<byte[]>> e = it.next();
        if (e.getKey() > ackUpTo) {
          return;
        }
        inFlight -= e.getValue().size();
        it.remove();
      }
    }

    /** Puts what {@code c} holds back at the head of the queue, in order, and forgets the consumer. */
    void detach(ChannelConsumer c) {
      List<byte[]> back = new ArrayList<>();
      for (ArrayList<byte[]> held : c.unacked.values()) {
        back.addAll(held);
      }
      inFlight -= back.size();
      for (int i = back.size() - 1; i >= 0; i--) {
        queue.addFirst(back.get(i));
      }
      c.unacked.clear();
      c.cancelled = true;
      consumers.remove(c.id);
    }

    private boolean gone(java.util.function.Predicate<String> owner) {
      boolean changed = false;
      for (Iterator<Map.Entry<String, String>> it = producerOwners.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, String> e = it.next();
        if (owner.test(e.getValue())) {
          it.remove();
          Integer held = credits.remove(e.getKey());
          if (held != null) {
            reserved -= held;
          }
          changed = true;
        }
      }
      for (ChannelConsumer c : new ArrayList<>(consumers.values())) {
        if (owner.test(c.owner)) {
          detach(c);
          changed = true;
        }
      }
      changed |= detached.values().removeIf(owner); // none of their takes can come any more
      return changed;
    }

    @Override
    boolean ownersGone(String memberPrefix) {
      return gone(o -> o.startsWith(memberPrefix));
    }

    @Override
    boolean ownerGone(String who) {
      return gone(who::equals);
    }
  }

  /** One consumer of a channel: what it was delivered and has not acknowledged, by delivery id. */
  static final class ChannelConsumer implements Serializable {
    private static final long serialVersionUID = 1L;
    final String id;
    final String owner;
    final LinkedHashMap<Long, ArrayList<byte[]>> unacked = new LinkedHashMap<>();
    long lastDelivery;
    boolean cancelled;

    ChannelConsumer(String id, String owner) {
      this.id = id;
      this.owner = owner;
    }
  }
}
