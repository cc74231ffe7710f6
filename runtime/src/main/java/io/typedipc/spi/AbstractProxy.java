package io.typedipc.spi;

import java.util.Objects;

/**
 * Base class of every generated proxy. It holds the {@link RemoteObject} in a field (not a method,
 * so no user method name can clash with it) and gives proxies a readable {@code toString}.
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

  @Override
  public String toString() {
    return remote.toString();
  }
}
