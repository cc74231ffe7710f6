package io.typedipc.internal.client;

import io.typedipc.ConnectionLostException;
import io.typedipc.NoSuchObjectException;
import io.typedipc.TypedIpcException;
import io.typedipc.internal.builtin.ManagerControl;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.RemoteObject;
import java.lang.ref.Reference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The runtime's {@link RemoteObject}: one object in the Manager, reached over the calling thread's
 * connection of the client's live session ({@link ManagerLink}), with a call timeout. The object is
 * opened on a connection the first time a call goes over it.
 *
 * <p>Object handles are per Manager. A <em>named</em> object is opened again by its name in each
 * new session after a reconnect (a built-in one is first created again by its {@code recreate}
 * action, a get-or-create). An object hosted <em>on the fly</em> (a call returned it) is pinned to
 * the session whose Manager hosts it: once that session is no longer live, its calls fail with {@link
 * NoSuchObjectException} — a restarted Manager reuses the names of such objects, so a call must
 * never follow the name there.
 *
 * <p>A call runs at most once: one that found its connection closed before sending anything asks
 * the link for the live session again, and so does one that a Manager shutting down answered as not
 * run ({@link CallNotRunException}); one that was sent otherwise fails as its connection fails it.
 */
public final class RemoteHandle implements RemoteObject {
  /** How often a call that found its connection closed before sending asks the link again. */
  private static final int MAX_UNSENT_RETRIES = 2;

  private final ManagerLink link;
  private final Ids ids;
  private final String name;
  private final InterfaceDescriptor descriptor;
  private final long timeoutNanos;
  /** For an object hosted on the fly: the token of its lease, reachable while this handle is. */
  private final Object leaseToken;

  /** The object's handles on one session's connections, and what to do in a new session; shared by copies. */
  private static final class Ids {
    /** For an object hosted on the fly: the only pool it can be reached through; null for a named one. */
    final ConnectionPool pinned;
    /** Run before a named object is opened in a new session (a built-in's get-or-create); may be null. */
    final Runnable recreate;
    volatile Bound bound;

    Ids(ConnectionPool pinned, Runnable recreate, Bound bound) {
      this.pinned = pinned;
      this.recreate = recreate;
      this.bound = bound;
    }
  }

  /** The object's handle on each connection of {@code pool}, -1 until opened there. */
  private record Bound(ConnectionPool pool, AtomicIntegerArray handles) {
    static Bound unopened(ConnectionPool pool) {
      AtomicIntegerArray handles = new AtomicIntegerArray(pool.size());
      for (int i = 0; i < handles.length(); i++) {
        handles.set(i, -1);
      }
      return new Bound(pool, handles);
    }

    /** Opened on the pool's first connection, which checks the interface and fingerprint. */
    static Bound opened(ConnectionPool pool, String name, InterfaceDescriptor descriptor) {
      Bound bound = unopened(pool);
      try {
        bound.handles.set(0, pool.primary().open(name, descriptor));
      } catch (CallNotRunException e) {
        throw e.plain();
      }
      return bound;
    }
  }

  private RemoteHandle(ManagerLink link, Ids ids, String name, InterfaceDescriptor descriptor, long timeoutNanos,
      Object leaseToken) {
    this.link = link;
    this.ids = ids;
    this.name = name;
    this.descriptor = descriptor;
    this.timeoutNanos = timeoutNanos;
    this.leaseToken = leaseToken;
  }

  /**
   * A handle on {@code name}, hosted on the fly by the Manager of {@code pool}, that holds {@code
   * held}'s lease token and shares its per-connection handles: as {@link #lazy}, but only ever
   * through {@code pool}.
   */
  public static RemoteHandle leased(ManagerLink link, ConnectionPool pool, String name, InterfaceDescriptor descriptor,
      long timeoutNanos, Leases.Held held) {
    return new RemoteHandle(link, new Ids(pool, null, new Bound(pool, held.handles())), name, descriptor, timeoutNanos,
        held.token());
  }

  /**
   * Opens {@code name} as {@link #open} does, in the live session, for use in that session only:
   * for objects whose client-side state belongs to one Manager (a channel's producers and
   * consumers hold ids and reservations of that Manager). In a later session its calls fail with
   * {@link NoSuchObjectException}.
   */
  public static RemoteHandle openPinned(ManagerLink link, String name, InterfaceDescriptor descriptor, long timeoutNanos) {
    ConnectionPool pool = link.session(timeoutNanos).pool();
    return new RemoteHandle(link, new Ids(pool, null, Bound.opened(pool, name, descriptor)), name, descriptor,
        timeoutNanos, null);
  }

  /**
   * A handle on {@code name} that calls only through {@code pool}, opening it lazily: for the
   * client's own requests that belong to one session.
   */
  public static RemoteHandle pinned(ManagerLink link, ConnectionPool pool, String name, InterfaceDescriptor descriptor,
      long timeoutNanos) {
    return new RemoteHandle(link, new Ids(pool, null, Bound.unopened(pool)), name, descriptor, timeoutNanos, null);
  }

  /**
   * Opens {@code name} on the first connection of the live session, which checks that it exists
   * with this interface and the same fingerprint.
   *
   * @param timeoutNanos the deadline of each call, or 0 for none
   * @param recreate run before the object is opened again in a new session (may be null)
   */
  public static RemoteHandle open(ManagerLink link, String name, InterfaceDescriptor descriptor, long timeoutNanos,
      Runnable recreate) {
    ConnectionPool pool = link.session(timeoutNanos).pool();
    return new RemoteHandle(link, new Ids(null, recreate, Bound.opened(pool, name, descriptor)), name, descriptor,
        timeoutNanos, null);
  }

  /**
   * A handle on {@code name} that opens it only on the first call over each connection (so it can
   * be made while reading a reply, without a round trip); the Manager checks its interface and
   * fingerprint then.
   */
  public static RemoteHandle lazy(ManagerLink link, String name, InterfaceDescriptor descriptor, long timeoutNanos) {
    return new RemoteHandle(link, new Ids(null, null, null), name, descriptor, timeoutNanos, null);
  }

  /** The name the Manager hosts the object under. */
  public String name() {
    return name;
  }

  /** The link of the client this handle belongs to. */
  public ManagerLink link() {
    return link;
  }

  /** The pool of the only session this handle can be used in, or {@code null} for a named object. */
  public ConnectionPool pinnedPool() {
    return ids.pinned;
  }

  /** The same object with another call timeout (0 for none). */
  public RemoteHandle withTimeout(long nanos) {
    return new RemoteHandle(link, ids, name, descriptor, nanos, leaseToken);
  }

  /** The object's interface. */
  public InterfaceDescriptor descriptor() {
    return descriptor;
  }

  /** The deadline of each call through this handle in nanoseconds, 0 for none. */
  public long timeoutNanos() {
    return timeoutNanos;
  }

  /** The settings of the client this handle belongs to (Manager address, auth key, limits). */
  public ClientConfig config() {
    return ids.pinned != null ? ids.pinned.config() : link.config();
  }

  @SuppressWarnings("unchecked")
  @Override
  public <R> R call(MethodDescriptor method, Object[] args) {
    try {
      for (int retries = 0; ; retries++) {
        Bound b = bound();
        int i = b.pool.indexForCurrentThread();
        ClientConnection connection = connection(b.pool, i, retries);
        if (connection == null) {
          continue; // nothing was sent: the call goes to the live session
        }
        try {
          return (R) connection.call(handle(b, i, connection), method, args, timeoutNanos, name);
        } catch (CallNotRunException e) {
          // a Manager shutting down did not run it: a reconnecting client sends it to the next one
          if (retries < MAX_UNSENT_RETRIES && link.lost(b.pool)) {
            continue;
          }
          throw e.plain();
        } catch (RuntimeException e) {
          if (!connection.isOpen()) {
            link.lost(b.pool); // the session is lost: reconnect now rather than at the next check
          }
          throw e;
        }
      }
    } finally {
      Reference.reachabilityFence(leaseToken); // the object must not be released while its call runs
    }
  }

  @SuppressWarnings("unchecked")
  @Override
  public <R> CompletableFuture<R> callAsync(MethodDescriptor method, Object[] args) {
    try {
      for (int retries = 0; ; retries++) {
        Bound b = bound();
        int i = b.pool.indexForCurrentThread();
        ClientConnection connection = connection(b.pool, i, retries);
        if (connection == null) {
          continue;
        }
        return (CompletableFuture<R>) (CompletableFuture<?>) connection.callAsync(handle(b, i, connection), method, args,
            timeoutNanos, name);
      }
    } catch (TypedIpcException e) {
      // the client is closed, the connection or the object's lookup failed: as the contract says,
      // through the future, as every other failure of an asynchronous call
      return CompletableFuture.failedFuture(e);
    } finally {
      Reference.reachabilityFence(leaseToken);
    }
  }

  /**
   * The calling thread's connection of {@code pool}, or {@code null} if it is closed (or cannot be
   * opened) and the link reconnects: then nothing was sent, and the call asks the link again.
   */
  private ClientConnection connection(ConnectionPool pool, int index, int retries) {
    ClientConnection connection;
    try {
      connection = pool.get(index);
    } catch (ConnectionLostException e) {
      if (retries < MAX_UNSENT_RETRIES && link.lost(pool)) {
        return null;
      }
      throw e;
    }
    if (!connection.isOpen() && retries < MAX_UNSENT_RETRIES && link.lost(pool)) {
      return null;
    }
    return connection;
  }

  /** The object's handles in the live session. */
  private Bound bound() {
    Bound b = ids.bound;
    if (ids.pinned != null) {
      if (link.reconnects() && !link.isCurrent(ids.pinned)) { // its session is over, for good
        link.requireUsable();
        throw gone();
      }
      return b;
    }
    ConnectionPool pool = link.session(timeoutNanos).pool();
    return b != null && b.pool == pool ? b : rebind(pool);
  }

  private NoSuchObjectException gone() {
    String lost = "the Manager at " + ids.pinned.manager() + ", which this client lost";
    if (name.startsWith(ManagerControl.ANONYMOUS_PREFIX)) {
      return new NoSuchObjectException("'" + name + "' was hosted on the fly by " + lost + ": an object a call returned"
          + " lives only in the Manager that hosted it, so it cannot be reached through another connection (get it"
          + " again, e.g. from a named object)");
    }
    return new NoSuchObjectException("'" + name + "' was opened through the connection to " + lost + "; what was opened"
        + " there belongs to that Manager (a channel's handles, producers and consumers do): open it again from the client");
  }

  /** Binds a named object to {@code pool}'s session, creating it again first if it is a built-in. */
  private Bound rebind(ConnectionPool pool) {
    synchronized (ids) {
      Bound b = ids.bound;
      if (b != null && b.pool == pool) {
        return b;
      }
      if (b != null && ids.recreate != null) {
        ids.recreate.run(); // get-or-create by name in the new Manager
      }
      Bound fresh = Bound.unopened(pool);
      ids.bound = fresh;
      return fresh;
    }
  }

  private int handle(Bound b, int index, ClientConnection connection) {
    int handle = b.handles.get(index);
    if (handle < 0) {
      handle = connection.open(name, descriptor); // racing threads both open: same handle back
      b.handles.set(index, handle);
    }
    return handle;
  }

  /**
   * Whether {@code o} is a handle on the same object through the same client: the same name, type
   * and client, and for an object reachable only through one session, the same session. The call
   * timeout does not count ({@code withTimeout} copies are equal).
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof RemoteHandle other
        && link == other.link
        && ids.pinned == other.ids.pinned
        && name.equals(other.name)
        && descriptor.type() == other.descriptor.type();
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + descriptor.type().getName().hashCode();
  }

  @Override
  public String toString() {
    return descriptor.type().getSimpleName() + " proxy for '" + name + "' at "
        + (ids.pinned != null ? ids.pinned.manager() : link.manager());
  }
}
