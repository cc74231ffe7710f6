package io.typedipc.internal.builtin;

import io.typedipc.Caller;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A lock hosted by the Manager, reentrant or not, with named condition wait sets — the server side
 * of {@code SharedLock}, {@code SharedRLock} and {@code SharedCondition}.
 *
 * <p>The owner is a thread of a client: the client's id (from {@link Caller}) and the thread id
 * the client sends. Acquires are granted in arrival order (fair; a non-blocking attempt does not
 * barge ahead of parked ones). A parked acquire is a pending future, nothing more; the reply goes
 * out when a release hands the lock over, its timer fires, it is cancelled, or its client goes.
 * If the owner's client disconnects or dies, its holds are dropped and the lock is marked
 * abandoned: the next acquisition reports {@link Status#ABANDONED}.
 *
 * <p>Calls run one at a time, but timers and disconnect actions run on other threads, so every
 * state change holds this object's monitor; replies are sent after it is released.
 */
final class LockImpl implements LockWire, RLockWire, ConditionWire, Parking {
  private final boolean reentrant;
  private final Clients clients = new Clients(this, this::clientGone);
  private String ownerClient;
  private long ownerThread;
  private int holds;
  private boolean abandoned;
  /** Whether the current owner got the lock abandoned; echoed to its nested acquisitions. */
  private boolean ownerAbandoned;
  private boolean closed;
  /** Parked acquires and condition waiters reacquiring, in arrival order. */
  private final ArrayDeque<LockWait> queue = new ArrayDeque<>();
  private final Map<String, ArrayDeque<LockWait>> conditions = new HashMap<>();

  private static final class LockWait extends Wait<Long> {
    final long thread;
    final int holds;
    /** From a condition: reacquires without a timeout and replies {@link #result}. */
    final boolean reacquire;
    /** The wait set it is in, or {@code null} once moved to the lock queue. */
    String condition;
    long result = Status.OK;

    LockWait(Caller caller, long ticket, long thread, int holds, boolean reacquire) {
      super(caller, ticket);
      this.thread = thread;
      this.holds = holds;
      this.reacquire = reacquire;
    }
  }

  LockImpl(boolean reentrant) {
    this.reentrant = reentrant;
  }

  private boolean isOwner(String client, long thread) {
    return ownerClient != null && ownerThread == thread && ownerClient.equals(client);
  }

  @Override
  public CompletableFuture<Long> acquire(long thread, long ticket, long timeoutNanos) {
    Caller caller = clients.track();
    String client = caller.id();
    synchronized (this) {
      if (closed || !caller.isConnected()) {
        return done(Status.CLOSED);
      }
      if (isOwner(client, thread)) {
        if (!reentrant) {
          return done(Status.WOULD_DEADLOCK);
        }
        if (holds == Integer.MAX_VALUE) {
          throw new IllegalStateException("maximum lock count exceeded");
        }
        holds++;
        return done(ownerAbandoned ? Status.OK | Status.ABANDONED : Status.OK);
      }
      if (ownerClient == null && queue.isEmpty()) {
        ownerClient = client;
        ownerThread = thread;
        holds = 1;
        return done(grantStatus(Status.OK));
      }
      if (timeoutNanos == 0) {
        return done(Status.NO);
      }
      LockWait w = new LockWait(caller, ticket, thread, 1, false);
      queue.add(w);
      if (timeoutNanos > 0) {
        w.arm(timeoutNanos, () -> timedOut(w));
      }
      return w.future;
    }
  }

  private static CompletableFuture<Long> done(long status) {
    return CompletableFuture.completedFuture(status);
  }

  /** The status of an acquisition now: reports and clears the abandoned mark. */
  private long grantStatus(long result) {
    ownerAbandoned = abandoned;
    abandoned = false;
    if (result < 0) {
      return result;
    }
    return ownerAbandoned ? result | Status.ABANDONED : result;
  }

  /** While the lock is free, hands it to the first parked waiter whose client is still there. */
  private void handOff(Completions done) {
    while (ownerClient == null && !queue.isEmpty()) {
      LockWait w = queue.poll();
      w.disarm();
      if (!w.caller.isConnected()) {
        done.add(w.future, Status.CLOSED);
        continue;
      }
      ownerClient = w.client;
      ownerThread = w.thread;
      holds = w.holds;
      done.add(w.future, grantStatus(w.result));
    }
  }

  private void timedOut(LockWait w) {
    Completions done = new Completions();
    synchronized (this) {
      if (w.condition != null) {
        ArrayDeque<LockWait> set = conditions.get(w.condition);
        if (set != null && set.remove(w)) {
          dropIfEmpty(w.condition, set);
          w.condition = null;
          w.result = Status.NO;
          queue.add(w);
          handOff(done);
        }
      } else if (!w.reacquire && queue.remove(w)) {
        done.add(w.future, Status.NO);
      }
    }
    done.run();
  }

  @Override
  public long release(long thread) {
    String client = Caller.current().id();
    Completions done = new Completions();
    synchronized (this) {
      if (!isOwner(client, thread)) {
        return Status.NOT_OWNER;
      }
      if (--holds == 0) {
        ownerClient = null;
        handOff(done);
      }
    }
    done.run();
    return Status.OK;
  }

  @Override
  public boolean cancel(long ticket) {
    String client = Caller.current().id();
    Completions done = new Completions();
    boolean found = false;
    synchronized (this) {
      for (Iterator<LockWait> it = queue.iterator(); it.hasNext(); ) {
        LockWait w = it.next();
        if (w.is(client, ticket)) {
          found = true;
          if (w.reacquire) {
            w.result = Status.CANCELLED; // still reacquires, as Condition.await must
          } else {
            it.remove();
            w.disarm();
            done.add(w.future, Status.CANCELLED);
          }
          break;
        }
      }
      if (!found) {
        for (Map.Entry<String, ArrayDeque<LockWait>> e : conditions.entrySet()) {
          for (LockWait w : e.getValue()) {
            if (w.is(client, ticket)) {
              found = true;
              e.getValue().remove(w);
              dropIfEmpty(e.getKey(), e.getValue());
              w.disarm();
              w.condition = null;
              w.result = Status.CANCELLED;
              queue.add(w);
              handOff(done);
              break;
            }
          }
          if (found) {
            break;
          }
        }
      }
    }
    done.run();
    return found;
  }

  @Override
  public synchronized int holdCount(long thread) {
    return isOwner(Caller.current().id(), thread) ? holds : 0;
  }

  @Override
  public synchronized boolean isLocked() {
    return ownerClient != null;
  }

  @Override
  public synchronized int queueLength() {
    return queue.size();
  }

  @Override
  public CompletableFuture<Long> await(long thread, long ticket, String condition, long timeoutNanos) {
    if (condition == null) {
      throw new IllegalArgumentException("a condition needs a name");
    }
    Caller caller = clients.track();
    Completions done = new Completions();
    LockWait w;
    synchronized (this) {
      if (closed || !caller.isConnected()) {
        return done(Status.CLOSED);
      }
      if (!isOwner(caller.id(), thread)) {
        return done(Status.NOT_OWNER);
      }
      w = new LockWait(caller, ticket, thread, holds, true);
      w.condition = condition;
      conditions.computeIfAbsent(condition, c -> new ArrayDeque<>()).add(w);
      ownerClient = null;
      holds = 0;
      if (timeoutNanos >= 0) {
        w.arm(timeoutNanos, () -> timedOut(w));
      }
      handOff(done);
    }
    done.run();
    return w.future;
  }

  @Override
  public synchronized long signal(long thread, String condition, boolean all) {
    if (!isOwner(Caller.current().id(), thread)) {
      return Status.NOT_OWNER;
    }
    ArrayDeque<LockWait> set = conditions.get(condition);
    long woken = 0;
    while (set != null && !set.isEmpty() && (all || woken == 0)) {
      LockWait w = set.poll();
      w.disarm();
      w.condition = null;
      w.result = Status.OK;
      queue.add(w); // granted when the signaller releases
      woken++;
    }
    if (set != null) {
      dropIfEmpty(condition, set);
    }
    return woken;
  }

  @Override
  public synchronized int waitCount(String condition) {
    ArrayDeque<LockWait> set = conditions.get(condition);
    return set == null ? 0 : set.size();
  }

  private void dropIfEmpty(String condition, ArrayDeque<LockWait> set) {
    if (set.isEmpty()) {
      conditions.remove(condition);
    }
  }

  /** The client {@code id} is gone: drop its waits, and release the lock if it held it. */
  private void clientGone(String id) {
    Completions done = new Completions();
    synchronized (this) {
      for (Iterator<LockWait> it = queue.iterator(); it.hasNext(); ) {
        LockWait w = it.next();
        if (w.client.equals(id)) {
          it.remove();
          w.disarm();
          done.add(w.future, Status.CLOSED);
        }
      }
      for (Iterator<ArrayDeque<LockWait>> sets = conditions.values().iterator(); sets.hasNext(); ) {
        ArrayDeque<LockWait> set = sets.next();
        for (Iterator<LockWait> it = set.iterator(); it.hasNext(); ) {
          LockWait w = it.next();
          if (w.client.equals(id)) {
            it.remove();
            w.disarm();
            done.add(w.future, Status.CLOSED);
          }
        }
        if (set.isEmpty()) {
          sets.remove();
        }
      }
      if (id.equals(ownerClient)) {
        ownerClient = null;
        holds = 0;
        abandoned = true;
        handOff(done);
      }
    }
    done.run();
  }

  @Override
  public void closeWaits() {
    Completions done = new Completions();
    synchronized (this) {
      closed = true;
      List<LockWait> all = new ArrayList<>(queue);
      conditions.values().forEach(all::addAll);
      queue.clear();
      conditions.clear();
      for (LockWait w : all) {
        w.disarm();
        done.add(w.future, Status.CLOSED);
      }
    }
    done.run();
  }
}
