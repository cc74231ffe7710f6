package io.typedipc.internal.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.ProtocolException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * By-value serializers for collections and maps. They write any {@code Collection} / {@code Map}
 * (the registration decides what is created on reading), check declared sizes against the frame,
 * and never pre-allocate more than a small capacity from a declared size.
 *
 * <p>Format: collection = size (varint), then the elements ({@link Elements}); sorted set =
 * comparator ({@code writeClassAndObject}, {@code null} for natural ordering), then as a
 * collection; map = size, a mode byte for the keys and one for the values, then key, value, key,
 * value…; sorted map = comparator, then as a map. {@code null} collections are handled by Kryo's
 * null marker (these serializers do not accept null).
 */
final class CollectionSerializers {
  private CollectionSerializers() {}

  // What one entry adds to its collection's heap, for the frame's estimate of its decoded size
  // (FrameInput#charge), charged before the entry is read: the slot of an ArrayList (a reference,
  // with room to grow), a LinkedList node, a HashMap node with its table slot, a LinkedHashMap
  // entry with its table slot, a TreeMap entry; the most of these for collections of other classes.

  static final int LIST_SLOT = 2 * FrameInput.REFERENCE;
  static final int LINKED_NODE = 24;
  static final int HASH_NODE = 32 + 2 * FrameInput.REFERENCE;
  static final int LINKED_HASH_NODE = 40 + 2 * FrameInput.REFERENCE;
  static final int TREE_ENTRY = 40;
  static final int UNKNOWN_ENTRY = LINKED_HASH_NODE;

  /** Writes any collection; reads into the collection made by {@code factory}. */
  static class ValueCollectionSerializer extends Serializer<Collection<Object>> {
    private final IntFunction<? extends Collection<Object>> factory;
    private final int entryBytes;

    ValueCollectionSerializer(IntFunction<? extends Collection<Object>> factory, int entryBytes) {
      this.factory = factory;
      this.entryBytes = entryBytes;
    }

    @Override
    public void write(Kryo kryo, Output out, Collection<Object> collection) {
      writeHeader(kryo, out, collection);
      int size = collection.size();
      out.writeVarInt(size, true);
      if (size == 0) {
        return;
      }
      Serializer<?> serializer = Elements.writeMode(kryo, out, Elements.commonClass(collection));
      int written = 0;
      for (Object e : collection) {
        Elements.write(kryo, out, e, serializer);
        written++;
      }
      if (written != size) {
        throw new IllegalStateException("collection changed while being written");
      }
    }

    void writeHeader(Kryo kryo, Output out, Collection<Object> collection) {}

    @Override
    public Collection<Object> read(Kryo kryo, Input in, Class<? extends Collection<Object>> type) {
      Comparator<?> comparator = readHeader(kryo, in);
      int size = Elements.readLength(in, 1);
      Collection<Object> collection = create(comparator, Elements.initialCapacity(size));
      if (size == 0) {
        return collection;
      }
      Registration registration = Elements.readMode(kryo, in);
      FrameInput frame = Elements.frame(in);
      for (int i = 0; i < size; i++) {
        frame.charge(entryBytes);
        collection.add(Elements.read(kryo, in, registration));
      }
      return collection;
    }

    Comparator<?> readHeader(Kryo kryo, Input in) {
      return null;
    }

    Collection<Object> create(Comparator<?> comparator, int capacity) {
      return factory.apply(capacity);
    }
  }

  /** A sorted set, written with its comparator (which must be registered if not null). */
  static final class SortedSetSerializer extends ValueCollectionSerializer {
    SortedSetSerializer() {
      super(null, TREE_ENTRY);
    }

    @Override
    void writeHeader(Kryo kryo, Output out, Collection<Object> collection) {
      kryo.writeClassAndObject(out, ((SortedSet<Object>) collection).comparator());
    }

    @Override
    Comparator<?> readHeader(Kryo kryo, Input in) {
      return readComparator(kryo, in);
    }

    @Override
    @SuppressWarnings("unchecked")
    Collection<Object> create(Comparator<?> comparator, int capacity) {
      return new TreeSet<>((Comparator<Object>) comparator);
    }
  }

  /** Writes any map; reads into the map made by {@code factory}. */
  static class ValueMapSerializer extends Serializer<Map<Object, Object>> {
    private final IntFunction<? extends Map<Object, Object>> factory;
    private final int entryBytes;

    ValueMapSerializer(IntFunction<? extends Map<Object, Object>> factory, int entryBytes) {
      this.factory = factory;
      this.entryBytes = entryBytes;
    }

    @Override
    public void write(Kryo kryo, Output out, Map<Object, Object> map) {
      writeHeader(kryo, out, map);
      int size = map.size();
      out.writeVarInt(size, true);
      if (size == 0) {
        return;
      }
      Class<?> keyClass = null;
      Class<?> valueClass = null;
      boolean mixedKeys = false;
      boolean mixedValues = false;
      for (Map.Entry<Object, Object> entry : map.entrySet()) {
        Object k = entry.getKey();
        if (k != null && !mixedKeys) {
          if (keyClass == null) {
            keyClass = k.getClass();
          } else if (keyClass != k.getClass()) {
            mixedKeys = true;
          }
        }
        Object v = entry.getValue();
        if (v != null && !mixedValues) {
          if (valueClass == null) {
            valueClass = v.getClass();
          } else if (valueClass != v.getClass()) {
            mixedValues = true;
          }
        }
      }
      Serializer<?> keySerializer = Elements.writeMode(kryo, out, mixedKeys ? null : keyClass);
      Serializer<?> valueSerializer =
          Elements.writeMode(kryo, out, mixedValues ? null : valueClass);
      int written = 0;
      for (Map.Entry<Object, Object> entry : map.entrySet()) {
        Elements.write(kryo, out, entry.getKey(), keySerializer);
        Elements.write(kryo, out, entry.getValue(), valueSerializer);
        written++;
      }
      if (written != size) {
        throw new IllegalStateException("map changed while being written");
      }
    }

    void writeHeader(Kryo kryo, Output out, Map<Object, Object> map) {}

    Comparator<?> readHeader(Kryo kryo, Input in) {
      return null;
    }

    Map<Object, Object> create(Comparator<?> comparator, int capacity) {
      return factory.apply(capacity);
    }

    @Override
    public Map<Object, Object> read(Kryo kryo, Input in, Class<? extends Map<Object, Object>> type) {
      Comparator<?> comparator = readHeader(kryo, in);
      int size = Elements.readLength(in, 2);
      Map<Object, Object> map = create(comparator, Elements.initialCapacity(size));
      if (size == 0) {
        return map;
      }
      Registration keys = Elements.readMode(kryo, in);
      Registration values = Elements.readMode(kryo, in);
      FrameInput frame = Elements.frame(in);
      for (int i = 0; i < size; i++) {
        frame.charge(entryBytes);
        Object k = Elements.read(kryo, in, keys);
        map.put(k, Elements.read(kryo, in, values));
      }
      return map;
    }
  }

  /** A sorted map, written with its comparator (which must be registered if not null). */
  static final class SortedMapSerializer extends ValueMapSerializer {
    SortedMapSerializer() {
      super(null, TREE_ENTRY);
    }

    @Override
    void writeHeader(Kryo kryo, Output out, Map<Object, Object> map) {
      kryo.writeClassAndObject(out, ((SortedMap<Object, Object>) map).comparator());
    }

    @Override
    Comparator<?> readHeader(Kryo kryo, Input in) {
      return readComparator(kryo, in);
    }

    @Override
    @SuppressWarnings("unchecked")
    Map<Object, Object> create(Comparator<?> comparator, int capacity) {
      return new TreeMap<>((Comparator<Object>) comparator);
    }
  }

  static Comparator<?> readComparator(Kryo kryo, Input in) {
    Object comparator = kryo.readClassAndObject(in);
    if (comparator != null && !(comparator instanceof Comparator)) {
      throw new ProtocolException(
          "expected a comparator, got a " + comparator.getClass().getName());
    }
    return (Comparator<?>) comparator;
  }

  /** A collection factory for a registered collection class with a no-arg constructor. */
  @SuppressWarnings("unchecked")
  static IntFunction<Collection<Object>> instantiating(Kryo kryo, Class<?> type) {
    return capacity -> (Collection<Object>) kryo.newInstance(type);
  }

  /** A map factory for a registered map class with a no-arg constructor. */
  @SuppressWarnings("unchecked")
  static IntFunction<Map<Object, Object>> instantiatingMap(Kryo kryo, Class<?> type) {
    return capacity -> (Map<Object, Object>) kryo.newInstance(type);
  }
}
