package io.typedipc.hazelcast;

import io.typedipc.internal.serial.Serialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;

/**
 * The check made when an object is shared in cluster mode: its state must be serialisable by
 * typedipc's allow-listed Kryo setup (the same rules as values on the wire: registered classes,
 * records, the built-in value types; a class with a no-arg constructor, which may be private), or
 * the Manager does not start, with an error that names the field that cannot be.
 */
final class StateCheck {
  private StateCheck() {}

  private static String rule() {
    return "in cluster mode an object's state is copied to other members by typedipc's allow-listed Kryo setup: its"
        + " non-transient fields may hold only primitives, strings, the built-in value types (collections, maps,"
        + " arrays, java.time, …), records and classes registered with Manager.Builder.register";
  }

  /** Whether objects of class {@code c} can be registered at all (a no-arg constructor, a stable name, …). */
  static void checkClass(Class<?> c) {
    try {
      Serialization.create(List.of(), Set.of(c), Serialization.DEFAULT_MAX_DEPTH);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(c.getName() + " cannot keep its state in the cluster: " + e.getMessage() + " (" + rule() + ")", e);
    }
  }

  /**
   * The state of {@code target}, serialised.
   *
   * @throws IllegalArgumentException naming the first field whose value cannot be serialised
   */
  static byte[] serialise(ClusterContext ctx, String name, Object target) {
    try {
      return ctx.writeState(target);
    } catch (RuntimeException whole) {
      for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          int m = f.getModifiers();
          if (Modifier.isStatic(m) || Modifier.isTransient(m)) {
            continue;
          }
          Object value;
          try {
            f.setAccessible(true);
            value = f.get(target);
          } catch (RuntimeException | IllegalAccessException e) {
            throw new IllegalArgumentException("cannot share '" + name + "' in the cluster: field " + c.getSimpleName() + "."
                + f.getName() + " cannot be read to check it (" + e.getMessage() + ")", whole);
          }
          try {
            ctx.writeOne(value, Object.class);
          } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot share '" + name + "' in the cluster: field " + c.getSimpleName() + "."
                + f.getName() + " (" + f.getType().getName() + ") cannot be serialised: " + e.getMessage()
                + ". Make it transient, change its type, or register its class; " + rule(), whole);
          }
        }
      }
      throw new IllegalArgumentException("cannot share '" + name + "' in the cluster: its state cannot be serialised: "
          + whole.getMessage() + "; " + rule(), whole);
    }
  }
}
