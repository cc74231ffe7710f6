package io.typedipc.builtin;

import io.typedipc.annotation.Shared;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A map in the Manager, shared by every JVM that holds a proxy for it — Python's {@code
 * Manager().dict()}, typed. Get one with {@code ManagerClient.map(name)} or create it at start
 * with {@code Manager.Builder.map(name)}.
 *
 * <p>Keys and values travel <b>by value</b>: {@link #get} returns a copy, and changing it changes
 * nothing in the Manager; put it back, or better, use one of the atomic operations below. A value
 * that is itself a shared object (a {@code SharedList}, another map, any {@code @Shared}
 * implementation) is the exception: it stays in the Manager and {@link #get} returns a
 * <em>proxy</em> for it, so {@code map.get("k").add(x)} changes the list in the Manager. To put one
 * in, pass its proxy.
 *
 * <p>Every call runs in the Manager while no other call to this map runs, so each method is
 * atomic. A read followed by a write through the proxy is not: use {@link #merge}, {@link
 * #putIfAbsent}, {@link #replace(Object, Object, Object)} or {@link #remove(Object, Object)}
 * instead of {@code get} then {@code put}. Keys are compared with {@code equals}/{@code hashCode}
 * in the Manager; iteration order is insertion order.
 *
 * <p>Keys and values must be classes both sides know: built-in value types ({@code String}, boxed
 * primitives, the supported JDK types and collections of them) need nothing; other classes must be
 * registered on the Manager and on every client ({@code register(...)}), or the call fails with a
 * {@link io.typedipc.SerializationException} before anything is sent. {@code null} keys and values
 * are allowed.
 *
 * <p>A call's arguments and its result travel in one message, within the frame limit ({@code
 * maxFrameSize}, 16 MiB by default): a copy of a large map ({@link #asMap}, {@link #values}) that
 * does not fit fails with {@link io.typedipc.SerializationException} (the Manager sends nothing);
 * read it in parts with {@link #keySet} and {@link #getAll}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@Shared
public interface SharedMap<K, V> {

  /** The value for {@code key}, or {@code null} if there is none. */
  V get(K key);

  /** The value for {@code key}, or {@code defaultValue} if there is none. */
  V getOrDefault(K key, V defaultValue);

  /** Sets the value for {@code key}; returns the previous one, or {@code null}. */
  V put(K key, V value);

  /** Copies every entry of {@code entries} into this map. */
  void putAll(Map<K, V> entries);

  /**
   * Sets the value for {@code key} only if it has none (or {@code null}); returns the value it had,
   * {@code null} if this call set it.
   */
  V putIfAbsent(K key, V value);

  /** Removes {@code key}; returns its value, or {@code null}. */
  V remove(K key);

  /** Removes {@code key} only if its value equals {@code value}; returns whether it did. */
  boolean remove(K key, V value);

  /**
   * Sets {@code key} to {@code newValue} only if its value equals {@code oldValue} — a
   * compare-and-set per key; returns whether it did.
   */
  boolean replace(K key, V oldValue, V newValue);

  /** Sets {@code key} to {@code value} only if it has a value; returns the previous one, or {@code null}. */
  V replace(K key, V value);

  /**
   * Atomically combines the value of {@code key} with {@code value} (sets it to {@code value} if
   * it has none) and returns the new value: {@code merge("hits", 1, Merge.SUM)} counts without
   * losing an update, whatever the number of clients. Like {@link Map#merge}, with a {@link Merge}
   * operation instead of a function, since functions cannot cross JVMs.
   *
   * @throws IllegalArgumentException (as a {@link io.typedipc.RemoteException}) if the operation
   *     does not apply to the values; the map is unchanged
   */
  V merge(K key, V value, Merge operation);

  /** Whether {@code key} has a value. */
  boolean containsKey(K key);

  /** Whether some key has a value equal to {@code value}. */
  boolean containsValue(V value);

  /** The number of entries. */
  int size();

  /** Whether there are no entries. */
  boolean isEmpty();

  /** Removes every entry. */
  void clear();

  /** A copy of the keys, in insertion order. */
  Set<K> keySet();

  /** A copy of the values, in insertion order. */
  List<V> values();

  /** A copy of the entries of the given keys that have one, in the order of {@code keys}. */
  Map<K, V> getAll(Collection<K> keys);

  /** A copy of the whole map, in insertion order (Python's {@code dict(d)}). */
  Map<K, V> asMap();
}
