package io.typedipc.process;

import io.typedipc.ManagerClient;
import io.typedipc.internal.builtin.BuiltinKind;
import io.typedipc.internal.builtin.BuiltinKinds;
import io.typedipc.process.Bootstrap.HandleRef;
import java.time.Duration;

/**
 * The child's side of built-in synchronizer and queue handles: turns a handle (the wire interface
 * of the object, plus a queue's element class or a condition's name) back into the facade the
 * parent had, through the kind's {@link BuiltinKind}, on the existing object found by name.
 */
final class Builtins {
  private Builtins() {}

  private static BuiltinKind kind(HandleRef ref) {
    BuiltinKind kind = BuiltinKinds.facadeByWire(ref.interfaceName());
    if (kind == null) {
      throw new IllegalStateException("unknown built-in handle " + ref.interfaceName());
    }
    return kind;
  }

  /** The public type the child gets for {@code ref}. */
  static Class<?> publicType(HandleRef ref) {
    return kind(ref).handleType(ref.detail());
  }

  /** The facade for {@code ref}, on {@code client}. */
  static Object open(ManagerClient client, HandleRef ref) {
    BuiltinKind kind = kind(ref);
    Object detail = ref.detail();
    if (!kind.conditions() && ref.detail() != null) { // the element class of a queue
      detail = elementType(ref.detail());
    }
    Object wire = client.shared(kind.wireType(), ref.name());
    return kind.openFacade(ref.name(), wire, client.withTimeout(wire, Duration.ZERO), detail);
  }

  private static Class<?> elementType(String name) {
    try {
      return EntryClasses.load(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the element class " + name + " of a queue handle is not on the child's classpath", e);
    }
  }
}
