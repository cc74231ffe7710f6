package io.typedipc.internal.builtin;

import java.util.Objects;

/**
 * What every client-side facade of a built-in synchronizer or queue has in common: its kind, the
 * name users see, the name the Manager hosts the object under, and the wire proxies it calls
 * through (with the wait-with-timeout protocol of {@link Proxies}). The runtime (not users) reads
 * these to send a facade as a reference inside a value, or to hand it to a child JVM.
 *
 * @param <W> the wire interface the facade calls through
 */
public abstract class BuiltinFacade<W> {
  final BuiltinKind kind;
  final String name;
  final String object;
  final Proxies<W> proxies;

  /**
   * @param name the name users see ({@code lock#condition} for a condition)
   * @param object the name the Manager hosts the object under
   */
  BuiltinFacade(BuiltinKind kind, String name, String object, Proxies<W> proxies) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.name = Objects.requireNonNull(name, "name");
    this.object = Objects.requireNonNull(object, "object");
    this.proxies = Objects.requireNonNull(proxies, "proxies");
  }

  /** A facade of the object hosted as {@code name}. */
  BuiltinFacade(BuiltinKind kind, String name, W wire, W patient, Proxies.Cancel<W> cancel) {
    this(kind, name, name, new Proxies<>(wire, patient, cancel));
  }

  /** The name users see. */
  public String name() {
    return name;
  }

  /** The kind of built-in object. */
  public final BuiltinKind kind() {
    return kind;
  }

  /** The name the Manager hosts the object under (a condition's is its lock's). */
  public final String objectName() {
    return object;
  }

  /** The generated proxy (with the caller's call timeout) of the wire object behind this facade. */
  public final Object wireProxy() {
    return proxies.wire;
  }

  /**
   * What besides the object a handle of this facade names: a queue's element class, or the
   * condition of a lock ({@code ""} for the default one); {@code null} for nothing.
   */
  public Object detail() {
    return null;
  }

  /** The condition this facade stands for; {@code null} unless it is a condition. */
  public String condition() {
    return null;
  }

  /**
   * Whether {@code o} is a facade of the same kind on the same object (and the same condition of
   * it) through the same client, as {@link io.typedipc.spi.AbstractProxy#equals} is for proxies.
   * A queue's element class does not count: it only checks, in this client, what the queue gives,
   * and a queue that arrives inside a value has none, yet reaches the same queue.
   */
  @Override
  public final boolean equals(Object o) {
    return o instanceof BuiltinFacade<?> other
        && getClass() == other.getClass()
        && name.equals(other.name)
        && Objects.equals(condition(), other.condition())
        && proxies.wire.equals(other.proxies.wire);
  }

  @Override
  public final int hashCode() {
    return name.hashCode() * 31 + getClass().getName().hashCode();
  }

  @Override
  public String toString() {
    return kind.handleType(condition()).getSimpleName() + "[" + name + "]";
  }
}
