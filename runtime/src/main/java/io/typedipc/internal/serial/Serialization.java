package io.typedipc.internal.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.KryoBufferOverflowException;
import com.esotericsoftware.kryo.io.KryoBufferUnderflowException;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.OptionalSerializers;
import com.esotericsoftware.kryo.serializers.RecordSerializer;
import com.esotericsoftware.kryo.serializers.TimeSerializers;
import com.esotericsoftware.kryo.util.Pool;
import java.util.concurrent.atomic.AtomicReferenceArray;
import io.typedipc.ProtocolException;
import io.typedipc.RemoteException;
import io.typedipc.SerializationException;
import io.typedipc.internal.serial.ArraySerializers.BooleanArraySerializer;
import io.typedipc.internal.serial.ArraySerializers.ObjectArraySerializer;
import io.typedipc.internal.serial.CollectionSerializers.SortedMapSerializer;
import io.typedipc.internal.serial.CollectionSerializers.SortedSetSerializer;
import io.typedipc.internal.serial.CollectionSerializers.ValueCollectionSerializer;
import io.typedipc.internal.serial.CollectionSerializers.ValueMapSerializer;
import io.typedipc.spi.ExceptionCodec;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.ToIntFunction;

/**
 * Turns values, declared exceptions and failures into bytes and back, with Kryo, for one Manager or
 * one client. Thread-safe: each thread {@linkplain #borrow() borrows} a configured {@link Kryo} from
 * a pool, uses it for one frame and {@linkplain #release(Kryo) releases} it.
 *
 * <h2>Allow-list</h2>
 *
 * Only registered classes are ever written or read (Kryo registration required); nothing on the
 * wire names a class, and reading never loads a class. The allow-list is the built-in value types
 * below, plus every class in the descriptors' {@link InterfaceDescriptor#wireTypes() wireTypes}
 * and {@link MethodDescriptor#exceptionTypes() exception types}, plus the user's classes. Built-in:
 * primitives, their wrappers and {@code String}; {@code ArrayList}, {@code LinkedList}, {@code
 * HashMap}, {@code LinkedHashMap}, {@code TreeMap}, {@code HashSet}, {@code LinkedHashSet}, {@code
 * TreeSet}, {@code Optional}; arrays of primitives, {@code String[]} and {@code Object[]}; {@code
 * BigInteger}, {@code BigDecimal}, {@code UUID}, {@code Date}, {@code URI}, {@code Locale}; {@code
 * Instant}, {@code Duration}, {@code Period}, {@code LocalDate}, {@code LocalTime}, {@code
 * LocalDateTime}, {@code ZonedDateTime}, {@code OffsetDateTime}, {@code OffsetTime}, {@code Year},
 * {@code YearMonth}, {@code MonthDay}, {@code ZoneOffset}, and the enums {@code DayOfWeek} and
 * {@code Month}.
 *
 * <p>What a registered class becomes: a record is written component by component (canonical
 * constructor); an enum by ordinal; an exception by {@link ThrowableSerializer}; an array element by
 * element; a {@code Collection} or {@code Map} implementation (it needs a no-arg constructor) by its
 * elements only; any other class field by field (Kryo's {@code FieldSerializer}: non-static,
 * non-transient fields, created through its no-arg constructor, which may be private). Interfaces,
 * abstract classes and {@code Object} are accepted and ignored (they have no instances of their
 * own); other JDK classes are refused. A class's fields are not registered for it: every class a
 * value can contain must be in the allow-list itself.
 *
 * <h2>Class ids</h2>
 *
 * A client usually knows fewer interfaces than its Manager, so ids cannot be sequential: built-in
 * types have fixed ids, every other class an id derived from its binary name ({@link ClassIds}).
 * Two allowed classes whose ids collide make {@link #create} fail with an {@link
 * IllegalStateException} naming both.
 *
 * <h2>By value</h2>
 *
 * Values are copied; references are off, so a shared object is written once per use and a cycle is
 * a {@link SerializationException} (it exceeds the maximum depth). A {@code List} implementation
 * that is not registered ({@code List.of}, {@code Arrays.asList}, unmodifiable views, sub-lists…) is
 * written as an {@code ArrayList}; a {@code Set} as a {@code LinkedHashSet}, or a {@code TreeSet} if
 * it is a {@code SortedSet}; a {@code Map} as a {@code LinkedHashMap}, or a {@code TreeMap} if it is
 * a {@code SortedMap}; another non-queue {@code Collection} as an {@code ArrayList}. Iteration order
 * is kept. A sorted collection's comparator travels with it and must itself be registered if not
 * {@code null} (natural ordering).
 *
 * <h2>Shared objects</h2>
 *
 * Once the owning Manager or client has set its {@link SharedReferences} ({@link
 * #sharedReferences}), a value whose class that side treats as shared — on the Manager, a class
 * implementing a {@code @Shared} interface that has a binding; on a client, a generated proxy —
 * is written as a reference (its own fixed class id, the object's name and its interface's name)
 * wherever it appears: at the top level or inside a collection, map, array, record or field. The
 * reading side turns the reference back into the real object (Manager) or a proxy (client). A
 * class registered as a value class is written by value even if it implements a {@code @Shared}
 * interface.
 *
 * <h2>Hostile input</h2>
 *
 * Reading accepts only a {@link FrameInput} (see {@link #frameInput}): every declared length of a
 * string, array, collection or map is checked against the bytes left in the frame before anything
 * is allocated, and collections and reference arrays grow as their elements arrive rather than
 * being allocated at their declared size. Nesting is limited by {@code maxDepth}. Whatever is wrong
 * with the bytes, reading throws {@link ProtocolException} and nothing else.
 *
 * <h2>Output buffers</h2>
 *
 * When a write method throws, part of the value may already be in the {@link Output}: the caller
 * must drop the frame (or {@linkplain Output#setPosition(int) rewind} the output to where the frame
 * began) and may keep using the same {@code Kryo}.
 */
public final class Serialization {
  static {
    KryoSettings.apply(); // before the first Kryo: no sun.misc.Unsafe on JDK 24+
  }

  /** The default maximum nesting depth of a value. */
  public static final int DEFAULT_MAX_DEPTH = 64;

  private static final int POOL_CAPACITY =
      Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
  /** Slots in front of the pool, one per thread-id residue (a power of two). */
  private static final int STRIPES = 16;

  /**
   * The built-in value types, with fixed ids from {@link ClassIds#FIRST_DEFAULT_ID} in this order.
   * Append only: the position of a type is its id.
   */
  private static final List<Class<?>> DEFAULT_TYPES =
      List.of(
          ArrayList.class, LinkedList.class, HashMap.class, LinkedHashMap.class, TreeMap.class,
          HashSet.class, LinkedHashSet.class, TreeSet.class, Optional.class,
          byte[].class, boolean[].class, char[].class, short[].class, int[].class, long[].class,
          float[].class, double[].class, String[].class, Object[].class,
          BigInteger.class, BigDecimal.class, UUID.class, Date.class, URI.class, Locale.class,
          Instant.class, Duration.class, Period.class, LocalDate.class, LocalTime.class,
          LocalDateTime.class, ZonedDateTime.class, OffsetDateTime.class, OffsetTime.class,
          Year.class, YearMonth.class, MonthDay.class, ZoneOffset.class, DayOfWeek.class, Month.class);

  private static final Set<Class<?>> KRYO_BUILT_IN =
      Set.of(
          String.class, Integer.class, Long.class, Short.class, Byte.class, Character.class,
          Boolean.class, Float.class, Double.class, Void.class, Object.class);

  /** Whether a value of a declared type is written without a class tag. */
  private static final ClassValue<Boolean> TAGLESS =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          Class<?> leaf = type;
          while (leaf.isArray()) {
            leaf = leaf.getComponentType();
          }
          return leaf.isPrimitive() || type.isEnum() || Modifier.isFinal(leaf.getModifiers());
        }
      };

  private enum Kind {
    FIELDS, RECORD, ENUM, THROWABLE, ARRAY, COLLECTION, MAP
  }

  private static final class Entry {
    final Class<?> type;
    final int id;
    final Kind kind;

    Entry(Class<?> type, int id, Kind kind) {
      this.type = type;
      this.id = id;
      this.kind = kind;
    }
  }

  private final int maxDepth;
  private final List<Entry> entries;
  /** The generated codecs of exception classes, by class; the others are read by reflection. */
  private final Map<Class<?>, ExceptionCodec<?>> codecs;
  private final Pool<Kryo> pool;
  /** At most one free Kryo per slot, in front of {@link #pool}: see {@link #stripe()}. */
  private final AtomicReferenceArray<Kryo> stripes = new AtomicReferenceArray<>(STRIPES);
  private volatile SharedReferences references;

  private Serialization(int maxDepth, List<Entry> entries, Map<Class<?>, ExceptionCodec<?>> codecs) {
    this.maxDepth = maxDepth;
    this.entries = entries;
    this.codecs = codecs;
    this.pool =
        new Pool<>(true, false, POOL_CAPACITY) {
          @Override
          protected Kryo create() {
            return newKryo();
          }
        };
  }

  /**
   * Creates the serialization of a Manager or client.
   *
   * @param interfaces the interfaces this process serves or calls: their wire types and declared
   *     exception types join the allow-list
   * @param userTypes classes the user registered
   * @param maxDepth the deepest nesting of a value (see {@link #DEFAULT_MAX_DEPTH}); deeper or cyclic
   *     values fail to write with {@link SerializationException} and to read with {@link
   *     ProtocolException}
   * @throws IllegalArgumentException if a class cannot be registered (e.g. an inner class or a class
   *     without a no-arg constructor), with a message saying why
   * @throws IllegalStateException if two allowed classes have the same wire id
   */
  public static Serialization create(
      Collection<InterfaceDescriptor> interfaces, Collection<Class<?>> userTypes, int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1, not " + maxDepth);
    }
    Set<Class<?>> types = new LinkedHashSet<>();
    Map<Class<?>, ExceptionCodec<?>> codecs = new HashMap<>();
    for (InterfaceDescriptor d : interfaces) {
      types.addAll(d.wireTypes());
      for (MethodDescriptor m : d.methods()) {
        types.addAll(m.exceptionTypes());
      }
      for (ExceptionCodec<?> codec : d.exceptionCodecs()) {
        types.add(codec.type());
        ExceptionCodec<?> other = codecs.putIfAbsent(codec.type(), codec);
        if (other != null && !ThrowableSerializer.sameShape(codec, other)) {
          throw new IllegalStateException(
              "the bindings disagree about the fields of " + codec.type().getName() + " ("
                  + other.fieldNames() + " and " + codec.fieldNames() + "): recompile them"
                  + " together");
        }
      }
    }
    types.addAll(userTypes);
    return create(types, ClassIds::stableId, maxDepth, codecs);
  }

  /** For tests: an allow-list of {@code types} with ids from {@code ids}. */
  static Serialization createForTest(Collection<Class<?>> types, ToIntFunction<Class<?>> ids) {
    return create(new LinkedHashSet<>(types), ids, DEFAULT_MAX_DEPTH, Map.of());
  }

  private static Serialization create(
      Set<Class<?>> types,
      ToIntFunction<Class<?>> ids,
      int maxDepth,
      Map<Class<?>, ExceptionCodec<?>> codecs) {
    Map<Integer, Class<?>> byId = new HashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Class<?> type : types) {
      Kind kind = classify(Objects.requireNonNull(type, "null class in the allow-list"));
      if (kind == null) {
        continue;
      }
      int id = ids.applyAsInt(type);
      Class<?> clash = byId.putIfAbsent(id, type);
      if (clash != null) {
        throw new IllegalStateException(
            "classes " + clash.getName() + " and " + type.getName() + " have the same wire id "
                + id + " (a hash of the class name); rename one of them");
      }
      entries.add(new Entry(type, id, kind));
    }
    Serialization s = new Serialization(maxDepth, List.copyOf(entries), Map.copyOf(codecs));
    s.pool.free(s.newKryo()); // fail now, not on first use, if a class cannot be registered
    return s;
  }

  /** How a class is registered, or {@code null} if it needs no registration of its own. */
  private static Kind classify(Class<?> type) {
    if (type.isPrimitive() || KRYO_BUILT_IN.contains(type) || DEFAULT_TYPES.contains(type)) {
      return null;
    }
    if (type.isArray()) {
      return Kind.ARRAY;
    }
    if (type.isEnum()) {
      return Kind.ENUM; // before the abstract check: an enum with constant bodies is abstract
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      return null; // no instances of its own; its implementations must be registered
    }
    if (Enum.class.isAssignableFrom(type)) {
      return null; // an enum constant's body: written as its enum
    }
    if (type.isHidden() || type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
      throw new IllegalArgumentException(
          "cannot register " + type.getName() + ": anonymous, local, synthetic and hidden classes "
              + "have no stable name; use a named class or a record");
    }
    if (Throwable.class.isAssignableFrom(type)) {
      return Kind.THROWABLE;
    }
    if (type.isRecord()) {
      return Kind.RECORD;
    }
    boolean collection = Collection.class.isAssignableFrom(type);
    boolean map = Map.class.isAssignableFrom(type);
    if (!collection && !map && ReflectiveThrowables.isJdkClass(type)) {
      throw new IllegalArgumentException(
          "cannot register " + type.getName() + ": JDK classes other than the built-in value types "
              + "(see io.typedipc.internal.serial.Serialization) cannot cross the wire; "
              + "use a built-in type or a record");
    }
    if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
      throw new IllegalArgumentException(
          "cannot register " + type.getName() + ": an inner class needs an enclosing instance; "
              + "make it static");
    }
    try {
      type.getDeclaredConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "cannot register " + type.getName() + ": it needs a no-arg constructor (it may be "
              + "private), or make it a record");
    }
    return collection ? Kind.COLLECTION : map ? Kind.MAP : Kind.FIELDS;
  }

  private WireKryo newKryo() {
    WireKryo kryo = new WireKryo(this, new WireClassResolver());
    kryo.setRegistrationRequired(true);
    kryo.setInstantiatorStrategy(new ValueInstantiators());
    kryo.setReferences(false);
    kryo.setOptimizedGenerics(false); // no generics state that a failed read could leave behind
    kryo.setMaxDepth(maxDepth);
    kryo.setAutoReset(true);
    kryo.register(ReferenceMarker.class, new ReferenceSerializer(this), ClassIds.REFERENCE_ID);
    int id = ClassIds.FIRST_DEFAULT_ID;
    for (Class<?> type : DEFAULT_TYPES) {
      kryo.register(type, defaultSerializer(type), id++);
    }
    for (Entry e : entries) {
      try {
        kryo.register(e.type, serializer(kryo, e, codecs.get(e.type), maxDepth), e.id);
      } catch (RuntimeException ex) {
        throw new IllegalArgumentException(
            "cannot register " + e.type.getName() + ": " + ex.getMessage(), ex);
      }
    }
    return kryo;
  }

  private static Serializer<?> defaultSerializer(Class<?> type) {
    if (type == ArrayList.class) {
      return new ValueCollectionSerializer(ArrayList::new, CollectionSerializers.LIST_SLOT);
    } else if (type == LinkedList.class) {
      return new ValueCollectionSerializer(capacity -> new LinkedList<>(), CollectionSerializers.LINKED_NODE);
    } else if (type == HashMap.class) {
      return new ValueMapSerializer(HashMap::new, CollectionSerializers.HASH_NODE);
    } else if (type == LinkedHashMap.class) {
      return new ValueMapSerializer(LinkedHashMap::new, CollectionSerializers.LINKED_HASH_NODE);
    } else if (type == TreeMap.class) {
      return new SortedMapSerializer();
    } else if (type == HashSet.class) {
      return new ValueCollectionSerializer(HashSet::new, CollectionSerializers.HASH_NODE);
    } else if (type == LinkedHashSet.class) {
      return new ValueCollectionSerializer(LinkedHashSet::new, CollectionSerializers.LINKED_HASH_NODE);
    } else if (type == TreeSet.class) {
      return new SortedSetSerializer();
    } else if (type == Optional.class) {
      return new OptionalSerializers.OptionalSerializer();
    } else if (type == byte[].class) {
      return new DefaultArraySerializers.ByteArraySerializer();
    } else if (type == boolean[].class) {
      return new BooleanArraySerializer();
    } else if (type == char[].class) {
      return new DefaultArraySerializers.CharArraySerializer();
    } else if (type == short[].class) {
      return new DefaultArraySerializers.ShortArraySerializer();
    } else if (type == int[].class) {
      return new DefaultArraySerializers.IntArraySerializer();
    } else if (type == long[].class) {
      return new DefaultArraySerializers.LongArraySerializer();
    } else if (type == float[].class) {
      return new DefaultArraySerializers.FloatArraySerializer();
    } else if (type == double[].class) {
      return new DefaultArraySerializers.DoubleArraySerializer();
    } else if (type == String[].class) {
      return new ObjectArraySerializer(String.class);
    } else if (type == Object[].class) {
      return new ObjectArraySerializer(Object.class);
    } else if (type == BigInteger.class) {
      return new DefaultSerializers.BigIntegerSerializer();
    } else if (type == BigDecimal.class) {
      return new DefaultSerializers.BigDecimalSerializer();
    } else if (type == UUID.class) {
      return new DefaultSerializers.UUIDSerializer();
    } else if (type == Date.class) {
      return new DefaultSerializers.DateSerializer();
    } else if (type == URI.class) {
      return new DefaultSerializers.URISerializer();
    } else if (type == Locale.class) {
      return new JdkValueSerializers.LocaleSerializer();
    } else if (type == Instant.class) {
      return new TimeSerializers.InstantSerializer();
    } else if (type == Duration.class) {
      return new TimeSerializers.DurationSerializer();
    } else if (type == Period.class) {
      return new TimeSerializers.PeriodSerializer();
    } else if (type == LocalDate.class) {
      return new TimeSerializers.LocalDateSerializer();
    } else if (type == LocalTime.class) {
      return new TimeSerializers.LocalTimeSerializer();
    } else if (type == LocalDateTime.class) {
      return new TimeSerializers.LocalDateTimeSerializer();
    } else if (type == ZonedDateTime.class) {
      return new JdkValueSerializers.ZonedDateTimeSerializer();
    } else if (type == OffsetDateTime.class) {
      return new TimeSerializers.OffsetDateTimeSerializer();
    } else if (type == OffsetTime.class) {
      return new TimeSerializers.OffsetTimeSerializer();
    } else if (type == Year.class) {
      return new TimeSerializers.YearSerializer();
    } else if (type == YearMonth.class) {
      return new TimeSerializers.YearMonthSerializer();
    } else if (type == MonthDay.class) {
      return new TimeSerializers.MonthDaySerializer();
    } else if (type == ZoneOffset.class) {
      return new TimeSerializers.ZoneOffsetSerializer();
    } else if (type == DayOfWeek.class || type == Month.class) {
      return new DefaultSerializers.EnumSerializer(type.asSubclass(Enum.class)); // by ordinal, as user enums
    }
    throw new AssertionError(type);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Serializer<?> serializer(Kryo kryo, Entry e, ExceptionCodec<?> codec, int maxDepth) {
    switch (e.kind) {
      case RECORD:
        return new RecordSerializer(e.type);
      case ENUM:
        return new DefaultSerializers.EnumSerializer((Class<? extends Enum>) e.type);
      case THROWABLE:
        return ThrowableSerializer.of((Class<? extends Throwable>) e.type, codec, maxDepth / 2);
      case ARRAY:
        return new ObjectArraySerializer(e.type.getComponentType());
      case COLLECTION:
        return new ValueCollectionSerializer(CollectionSerializers.instantiating(kryo, e.type), CollectionSerializers.UNKNOWN_ENTRY);
      case MAP:
        return new ValueMapSerializer(CollectionSerializers.instantiatingMap(kryo, e.type), CollectionSerializers.UNKNOWN_ENTRY);
      case FIELDS:
      default:
        return new CheckedFieldSerializer<>(kryo, e.type);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // References to shared objects

  /**
   * Makes shared objects travel as references (see {@link SharedReferences}): set once by the
   * Manager or client that owns this serialization, before its first call. Without it, a value
   * that would be a reference is refused like any unregistered class.
   */
  public void sharedReferences(SharedReferences references) {
    this.references = Objects.requireNonNull(references, "references");
  }

  /** The side's references, or {@code null} if it has none. */
  SharedReferences references() {
    return references;
  }

  /** The class whose registration stands for every reference on the wire; never instantiated. */
  static final class ReferenceMarker {
    private ReferenceMarker() {}
  }

  /** Writes a shared object as a reference, and reads a reference as the object it stands for. */
  private static final class ReferenceSerializer extends Serializer<Object> {
    private final Serialization owner;

    ReferenceSerializer(Serialization owner) {
      this.owner = owner;
    }

    @Override
    public void write(Kryo kryo, Output out, Object value) {
      SharedReferences refs = owner.references;
      if (refs == null) {
        throw new UnregisteredClassException(value.getClass());
      }
      SharedReferences.Reference ref = refs.toReference(value);
      out.writeString(ref.name());
      out.writeString(ref.detail() == null ? ref.interfaceName() : ref.interfaceName() + SharedReferences.DETAIL + ref.detail());
    }

    @Override
    public Object read(Kryo kryo, Input in, Class<? extends Object> type) {
      String name = in.readString();
      String interfaceName = in.readString();
      if (name == null || interfaceName == null) {
        throw new ProtocolException("malformed reference to a shared object");
      }
      SharedReferences refs = owner.references;
      if (refs == null) {
        throw new ProtocolException("the peer sent a reference to the shared object '" + name
            + "', which this process cannot receive");
      }
      int bar = interfaceName.indexOf(SharedReferences.DETAIL);
      return bar < 0 ? refs.resolve(name, interfaceName, null)
          : refs.resolve(name, interfaceName.substring(0, bar), interfaceName.substring(bar + 1));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Kryo instances

  /**
   * Takes a configured {@link Kryo} from the pool (creating one if the pool is empty). Use it on
   * one thread for one frame, then {@linkplain #release(Kryo) release} it.
   */
  public Kryo borrow() {
    int i = stripe();
    Kryo k = stripes.get(i);
    if (k != null && stripes.compareAndSet(i, k, null)) {
      return k;
    }
    if (pool.getFree() == 0) { // before a new Kryo is made, take one another thread's slot holds
      for (int j = 0; j < STRIPES; j++) {
        k = stripes.get(j);
        if (k != null && stripes.compareAndSet(j, k, null)) {
          return k;
        }
      }
    }
    return pool.obtain();
  }

  /** Returns a {@link Kryo} obtained from {@link #borrow()} to the pool. */
  public void release(Kryo kryo) {
    WireKryo k = own(kryo);
    if (k.getDepth() == 0) { // a Kryo that is somehow mid-value is dropped, not reused
      int i = stripe();
      if (stripes.get(i) == null && stripes.compareAndSet(i, null, k)) {
        return;
      }
      pool.free(k);
    }
  }

  /**
   * The calling thread's slot in {@link #stripes}. A thread that borrows and releases once per
   * frame (a connection's reader) finds its own Kryo there again with one uncontended
   * compare-and-set, instead of taking the shared pool's lock twice per frame.
   */
  private static int stripe() {
    return (int) Thread.currentThread().getId() & (STRIPES - 1);
  }

  private WireKryo own(Kryo kryo) {
    if (kryo instanceof WireKryo && ((WireKryo) kryo).owner == this) {
      return (WireKryo) kryo;
    }
    throw new IllegalArgumentException("this Kryo was not borrowed from this Serialization");
  }

  /**
   * An input over the bytes of one received frame, which bounds every declared length by the bytes
   * left in it. The read methods of this class accept only such an input; it can be reused for
   * another frame with {@link FrameInput#setBuffer(byte[], int, int)}.
   */
  public static FrameInput frameInput(byte[] bytes, int offset, int length) {
    return new FrameInput(bytes, offset, length);
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  /**
   * Writes one value whose static type is {@code declaredType}.
   *
   * <p>If {@code declaredType} is primitive, final (e.g. {@code String}, a wrapper, a record, an
   * enum, an array of those or of primitives), the value is written without a class tag; otherwise
   * with one. {@code void.class} writes nothing, and so does {@code Void.class} (an async method's
   * {@code CompletableFuture<Void>}), whose only value is {@code null}.
   *
   * @param declaredType the erased declared type: a parameter's or result's type, {@code
   *     Object.class} for a type variable; may be primitive
   * @throws SerializationException if the value (or anything it contains) is of a class outside
   *     the allow-list, does not match {@code declaredType}, nests deeper than the maximum depth or
   *     is cyclic; the output then holds part of the value (see the class description)
   */
  public void writeValue(Kryo kryo, Output out, Object value, Class<?> declaredType) {
    own(kryo);
    try {
      if (declaredType.isPrimitive()) {
        if (declaredType == void.class) {
          return;
        }
        if (!boxed(declaredType).isInstance(value)) {
          throw new SerializationException(
              "cannot write " + describe(value) + " as a " + declaredType.getName());
        }
        writePrimitive(out, value, declaredType);
      } else {
        if (value != null && !declaredType.isInstance(value)) {
          throw new SerializationException(
              "cannot write " + describe(value) + " as a " + declaredType.getName());
        }
        if (declaredType == Void.class) {
          return; // null, the only Void: Kryo has no registration for Void to write it with
        }
        if (writeWrapperOrString(out, value, declaredType)) {
          return;
        }
        if (TAGLESS.get(declaredType)) {
          kryo.writeObjectOrNull(out, value, declaredType);
        } else {
          kryo.writeClassAndObject(out, value);
        }
      }
    } catch (SerializationException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw writeError(e);
    }
  }

  /**
   * Reads a value written by {@link #writeValue} with the same {@code declaredType}.
   *
   * @param in a {@link FrameInput}
   * @return the value, primitives boxed; {@code null} for {@code void.class} and {@code
   *     Void.class}
   * @throws ProtocolException if the bytes are malformed, name a class outside the allow-list,
   *     declare lengths larger than the frame, nest too deep, or hold a value that is not a {@code
   *     declaredType}
   * @throws IllegalArgumentException if {@code in} is not a {@link FrameInput}
   */
  public Object readValue(Kryo kryo, Input in, Class<?> declaredType) {
    own(kryo);
    Elements.frame(in);
    Object value;
    try {
      if (declaredType.isPrimitive()) {
        if (declaredType == void.class) {
          return null;
        }
        value = readPrimitive(in, declaredType);
      } else if (declaredType == Void.class) {
        return null;
      } else if (declaredType == String.class) {
        return in.readString(); // as Kryo's string serializer, which writes null itself
      } else if (declaredType == Integer.class) {
        return in.readByte() == Kryo.NULL ? null : in.readInt(false); // as writeObjectOrNull and Kryo's serializer
      } else if (declaredType == Long.class) {
        return in.readByte() == Kryo.NULL ? null : in.readVarLong(false);
      } else if (TAGLESS.get(declaredType)) {
        value = kryo.readObjectOrNull(in, declaredType);
      } else {
        value = kryo.readClassAndObject(in);
      }
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      throw readError(e);
    }
    if (value != null && !boxed(declaredType).isInstance(value)) {
      throw new ProtocolException(
          "the peer sent " + describe(value) + " where a " + declaredType.getName()
              + " is expected");
    }
    return value;
  }

  // ---------------------------------------------------------------------------------------------
  // Exceptions and failures

  /**
   * Writes a declared checked exception by value (see {@link ThrowableSerializer} for what
   * travels). An exception whose own class is not registered travels as its nearest registered
   * superclass (e.g. a {@code FileNotFoundException} thrown by a method that declares {@code
   * IOException} arrives as an {@code IOException} with the same message and stack trace).
   *
   * @throws SerializationException if neither its class nor a superclass is registered, or a field
   *     holds a value that cannot be written; the caller should then send {@link #writeFailure}
   */
  public void writeException(Kryo kryo, Output out, Throwable declared) {
    own(kryo);
    try {
      Registration registration = null;
      for (Class<?> c = declared.getClass(); c != null && registration == null;
          c = c.getSuperclass()) {
        Registration r = kryo.getClassResolver().getRegistration(c);
        if (r != null && r.getSerializer() instanceof ThrowableSerializer) {
          registration = r;
        }
      }
      if (registration == null) {
        throw new UnregisteredClassException(declared.getClass());
      }
      out.writeVarInt(registration.getId() + 2, true); // as Kryo writes a class
      kryo.writeObject(out, declared, registration.getSerializer());
    } catch (SerializationException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw writeError(e);
    }
  }

  /**
   * Reads an exception written by {@link #writeException}.
   *
   * @param in a {@link FrameInput}
   * @throws ProtocolException if the bytes are malformed or do not hold a registered exception
   */
  public Throwable readException(Kryo kryo, Input in) {
    own(kryo);
    Elements.frame(in);
    Object value;
    try {
      value = kryo.readClassAndObject(in);
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      throw readError(e);
    }
    if (!(value instanceof Throwable)) {
      throw new ProtocolException("the peer sent " + describe(value) + " where an exception is expected");
    }
    return (Throwable) value;
  }

  /**
   * Writes any throwable as a description: binary class name, message and stack trace of it and of
   * its causes (at most 8). Needs no registration, and reading it never loads a class.
   *
   * @throws SerializationException only if the output cannot hold it
   */
  public void writeFailure(Kryo kryo, Output out, Throwable t) {
    own(kryo);
    try {
      Failures.writeFailure(out, t);
    } catch (RuntimeException | StackOverflowError e) {
      throw writeError(e);
    }
  }

  /**
   * Reads a description written by {@link #writeFailure}, as a {@link RemoteException} whose cause
   * is the remote cause as another {@code RemoteException}.
   *
   * @param in a {@link FrameInput}
   * @throws ProtocolException if the bytes are malformed
   */
  public RemoteException readFailure(Kryo kryo, Input in) {
    own(kryo);
    Elements.frame(in);
    try {
      return Failures.readFailure(in, 0);
    } catch (RuntimeException | StackOverflowError e) {
      throw readError(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Primitives: the bytes Kryo's default serializers write, without a registration lookup

  /**
   * Writes a primitive parameter or result exactly as {@code kryo.writeObject} does with Kryo's
   * default serializers (ints and longs as variable-length, the rest fixed size), skipping its
   * registration lookup: most calls carry only primitives. {@code SerializationTest} holds the two
   * byte for byte equal.
   */
  private static void writePrimitive(Output out, Object value, Class<?> type) {
    if (type == int.class) {
      out.writeInt((Integer) value, false);
    } else if (type == long.class) {
      out.writeVarLong((Long) value, false);
    } else if (type == boolean.class) {
      out.writeBoolean((Boolean) value);
    } else if (type == double.class) {
      out.writeDouble((Double) value);
    } else if (type == float.class) {
      out.writeFloat((Float) value);
    } else if (type == char.class) {
      out.writeChar((Character) value);
    } else if (type == byte.class) {
      out.writeByte((Byte) value);
    } else {
      out.writeShort((Short) value);
    }
  }

  /**
   * Writes a {@code String}, {@code Integer} or {@code Long} of that declared type as {@code
   * Kryo.writeObjectOrNull} with Kryo's own serializers would, byte for byte, without its
   * registration lookup and reset: the commonest results and arguments. Their serializers cannot be
   * replaced (built-in classes are not registered by users).
   *
   * @return whether the value was written
   */
  private static boolean writeWrapperOrString(Output out, Object value, Class<?> declaredType) {
    if (declaredType == String.class) {
      out.writeString((String) value); // Kryo's string serializer writes null itself
    } else if (declaredType == Integer.class) {
      writeNullOr(out, value);
      if (value != null) {
        out.writeInt((Integer) value, false);
      }
    } else if (declaredType == Long.class) {
      writeNullOr(out, value);
      if (value != null) {
        out.writeVarLong((Long) value, false);
      }
    } else {
      return false;
    }
    return true;
  }

  private static void writeNullOr(Output out, Object value) {
    out.writeByte(value == null ? Kryo.NULL : Kryo.NOT_NULL);
  }

  /** Reads what {@link #writePrimitive} wrote, as Kryo's default serializers would. */
  private static Object readPrimitive(Input in, Class<?> type) {
    if (type == int.class) {
      return in.readInt(false);
    } else if (type == long.class) {
      return in.readVarLong(false);
    } else if (type == boolean.class) {
      return in.readBoolean();
    } else if (type == double.class) {
      return in.readDouble();
    } else if (type == float.class) {
      return in.readFloat();
    } else if (type == char.class) {
      return in.readChar();
    } else if (type == byte.class) {
      return in.readByte();
    }
    return in.readShort();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** The wrapper class of a primitive type, or the type itself. */
  static Class<?> boxed(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    } else if (type == int.class) {
      return Integer.class;
    } else if (type == long.class) {
      return Long.class;
    } else if (type == boolean.class) {
      return Boolean.class;
    } else if (type == double.class) {
      return Double.class;
    } else if (type == float.class) {
      return Float.class;
    } else if (type == char.class) {
      return Character.class;
    } else if (type == byte.class) {
      return Byte.class;
    } else if (type == short.class) {
      return Short.class;
    }
    return Void.class;
  }

  private static String describe(Object value) {
    return value == null ? "null" : "a " + UnregisteredClassException.displayName(value.getClass());
  }

  private SerializationException writeError(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SerializationException) {
        return new SerializationException(c.getMessage() + where(e), e);
      }
      if (c instanceof KryoBufferOverflowException) {
        return new SerializationException("value too large: the message exceeds the sender's frame limit (maxFrameSize)" + where(e), e);
      }
      if (isDepthExceeded(c)) {
        return new SerializationException(
            "value nests deeper than the maximum depth of " + maxDepth + ", or is cyclic (values "
                + "are copied, not shared)" + where(e),
            e);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return new SerializationException("cannot write value: " + e, e);
  }

  private ProtocolException readError(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof DecodedSizeException tooLarge) {
        return c == e ? tooLarge
            : new DecodedSizeException(c.getMessage() + where(e), tooLarge.limit(), tooLarge.allocated(), e);
      }
      if (c instanceof ProtocolException) {
        return c == e ? (ProtocolException) c
            : new ProtocolException(c.getMessage() + where(e), e);
      }
      if (c instanceof KryoBufferUnderflowException) {
        return new ProtocolException("the frame ends in the middle of a value" + where(e), e);
      }
      if (isDepthExceeded(c)) {
        return new ProtocolException(
            "the value nests deeper than the maximum depth of " + maxDepth + where(e), e);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return new ProtocolException("malformed value: " + e, e);
  }

  private static boolean isDepthExceeded(Throwable t) {
    return t instanceof KryoException
        && t.getMessage() != null
        && t.getMessage().startsWith("Max depth exceeded");
  }

  /** Kryo's serialization trace (the path of fields to the failure), as a suffix. */
  private static String where(Throwable e) {
    String m = e instanceof KryoException ? e.getMessage() : null;
    int i = m == null ? -1 : m.indexOf("Serialization trace:");
    if (i < 0) {
      return "";
    }
    return " (at " + m.substring(i + "Serialization trace:".length()).trim().replace('\n', '/')
        + ")";
  }
}
