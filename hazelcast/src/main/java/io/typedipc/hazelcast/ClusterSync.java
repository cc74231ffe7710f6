package io.typedipc.hazelcast;

import io.typedipc.Caller;
import io.typedipc.ConnectionLostException;
import io.typedipc.internal.builtin.BuiltinKinds;
import io.typedipc.internal.builtin.Parking;
import io.typedipc.internal.builtin.Status;
import io.typedipc.internal.server.CurrentCaller;
import io.typedipc.internal.server.WithdrawableDisconnect;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The part of a cluster synchronizer or queue that lives in one Manager: the waits parked here. A
 * wait is an attempt (an entry processor) that found nothing to do; it is retried, in arrival
 * order, when the entry changes (an entry listener) and every {@value ClusterContext#RETRY_MILLIS}
 * ms in any case, until it succeeds, times out, is cancelled, or its client goes. No thread waits
 * for it. Waits parked in different Managers compete: the order is first come, first served within
 * a Manager only.
 */
abstract class ClusterSync implements Parking {
  final ClusterContext context;
  final String name;
  /** Guarded by this. */
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  /** Guarded by this. */
  private boolean closed;
  /** The clients whose departure this object watches. */
  /** The clients watched, each with what withdraws its disconnect action (see {@link #forgetClients}). */
  private final Map<String, Runnable> watched = new ConcurrentHashMap<>();

  private static final class Waiter {
    final Caller caller;
    final String client;
    final long ticket;
    /** What the wait is for (a channel's consumer id), or {@code null}. */
    final String key;
    final long deadline;
    final Supplier<Object> attempt;
    /** The connection the call came through, or {@code null} (see {@link #withdraw}). */
    final Object connection = CurrentCaller.connection();
    final CompletableFuture<Object> future = new CompletableFuture<>();

    Waiter(Caller caller, long ticket, String key, long timeoutNanos, Supplier<Object> attempt) {
      this.caller = caller;
      this.client = caller.id();
      this.ticket = ticket;
      this.key = key;
      this.deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
      this.attempt = attempt;
    }

    boolean forever() {
      return deadline == Long.MAX_VALUE;
    }
  }

  ClusterSync(ClusterContext context, String name) {
    this.context = context;
    this.name = name;
  }

  /** The state a new object of this kind starts with. */
  abstract SyncState initial();

  /** Puts the initial state unless the cluster has one; a different kind under the name is an error. */
  void create() {
    SyncState fresh = initial();
    SyncState existing = context.sync().putIfAbsent(name, fresh);
    if (existing != null && !existing.kind().equals(fresh.kind())) {
      throw new IllegalArgumentException("'" + name + "' is already " + heldAs(existing.kind()) + " in the cluster, not "
          + heldAs(fresh.kind()));
    }
  }

  /** What users hold for a state of {@code kind}, with its article: "a SharedSemaphore", "a channel". */
  private static String heldAs(String kind) {
    return kind.equals("channel") ? "a channel" : BuiltinKinds.of(kind).heldAs();
  }

  static long nonce() {
    return ThreadLocalRandom.current().nextLong();
  }

  /** The owner key of a client of this Manager: {@code memberUuid/clientId}. */
  String owner(Caller caller) {
    return context.localMember() + "/" + caller.id();
  }

  /** Runs an operation on this object's entry. */
  Object run(SyncOps.Op<?> op) {
    Object result;
    try {
      result = context.sync().executeOnKey(name, op);
    } catch (RuntimeException e) {
      if (!ClusterContext.isClusterFailure(e)) {
        throw e;
      }
      throw new ConnectionLostException("the cluster did not answer an operation on '" + name + "' (its outcome is unknown): " + e, e);
    }
    if (SyncOps.MISSING.equals(result)) {
      throw new IllegalStateException("the cluster no longer holds '" + name + "'");
    }
    return result;
  }

  /** The current state (a copy). */
  @SuppressWarnings("unchecked")
  <S extends SyncState> S state(Class<S> type) {
    SyncState s = context.sync().get(name);
    if (!type.isInstance(s)) {
      throw new IllegalStateException("the cluster no longer holds '" + name + "'");
    }
    return (S) s;
  }

  /**
   * Makes the caller's departure give back what it holds here: watched once per client, when it
   * first acquires something.
   */
  void watch(Caller caller) {
    String client = caller.id();
    if (watched.putIfAbsent(client, REGISTERING) == null) {
      String owner = owner(caller);
      Runnable withdraw = WithdrawableDisconnect.onDisconnect(caller,
          () -> context.afterClientLeft(() -> clientGone(client, owner)));
      if (!watched.replace(client, REGISTERING, withdraw)) {
        withdraw.run(); // forgotten meanwhile
      }
    }
  }

  /** A client's entry in {@link #watched} while its action is being registered. */
  private static final Runnable REGISTERING = () -> { };

  /** Withdraws the clients' disconnect actions: this object is no longer hosted here. */
  @Override
  public void forgetClients() {
    for (String client : List.copyOf(watched.keySet())) {
      Runnable withdraw = watched.remove(client);
      if (withdraw != null) {
        withdraw.run();
      }
    }
  }

  private void clientGone(String client, String owner) {
    watched.remove(client);
    List<Waiter> dropped = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.client.equals(client)) {
          it.remove();
          dropped.add(w);
        }
      }
    }
    for (Waiter w : dropped) {
      w.future.complete(Status.CLOSED);
    }
    if (context.memberRunning()) { // also after this placement closed: its member may serve others
      try {
        context.sync().executeOnKey(name, new SyncOps.OwnerGone(nonce(), owner));
      } catch (RuntimeException e) {
        ClusterContext.LOG.log(System.Logger.Level.WARNING, "giving back what a departed client held in '" + name + "' failed", e);
      }
    }
  }

  /**
   * Tries {@code attempt} now; if it returns {@link Status#NO} and {@code timeoutNanos} is not zero,
   * parks it. The future completes with the first other result, {@link Status#NO} on timeout,
   * {@link Status#CANCELLED} or {@link Status#CLOSED}.
   */
  CompletableFuture<Object> attempt(Caller caller, long ticket, long timeoutNanos, Supplier<Object> attempt) {
    return attempt(caller, ticket, null, timeoutNanos, attempt);
  }

  /** As {@link #attempt(Caller, long, long, Supplier)}, the wait marked with {@code key} (see {@link #endWaits}). */
  CompletableFuture<Object> attempt(Caller caller, long ticket, String key, long timeoutNanos, Supplier<Object> attempt) {
    synchronized (this) {
      if (closed || !caller.isConnected()) {
        return CompletableFuture.completedFuture(Status.CLOSED);
      }
    }
    Object first = attempt.get();
    if (!isNo(first) || timeoutNanos == 0) {
      return CompletableFuture.completedFuture(first);
    }
    Waiter w = new Waiter(caller, ticket, key, timeoutNanos, attempt);
    synchronized (this) {
      if (closed) {
        return CompletableFuture.completedFuture(Status.CLOSED);
      }
      waiters.addLast(w);
    }
    context.waits.execute(this::retry); // a change between the attempt and parking has fired already
    return w.future;
  }

  static boolean isNo(Object result) {
    return result instanceof Long l && l == Status.NO;
  }

  synchronized boolean hasWaiters() {
    return !waiters.isEmpty();
  }

  /** Retries the parked waits in arrival order; on the waits thread. */
  void retry() {
    List<Object[]> done = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (!w.caller.isConnected()) { // nobody would get what it took
          it.remove();
          done.add(new Object[] {w, Status.CLOSED});
          continue;
        }
        Object r;
        try {
          r = w.attempt.get();
        } catch (RuntimeException e) {
          it.remove();
          done.add(new Object[] {w, e});
          continue;
        }
        if (!isNo(r)) {
          it.remove();
          done.add(new Object[] {w, r});
        }
      }
    }
    finish(done);
  }

  /** Ends the waits past their deadline and retries the others; on the waits thread. */
  void tick() {
    List<Object[]> done = new ArrayList<>();
    boolean any;
    synchronized (this) {
      long now = System.nanoTime();
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (!w.forever() && now - w.deadline >= 0) {
          it.remove();
          done.add(new Object[] {w, Status.NO});
        }
      }
      any = !waiters.isEmpty();
    }
    finish(done);
    if (any) {
      retry();
    }
  }

  private static void finish(List<Object[]> done) {
    for (Object[] d : done) {
      Waiter w = (Waiter) d[0];
      if (d[1] instanceof Throwable t) {
        w.future.completeExceptionally(t);
      } else {
        w.future.complete(d[1]);
      }
    }
  }

  /** Cancels the caller's parked wait {@code ticket}; whether it was still parked. */
  boolean cancelWait(long ticket) {
    String client = Caller.current().id();
    Waiter found = null;
    synchronized (this) {
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.ticket == ticket && w.client.equals(client)) {
          it.remove();
          found = w;
          break;
        }
      }
    }
    if (found == null) {
      return false;
    }
    found.future.complete(Status.CANCELLED);
    return true;
  }

  /** Ends the waits parked through {@code connection}, which ended: they are never retried again. */
  @Override
  public void withdraw(Object connection) {
    List<Waiter> withdrawn = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.connection == connection) {
          it.remove();
          withdrawn.add(w);
        }
      }
    }
    for (Waiter w : withdrawn) {
      w.future.complete(Status.CLOSED);
    }
  }

  /** Ends the waits marked with {@code key} with {@code result}. */
  void endWaits(String key, Object result) {
    List<Waiter> ended = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (key.equals(w.key)) {
          it.remove();
          ended.add(w);
        }
      }
    }
    for (Waiter w : ended) {
      w.future.complete(result);
    }
  }

  /** How many waits are parked in this Manager (not in the others of the cluster). */
  synchronized int parked() {
    return waiters.size();
  }

  /** How many waits marked with {@code key} ({@code null}: unmarked) are parked in this Manager. */
  synchronized int parked(String key) {
    int n = 0;
    for (Waiter w : waiters) {
      if (java.util.Objects.equals(key, w.key)) {
        n++;
      }
    }
    return n;
  }

  /** The status of a finished attempt: a {@link SyncOps.Done}'s, or the {@link Status} itself. */
  static long status(Object result) {
    return result instanceof SyncOps.Done d ? d.status() : (Long) result;
  }

  @Override
  public void closeWaits() {
    List<Waiter> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(waiters);
      waiters.clear();
    }
    for (Waiter w : all) {
      w.future.complete(Status.CLOSED);
    }
  }

  @SuppressWarnings("unchecked")
  static CompletableFuture<Long> asLong(CompletableFuture<Object> f) {
    return f.thenApply(r -> (Long) r);
  }
}
