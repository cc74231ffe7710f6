package io.typedipc.builtin;

import io.typedipc.annotation.Shared;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.Set;

/**
 * Named attributes in the Manager, shared by every JVM that holds a proxy for it — Python's {@code
 * Manager().Namespace()}, where {@code ns.x = 1} becomes {@code ns.set("x", 1)}. Get one with
 * {@code ManagerClient.namespace(name)} or create it at start with {@code
 * Manager.Builder.namespace(name)}.
 *
 * <p>Values travel by value, and must be classes both sides know, as for {@link SharedMap}. With
 * {@code V = Object} ({@code Namespace<Object>}) attributes can have different classes and {@link
 * #get(String, Class)} reads one with its type; the classes are still checked against the
 * allow-list at run time. Each call is atomic; use {@link #setIfAbsent} rather than {@code has}
 * then {@code set}.
 *
 * @param <V> the attributes' type ({@code Object} for attributes of different classes)
 */
@Shared
public interface Namespace<V> {

  /** The attribute {@code name}, or {@code null} if it has none. */
  V get(String name);

  /**
   * The attribute {@code name} as a {@code type}, or {@code null} if it has none; runs on the
   * client. A primitive {@code type} reads its wrapper: {@code get("port", int.class)} an {@code
   * Integer}.
   *
   * @throws ClassCastException if it is not a {@code type}
   */
  @SuppressWarnings("unchecked")
  default <T> T get(String name, Class<T> type) {
    // int.class.cast(anInteger) would throw: values arrive boxed
    Class<T> box = type.isPrimitive() ? (Class<T>) MethodType.methodType(type).wrap().returnType() : type;
    return box.cast(get(name));
  }

  /** Sets the attribute {@code name}; returns its previous value, or {@code null}. */
  V set(String name, V value);

  /**
   * Sets the attribute only if it is not set or is {@code null}; returns the value it had, {@code
   * null} if this call set it.
   */
  V setIfAbsent(String name, V value);

  /** Whether the attribute {@code name} is set, even to {@code null} (Python's {@code hasattr}). */
  boolean has(String name);

  /** Removes the attribute {@code name} (Python's {@code delattr}); returns its value, or {@code null}. */
  V remove(String name);

  /** The names of the attributes, in the order they were first set. */
  Set<String> names();

  /** A copy of every attribute, in the order they were first set. */
  Map<String, V> asMap();
}
