package io.typedipc.internal.builtin;

/**
 * What every client-side facade of a built-in synchronizer or queue exposes to the runtime (not to
 * users): the generated proxy of the wire interface it calls through, so that the object can be
 * named elsewhere — e.g. handed to a child JVM by {@code io.typedipc.process.ChildProcess}.
 */
public interface BuiltinFacade {
  /** The generated proxy (with the client's call timeout) of the wire object behind this facade. */
  Object wireProxy();

  /** The element class of a queue; {@code null} for the other kinds. */
  default Class<?> elementType() {
    return null;
  }

  /** The name of a condition within its lock ({@code ""}: the default one); {@code null} if not a condition. */
  default String conditionName() {
    return null;
  }
}
