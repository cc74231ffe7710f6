package io.typedipc.spi;

import java.util.Objects;

/**
 * Base class of every generated proxy. It holds the {@link RemoteObject} in a field (not a method,
 * so no user method name can clash with it) and gives proxies a readable {@code toString} and an
 * {@code equals} that compares the objects they reach.
 */
public abstract class AbstractProxy {

  /** Where this proxy sends its calls. */
  protected final RemoteObject remote;

  /** Creates a proxy sending its calls to {@code remote}. */
  protected AbstractProxy(RemoteObject remote) {
    this.remote = Objects.requireNonNull(remote, "remote");
  }

  /** The remote object behind {@code proxy}, or {@code null} if it is not a typedipc proxy. */
  public static RemoteObject remoteOf(Object proxy) {
    return proxy instanceof AbstractProxy ? ((AbstractProxy) proxy).remote : null;
  }

  /**
   * Whether {@code o} is a proxy of the same object in the same Manager, reached through the same
   * client (whatever its call timeout): equal proxies call the same object. Proxies made by
   * different clients, even of one object, are not equal.
   */
  @Override
  public final boolean equals(Object o) {
    return o instanceof AbstractProxy other && remote.equals(other.remote);
  }

  /** Consistent with {@link #equals}. */
  @Override
  public final int hashCode() {
    return remote.hashCode();
  }

  @Override
  public String toString() {
    return remote.toString();
  }
}
