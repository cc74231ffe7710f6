package io.typedipc.internal.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Kryo of one {@link Serialization}: registration required, no references, bounded depth, no
 * generics tracking (so that no state survives a failed read or write), and by-value collections:
 * a {@code List}, {@code Set} or {@code Map} implementation that is not registered is written as
 * its nearest registered {@code java.util} superclass (a subclass of {@code LinkedList} as a {@code
 * LinkedList}), else as the registered {@code ArrayList}, {@code LinkedHashSet} ({@code TreeSet} if
 * sorted) or {@code LinkedHashMap} ({@code TreeMap} if sorted).
 */
final class WireKryo extends Kryo {
  final Serialization owner;
  private final WireClassResolver resolver;

  WireKryo(Serialization owner, WireClassResolver resolver) {
    super(resolver, null);
    this.owner = owner;
    this.resolver = resolver;
  }

  // Every object read is charged to the frame's estimate of its decoded heap (see FrameInput): its
  // own bytes here; a string's characters, an array's elements and a collection's entries where
  // they are read.

  @Override
  public <T> T readObject(Input input, Class<T> type) {
    return charged(input, super.readObject(input, type));
  }

  @Override
  @SuppressWarnings("rawtypes") // Kryo's signature
  public <T> T readObject(Input input, Class<T> type, Serializer serializer) {
    return charged(input, super.readObject(input, type, serializer));
  }

  @Override
  public <T> T readObjectOrNull(Input input, Class<T> type) {
    return charged(input, super.readObjectOrNull(input, type));
  }

  @Override
  @SuppressWarnings("rawtypes") // Kryo's signature
  public <T> T readObjectOrNull(Input input, Class<T> type, Serializer serializer) {
    return charged(input, super.readObjectOrNull(input, type, serializer));
  }

  @Override
  public Object readClassAndObject(Input input) {
    return charged(input, super.readClassAndObject(input));
  }

  private static <T> T charged(Input input, T value) {
    if (value != null && input instanceof FrameInput frame) {
      frame.charge(HeapEstimate.of(value));
    }
    return value;
  }

  @Override
  @SuppressWarnings("rawtypes") // Kryo's signature
  public Registration getRegistration(Class type) {
    if (type == null) {
      throw new IllegalArgumentException("type cannot be null.");
    }
    Registration registration = resolver.getRegistration(type);
    return registration != null ? registration : resolveUnregistered(type);
  }

  private Registration resolveUnregistered(Class<?> type) {
    Registration target = null;
    SharedReferences references = owner.references();
    if (references != null && references.isReference(type)) {
      target = resolver.getRegistration(Serialization.ReferenceMarker.class);
    } else if (!type.isEnum() && Enum.class.isAssignableFrom(type) && type != Enum.class) {
      // the class of an enum constant with a body: use its enum's registration
      Class<?> c = type;
      while (c != null && !c.isEnum()) {
        c = c.getSuperclass();
      }
      target = c == null ? null : resolver.getRegistration(c);
    } else if ((target = registeredImplementationAbove(type)) != null) {
      // a subclass of a registered collection (a double-brace LinkedList, say): as that class, which
      // whatever field or parameter held the value accepts (an ArrayList would not fit a LinkedList)
    } else if (List.class.isAssignableFrom(type)) {
      target = resolver.getRegistration(ArrayList.class);
    } else if (SortedSet.class.isAssignableFrom(type)) {
      target = resolver.getRegistration(TreeSet.class);
    } else if (Set.class.isAssignableFrom(type)) {
      target = resolver.getRegistration(LinkedHashSet.class);
    } else if (SortedMap.class.isAssignableFrom(type)) {
      target = resolver.getRegistration(TreeMap.class);
    } else if (Map.class.isAssignableFrom(type)) {
      target = resolver.getRegistration(LinkedHashMap.class);
    } else if (Collection.class.isAssignableFrom(type) && !Queue.class.isAssignableFrom(type)) {
      target = resolver.getRegistration(ArrayList.class); // e.g. Map.values(), unmodifiableCollection
    }
    if (target == null) {
      throw new UnregisteredClassException(type);
    }
    resolver.alias(type, target);
    return target;
  }

  /**
   * For a {@code Collection} or {@code Map} class: the registration of its nearest superclass that
   * is one of the registered {@code java.util} implementations; null if none.
   */
  private Registration registeredImplementationAbove(Class<?> type) {
    if (!Collection.class.isAssignableFrom(type) && !Map.class.isAssignableFrom(type)) {
      return null;
    }
    for (Class<?> c = type.getSuperclass(); c != null && c != Object.class; c = c.getSuperclass()) {
      if (c.getPackageName().equals("java.util")) {
        Registration registration = resolver.getRegistration(c);
        if (registration != null) {
          return registration;
        }
      }
    }
    return null;
  }
}
