package io.typedipc.internal.builtin;

import io.typedipc.builtin.Namespace;
import java.util.Map;
import java.util.Set;

/**
 * The Manager's {@link Namespace}: a {@link SharedMapImpl} from attribute names, spoken to in the
 * namespace's words; calls run one at a time, so no locks.
 */
public final class NamespaceImpl<V> implements Namespace<V> {
  private final SharedMapImpl<String, V> attributes = new SharedMapImpl<>();

  @Override
  public V get(String name) {
    return attributes.get(name);
  }

  @Override
  public V set(String name, V value) {
    return attributes.put(name, value);
  }

  @Override
  public V setIfAbsent(String name, V value) {
    return attributes.putIfAbsent(name, value);
  }

  @Override
  public boolean has(String name) {
    return attributes.containsKey(name);
  }

  @Override
  public V remove(String name) {
    return attributes.remove(name);
  }

  @Override
  public Set<String> names() {
    return attributes.keySet();
  }

  @Override
  public Map<String, V> asMap() {
    return attributes.asMap();
  }

  @Override
  public String toString() {
    return "Namespace" + attributes.contents();
  }
}
