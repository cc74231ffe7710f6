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
import java.util.function.Predicate;

/**
 * The cluster's copy of one synchronizer or queue, changed only by {@link SyncOps} entry processors
 * (which run on the entry's owner, one at a time, and again on its backup: every change here is
 * deterministic). Holders are named by an owner key, {@code memberUuid/clientId}: the member the
 * client is connected to and the client, so that a member's death releases what its clients held.
 *
 * <p>Public only because Hazelcast deserialises it on every member; not for applications.
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
  final boolean ownersGone(String memberPrefix) {
    return gone(o -> o.startsWith(memberPrefix));
  }

  /** The client with this owner key is gone; whether anything changed. */
  final boolean ownerGone(String owner) {
    return gone(owner::equals);
  }

  /** The owners that {@code owner} accepts are gone: drops what they held and waited for; whether anything changed. */
  abstract boolean gone(Predicate<String> owner);

  /** The built-in kind this state belongs to ("lock", "queue", …): one name holds one kind. */
  String kind() {
    return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * A lock, reentrant or not, with its condition waiters: a waiter gave up its holds and waits in a
   * named wait set until signalled (or timed out, or cancelled), then reacquires its holds when the
   * lock is free. Waiters are named {@code owner#ticket}.
   */
  static final class Lock extends SyncState {
    private static final long serialVersionUID = 1L;
    /** "lock", "rlock" or "condition" (a reentrant lock created for its default condition). */
    final String kind;
    final boolean reentrant;
    String owner;
    long thread;
    int holds;
    boolean abandoned;
    boolean ownerAbandoned;
    /** Condition waiters, by waiter id, in arrival order. */
    final LinkedHashMap<String, CondWaiter> waiters = new LinkedHashMap<>();

    Lock(String kind) {
      this.kind = kind;
      this.reentrant = !kind.equals("lock");
    }

    @Override
    String kind() {
      return kind;
    }

    boolean owns(String who, long t) {
      return owner != null && thread == t && owner.equals(who);
    }

    long acquire(String who, long t) {
      if (holds == 0) {
        owner = who;
        thread = t;
        holds = 1;
        return grant(Status.OK);
      }
      if (owns(who, t)) {
        if (!reentrant) {
          return Status.WOULD_DEADLOCK;
        }
        if (holds == Integer.MAX_VALUE) {
          throw new IllegalStateException("maximum lock count exceeded");
        }
        holds++;
        return ownerAbandoned ? Status.OK | Status.ABANDONED : Status.OK;
      }
      return Status.NO;
    }

    /** The status of an acquisition now: reports and clears the abandoned mark (as the Manager's lock). */
    private long grant(long result) {
      ownerAbandoned = abandoned;
      abandoned = false;
      if (result < 0) {
        return result;
      }
      return ownerAbandoned ? result | Status.ABANDONED : result;
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

    /** Gives up every hold of the thread and waits on {@code condition} as {@code id}: OK or NOT_OWNER. */
    long await(String who, long t, String id, String condition) {
      if (!owns(who, t)) {
        return Status.NOT_OWNER;
      }
      waiters.put(id, new CondWaiter(who, t, holds, condition));
      owner = null;
      holds = 0;
      ownerAbandoned = false;
      return Status.OK;
    }

    /**
     * The waiter {@code id} takes its holds back if it was signalled (or gave up) and the lock is
     * free: its result, {@link Status#NO} if not yet, {@link Status#CLOSED} if it is gone.
     */
    Object reacquire(String id) {
      CondWaiter w = waiters.get(id);
      if (w == null) {
        return new SyncOps.Done(Status.CLOSED);
      }
      if (w.condition != null || holds != 0) {
        return Status.NO;
      }
      waiters.remove(id);
      owner = w.owner;
      thread = w.thread;
      holds = w.holds;
      return new SyncOps.Done(grant(w.result));
    }

    /**
     * The waiter {@code id}'s wait timed out ({@link Status#NO}) or was cancelled: it leaves its
     * wait set and reacquires with that result; a cancelled waiter signalled already reacquires
     * and reports the cancel, as the Manager's lock.
     */
    long giveUp(String id, long result) {
      CondWaiter w = waiters.get(id);
      if (w == null) {
        return Status.CLOSED;
      }
      if (w.condition != null) {
        w.condition = null;
        w.result = result;
      } else if (result == Status.CANCELLED) {
        w.result = result;
      }
      return Status.OK;
    }

    /** Wakes up to {@code count} waiters of {@code condition}, longest waiting first: how many, or NOT_OWNER. */
    long signal(String who, long t, String condition, int count) {
      if (!owns(who, t)) {
        return Status.NOT_OWNER;
      }
      long woken = 0;
      for (CondWaiter w : waiters.values()) {
        if (woken >= count) {
          break;
        }
        if (condition.equals(w.condition)) {
          w.condition = null;
          w.result = Status.OK; // reacquires when the signaller releases
          woken++;
        }
      }
      return woken;
    }

    int waitCount(String condition) {
      int n = 0;
      for (CondWaiter w : waiters.values()) {
        if (condition.equals(w.condition)) {
          n++;
        }
      }
      return n;
    }

    @Override
    boolean gone(Predicate<String> who) {
      boolean changed = waiters.values().removeIf(w -> who.test(w.owner));
      if (owner != null && who.test(owner)) {
        owner = null;
        holds = 0;
        ownerAbandoned = false;
        abandoned = true;
        changed = true;
      }
      return changed;
    }
  }

  /** A thread waiting on a condition, with the holds it gave up; {@code condition} null once signalled. */
  static final class CondWaiter implements Serializable {
    private static final long serialVersionUID = 1L;
    final String owner;
    final long thread;
    final int holds;
    String condition;
    long result = Status.OK;

    CondWaiter(String owner, long thread, int holds, String condition) {
      this.owner = owner;
      this.thread = thread;
      this.holds = holds;
      this.condition = condition;
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

    @Override
    String kind() {
      return bounded ? "boundedSemaphore" : "semaphore";
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
    boolean gone(Predicate<String> owner) {
      boolean changed = false;
      for (Iterator<Map.Entry<String, Integer>> it = held.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Integer> e = it.next();
        if (owner.test(e.getKey())) {
          it.remove();
          giveBack(e.getValue());
          changed = true;
        }
      }
      return changed;
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
    boolean gone(Predicate<String> owner) {
      return false; // nothing here is held by an owner
    }
  }

  /** A queue of serialised elements; a joinable one counts the tasks put and not yet marked done. */
  static final class Queue extends SyncState {
    private static final long serialVersionUID = 1L;
    final int capacity;
    final boolean joinable;
    final ArrayDeque<byte[]> items = new ArrayDeque<>();
    /** Elements put and not yet marked done (as the Manager's queue, counted for every queue). */
    long unfinished;

    Queue(int capacity, boolean joinable) {
      this.capacity = capacity;
      this.joinable = joinable;
    }

    @Override
    String kind() {
      return joinable ? "joinableQueue" : "queue";
    }

    boolean full() {
      return capacity > 0 && items.size() >= capacity;
    }

    @Override
    boolean gone(Predicate<String> owner) {
      return false; // nothing here is held by an owner
    }
  }

  /**
   * A cyclic barrier, with {@link java.util.concurrent.CyclicBarrier}'s rules as the Manager's own:
   * parties waiting by waiter id ({@code owner#ticket}) with their arrival index, the results not
   * yet collected by parties whose wait ended, and generations tripped by a party whose barrier
   * action runs now. A party that times out, is cancelled, or whose client or member goes while it
   * waits breaks the barrier.
   */
  static final class Barrier extends SyncState {
    private static final long serialVersionUID = 1L;
    final int parties;
    boolean broken;
    final LinkedHashMap<String, Long> waiting = new LinkedHashMap<>();
    final HashMap<String, Long> results = new HashMap<>();
    /** Pending trips: the tripping party's waiter id, and the parties it released (id, index). */
    final LinkedHashMap<String, LinkedHashMap<String, Long>> trips = new LinkedHashMap<>();

    Barrier(int parties) {
      this.parties = parties;
    }

    /**
     * Party {@code id} arrives: {@link Status#NO} if it must wait, else a {@link SyncOps.Done} with
     * its index (0: it tripped the barrier), {@link Status#TRIP}, {@link Status#BROKEN} or, for a
     * party that does not wait, {@link Status#TIMED_OUT} (it broke the barrier).
     */
    Object arrive(String id, boolean action, boolean noWait) {
      if (broken) {
        return new SyncOps.Done(Status.BROKEN);
      }
      long index = parties - 1 - waiting.size();
      if (index == 0) {
        LinkedHashMap<String, Long> released = new LinkedHashMap<>(waiting);
        waiting.clear();
        if (action) { // the others are released when the action has run
          trips.put(id, released);
          return new SyncOps.Done(Status.TRIP);
        }
        results.putAll(released);
        return new SyncOps.Done(0);
      }
      if (noWait) {
        breakBarrier();
        return new SyncOps.Done(Status.TIMED_OUT);
      }
      waiting.put(id, index);
      return Status.NO;
    }

    /** Party {@code id}'s result if its wait ended, {@link Status#NO} if it still waits, CLOSED if it is gone. */
    Object check(String id) {
      Long r = results.remove(id);
      if (r != null) {
        return new SyncOps.Done(r);
      }
      if (waiting.containsKey(id) || inTrip(id)) {
        return Status.NO;
      }
      return new SyncOps.Done(Status.CLOSED);
    }

    private boolean inTrip(String id) {
      for (LinkedHashMap<String, Long> t : trips.values()) {
        if (t.containsKey(id)) {
          return true;
        }
      }
      return false;
    }

    /**
     * Party {@code id} stops waiting with {@code status} (timed out, cancelled), breaking the
     * barrier for the others; if its wait had ended meanwhile, that result; {@link Status#NO} if
     * it was released by a trip whose action still runs (it waits on for that).
     */
    Object leave(String id, long status) {
      if (waiting.remove(id) != null) {
        breakBarrier();
        results.remove(id);
        return new SyncOps.Done(status);
      }
      return check(id);
    }

    /** The party that tripped as {@code id} ran its action: OK releases the others, else it breaks. */
    long tripped(String id, boolean ok) {
      LinkedHashMap<String, Long> released = trips.remove(id);
      if (released == null) {
        return Status.BROKEN; // broken, reset or aborted while the action ran
      }
      if (!ok) {
        trips.put(id, released); // broken with the rest
        breakBarrier();
        return Status.BROKEN;
      }
      results.putAll(released);
      return Status.OK;
    }

    void breakBarrier() {
      broken = true;
      for (String id : waiting.keySet()) {
        results.put(id, Status.BROKEN);
      }
      waiting.clear();
      for (LinkedHashMap<String, Long> t : trips.values()) {
        for (String id : t.keySet()) {
          results.put(id, Status.BROKEN);
        }
      }
      trips.clear();
    }

    @Override
    boolean gone(Predicate<String> owner) {
      java.util.function.Predicate<String> mine = id -> owner.test(id.substring(0, id.lastIndexOf('#')));
      boolean changed = results.keySet().removeIf(mine);
      boolean waited = waiting.keySet().stream().anyMatch(mine) || trips.keySet().stream().anyMatch(mine);
      if (waited) { // a party that will never come back, or an action that will never report
        waiting.keySet().removeIf(mine);
        breakBarrier();
        results.keySet().removeIf(mine);
        changed = true;
      }
      return changed;
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

    @Override
    boolean gone(Predicate<String> owner) {
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
