package io.typedipc.internal.serial;

import io.typedipc.SerializationException;

/** A value of a class outside the allow-list was about to be written. */
final class UnregisteredClassException extends SerializationException {
  private static final long serialVersionUID = 1L;

  UnregisteredClassException(Class<?> type) {
    super(message(type));
  }

  static String message(Class<?> type) {
    return "class " + displayName(type) + " is not registered for the wire; register it with "
        + "Manager.Builder.register / ManagerClient.Builder.register (records, enums, exceptions "
        + "and classes with a no-arg constructor can be registered)";
  }

  /** {@code com.x.Foo[]} for arrays, the binary name otherwise. */
  static String displayName(Class<?> type) {
    int dims = 0;
    Class<?> c = type;
    while (c.isArray()) {
      c = c.getComponentType();
      dims++;
    }
    return c.getName() + "[]".repeat(dims);
  }
}
