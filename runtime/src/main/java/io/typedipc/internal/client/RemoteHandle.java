package io.typedipc.internal.client;

import io.typedipc.spi.InterfaceDescriptor;
import java.lang.ref.Reference;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.RemoteObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The runtime's {@link RemoteObject}: one object in the Manager, reached over the calling thread's
 * connection of the pool, with a call timeout. The object is opened on a connection the first time
 * a call goes over it.
 */
public final class RemoteHandle implements RemoteObject {
  private final ConnectionPool pool;
  private final AtomicIntegerArray handles;
  private final String name;
  private final InterfaceDescriptor descriptor;
  private final long timeoutNanos;
  /** For an object hosted on the fly: the token of its lease, reachable while this handle is. */
  private final Object leaseToken;

  private RemoteHandle(ConnectionPool pool, AtomicIntegerArray handles, String name,
      InterfaceDescriptor descriptor, long timeoutNanos, Object leaseToken) {
    this.pool = pool;
    this.handles = handles;
    this.name = name;
    this.descriptor = descriptor;
    this.timeoutNanos = timeoutNanos;
    this.leaseToken = leaseToken;
  }

  /**
   * A handle on {@code name}, hosted on the fly, that holds {@code held}'s lease token and shares
   * its per-connection handles: as {@link #lazy}.
   */
  public static RemoteHandle leased(ConnectionPool pool, String name, InterfaceDescriptor descriptor, long timeoutNanos,
      Leases.Held held) {
    return new RemoteHandle(pool, held.handles(), name, descriptor, timeoutNanos, held.token());
  }

  /**
   * Opens {@code name} on the pool's first connection, which checks that it exists with this
   * interface and the same fingerprint.
   *
   * @param timeoutNanos the deadline of each call, or 0 for none
   */
  public static RemoteHandle open(ConnectionPool pool, String name, InterfaceDescriptor descriptor, long timeoutNanos) {
    AtomicIntegerArray handles = new AtomicIntegerArray(pool.size());
    for (int i = 0; i < handles.length(); i++) {
      handles.set(i, -1);
    }
    handles.set(0, pool.primary().open(name, descriptor));
    return new RemoteHandle(pool, handles, name, descriptor, timeoutNanos, null);
  }

  /**
   * A handle on {@code name} that opens it only on the first call over each connection (so it can
   * be made while reading a reply, without a round trip); the Manager checks its interface and
   * fingerprint then.
   */
  public static RemoteHandle lazy(ConnectionPool pool, String name, InterfaceDescriptor descriptor, long timeoutNanos) {
    AtomicIntegerArray handles = new AtomicIntegerArray(pool.size());
    for (int i = 0; i < handles.length(); i++) {
      handles.set(i, -1);
    }
    return new RemoteHandle(pool, handles, name, descriptor, timeoutNanos, null);
  }

  /** The name the Manager hosts the object under. */
  public String name() {
    return name;
  }

  /** The client's connections this handle calls over. */
  public ConnectionPool pool() {
    return pool;
  }

  /** The same object with another call timeout (0 for none). */
  public RemoteHandle withTimeout(long nanos) {
    return new RemoteHandle(pool, handles, name, descriptor, nanos, leaseToken);
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
    return pool.config();
  }

  @SuppressWarnings("unchecked")
  @Override
  public <R> R call(MethodDescriptor method, Object[] args) {
    int i = pool.indexForCurrentThread();
    ClientConnection connection = pool.get(i);
    try {
      return (R) connection.call(handle(i, connection), method, args, timeoutNanos, name);
    } finally {
      Reference.reachabilityFence(leaseToken); // the object must not be released while its call runs
    }
  }

  @SuppressWarnings("unchecked")
  @Override
  public <R> CompletableFuture<R> callAsync(MethodDescriptor method, Object[] args) {
    int i = pool.indexForCurrentThread();
    ClientConnection connection = pool.get(i);
    try {
      return (CompletableFuture<R>) (CompletableFuture<?>) connection.callAsync(handle(i, connection), method, args, timeoutNanos, name);
    } finally {
      Reference.reachabilityFence(leaseToken);
    }
  }

  private int handle(int index, ClientConnection connection) {
    int handle = handles.get(index);
    if (handle < 0) {
      handle = connection.open(name, descriptor); // racing threads both open: same handle back
      handles.set(index, handle);
    }
    return handle;
  }

  @Override
  public String toString() {
    return descriptor.type().getSimpleName() + " proxy for '" + name + "' at " + pool.manager();
  }
}
