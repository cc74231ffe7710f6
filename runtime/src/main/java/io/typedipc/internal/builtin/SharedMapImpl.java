package io.typedipc.internal.builtin;

import io.typedipc.builtin.Merge;
import io.typedipc.builtin.SharedMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The Manager's {@link SharedMap}: a {@link LinkedHashMap}; calls run one at a time, so no locks. */
public final class SharedMapImpl<K, V> implements SharedMap<K, V> {
  private final LinkedHashMap<K, V> map = new LinkedHashMap<>();

  @Override
  public V get(K key) {
    return map.get(key);
  }

  @Override
  public V getOrDefault(K key, V defaultValue) {
    return map.getOrDefault(key, defaultValue);
  }

  @Override
  public V put(K key, V value) {
    return map.put(key, value);
  }

  @Override
  public void putAll(Map<K, V> entries) {
    map.putAll(entries);
  }

  @Override
  public V putIfAbsent(K key, V value) {
    return map.putIfAbsent(key, value);
  }

  @Override
  public V remove(K key) {
    return map.remove(key);
  }

  @Override
  public boolean remove(K key, V value) {
    return map.remove(key, value);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    return map.replace(key, oldValue, newValue);
  }

  @Override
  public V replace(K key, V value) {
    return map.replace(key, value);
  }

  @Override
  @SuppressWarnings("unchecked")
  public V merge(K key, V value, Merge operation) {
    V merged = (V) Merges.apply(operation, map.get(key), value);
    map.put(key, merged);
    return merged;
  }

  @Override
  public boolean containsKey(K key) {
    return map.containsKey(key);
  }

  @Override
  public boolean containsValue(V value) {
    return map.containsValue(value);
  }

  @Override
  public int size() {
    return map.size();
  }

  @Override
  public boolean isEmpty() {
    return map.isEmpty();
  }

  @Override
  public void clear() {
    map.clear();
  }

  @Override
  public Set<K> keySet() {
    return new LinkedHashSet<>(map.keySet());
  }

  @Override
  public List<V> values() {
    return new ArrayList<>(map.values());
  }

  @Override
  public Map<K, V> getAll(Collection<K> keys) {
    Map<K, V> found = new LinkedHashMap<>();
    for (K key : keys) {
      if (map.containsKey(key)) {
        found.put(key, map.get(key));
      }
    }
    return found;
  }

  @Override
  public Map<K, V> asMap() {
    return new LinkedHashMap<>(map);
  }

  /** The entries as {@link java.util.AbstractMap#toString()} shows them: {@code {k=v, …}}. */
  String contents() {
    return Objects.toString(map);
  }

  @Override
  public String toString() {
    return "SharedMap" + contents();
  }
}
