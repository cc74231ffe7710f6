package io.typedipc.internal.builtin;

import io.typedipc.Caller;
import io.typedipc.internal.server.CurrentCaller;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

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
  /**
   * The connection the owner's acquire came through (see {@link #withdraw}): a thread keeps its
   * connection for life, so its release can only come through it.
   */
  private Object ownerConnection;
  private int holds;
  private boolean abandoned;
  /** Whether the current owner got the lock abandoned; echoed to its nested acquisitions. */
  private boolean ownerAbandoned;
  private boolean closed;
  /** Parked acquires and condition waiters reacquiring, in arrival order. */
  private final WaitQueue<LockWait> queue = new WaitQueue<>();
  private final Map<String, WaitQueue<LockWait>> conditions = new HashMap<>();

  private static final class LockWait extends Wait<Long> {
    final long thread;
    final int holds;
    /** From a condition: reacquires without a timeout and replies {@link #result}. */
    final boolean reacquire;
    /** The wait set it is in, or {@code null} once moved to the lock queue. */
    String condition;
    long result = Status.OK;

    LockWait(Caller caller, long ticket, long thread, int holds, boolean reacquire) {
      super(caller, ticket, STATUS);
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
        ownerConnection = CurrentCaller.connection();
        holds = 1;
        return done(grantStatus(Status.OK));
      }
      if (timeoutNanos == 0) {
        return done(Status.NO);
      }
      return queue.park(new LockWait(caller, ticket, thread, 1, false), timeoutNanos, this::timedOut).future;
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
      if (!w.caller.isConnected()) {
        w.end(Status.CLOSED, done);
        continue;
      }
      ownerClient = w.client;
      ownerThread = w.thread;
      ownerConnection = w.connection;
      holds = w.holds;
      w.end(grantStatus(w.result), done);
    }
  }

  /**
   * Moves a condition waiter, already out of its wait set, to the lock queue: it reacquires the
   * lock in turn and then replies {@code result}.
   */
  private void reacquire(LockWait w, long result) {
    w.disarm();
    w.condition = null;
    w.result = result;
    queue.add(w);
  }

  private void timedOut(LockWait w) {
    Completions.run(this, done -> {
      if (w.condition != null) {
        WaitQueue<LockWait> set = conditions.get(w.condition);
        if (set != null && set.remove(w)) {
          dropIfEmpty(w.condition, set);
          reacquire(w, Status.NO);
          handOff(done);
        }
      } else if (!w.reacquire) {
        queue.end(w, Status.NO, done);
      }
    });
  }

  @Override
  public long release(long thread) {
    String client = Caller.current().id();
    return Completions.call(this, done -> {
      if (!isOwner(client, thread)) {
        return Status.NOT_OWNER;
      }
      if (--holds == 0) {
        ownerClient = null;
        ownerConnection = null;
        handOff(done);
      }
      return Status.OK;
    });
  }

  @Override
  public boolean cancel(long ticket) {
    String client = Caller.current().id();
    return Completions.call(this, done -> {
      LockWait w = queue.find(client, ticket);
      if (w != null) {
        if (w.reacquire) {
          w.result = Status.CANCELLED; // still reacquires, as Condition.await must
        } else {
          queue.remove(w);
          w.end(Status.CANCELLED, done);
        }
        return true;
      }
      for (Map.Entry<String, WaitQueue<LockWait>> e : conditions.entrySet()) {
        w = e.getValue().find(client, ticket);
        if (w != null) {
          e.getValue().remove(w);
          dropIfEmpty(e.getKey(), e.getValue());
          reacquire(w, Status.CANCELLED);
          handOff(done);
          return true;
        }
      }
      return false;
    });
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
    return Completions.call(this, done -> {
      if (closed || !caller.isConnected()) {
        return done(Status.CLOSED);
      }
      if (!isOwner(caller.id(), thread)) {
        return done(Status.NOT_OWNER);
      }
      LockWait w = new LockWait(caller, ticket, thread, holds, true);
      w.condition = condition;
      conditions.computeIfAbsent(condition, c -> new WaitQueue<>()).add(w);
      ownerClient = null;
      ownerConnection = null;
      holds = 0;
      if (timeoutNanos >= 0) { // zero too: a condition wait always gives the lock up once
        w.arm(timeoutNanos, () -> timedOut(w));
      }
      handOff(done);
      return w.future;
    });
  }

  @Override
  public synchronized long signal(long thread, String condition, int count) {
    if (!isOwner(Caller.current().id(), thread)) {
      return Status.NOT_OWNER;
    }
    WaitQueue<LockWait> set = conditions.get(condition);
    long woken = 0;
    while (set != null && !set.isEmpty() && woken < count) {
      reacquire(set.poll(), Status.OK); // granted when the signaller releases
      woken++;
    }
    if (set != null) {
      dropIfEmpty(condition, set);
    }
    return woken;
  }

  @Override
  public synchronized int waitCount(String condition) {
    WaitQueue<LockWait> set = conditions.get(condition);
    return set == null ? 0 : set.size();
  }

  private void dropIfEmpty(String condition, WaitQueue<LockWait> set) {
    if (set.isEmpty()) {
      conditions.remove(condition);
    }
  }

  /** The client {@code id} is gone: drop its waits, and release the lock if it held it. */
  private void clientGone(String id) {
    Completions.run(this, done -> {
      queue.dropClient(id, done);
      eachWaitSet(set -> set.dropClient(id, done));
      if (id.equals(ownerClient)) {
        abandon(done);
      }
    });
  }

  /** Its owner can no longer release the lock: it is freed, marked abandoned, and handed on. */
  private void abandon(Completions done) {
    ownerClient = null;
    ownerConnection = null;
    holds = 0;
    abandoned = true;
    handOff(done);
  }

  /** Applies {@code change} to each condition's wait set, dropping the sets it leaves empty. */
  private void eachWaitSet(Consumer<WaitQueue<LockWait>> change) {
    for (Iterator<WaitQueue<LockWait>> sets = conditions.values().iterator(); sets.hasNext(); ) {
      WaitQueue<LockWait> set = sets.next();
      change.accept(set);
      if (set.isEmpty()) {
        sets.remove();
      }
    }
  }

  /**
   * Also releases the lock if its owner's acquire came through {@code connection}: the owning
   * thread can no longer reach the Manager to release it (a thread keeps its connection for life),
   * so it is abandoned, as a departed client's is.
   */
  @Override
  public void withdraw(Object connection) {
    Completions.run(this, done -> {
      queue.withdraw(connection, done);
      eachWaitSet(set -> set.withdraw(connection, done));
      if (ownerClient != null && ownerConnection == connection) {
        abandon(done);
      }
    });
  }

  @Override
  public void forgetClients() {
    clients.forgetAll();
  }

  @Override
  public void closeWaits() {
    Completions.run(this, done -> {
      closed = true;
      queue.endAll(Status.CLOSED, done);
      conditions.values().forEach(set -> set.endAll(Status.CLOSED, done));
      conditions.clear();
    });
  }
}
