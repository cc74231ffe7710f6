package io.typedipc.internal.builtin;

import io.typedipc.builtin.JoinableQueue;
import io.typedipc.builtin.Namespace;
import io.typedipc.builtin.SharedBarrier;
import io.typedipc.builtin.SharedBoundedSemaphore;
import io.typedipc.builtin.SharedDoubleArray;
import io.typedipc.builtin.SharedEvent;
import io.typedipc.builtin.SharedIntArray;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedLongArray;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.builtin.SharedRLock;
import io.typedipc.builtin.SharedSemaphore;
import io.typedipc.builtin.SharedValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Every kind of built-in shared object: one {@link BuiltinKind} each, by name and by wire interface. */
@SuppressWarnings({"unchecked", "rawtypes"}) // element types are erased, as in ManagerClient's factories
public final class BuiltinKinds {
  // containers: the generated proxy is what users hold
  public static final BuiltinKind MAP = container("map", SharedMap.class, p -> new SharedMapImpl<>());
  public static final BuiltinKind LIST = container("list", SharedList.class, p -> new SharedListImpl<>());
  public static final BuiltinKind VALUE = container("value", SharedValue.class, p -> new SharedValueImpl<>());
  public static final BuiltinKind NAMESPACE = container("namespace", Namespace.class, p -> new NamespaceImpl<>());
  public static final BuiltinKind INT_ARRAY = container("intArray", SharedIntArray.class, SharedIntArrayImpl::create);
  public static final BuiltinKind LONG_ARRAY = container("longArray", SharedLongArray.class, SharedLongArrayImpl::create);
  public static final BuiltinKind DOUBLE_ARRAY = container("doubleArray", SharedDoubleArray.class, SharedDoubleArrayImpl::create);

  // queues and synchronizers: a facade over the wire interface
  public static final BuiltinKind LOCK = new BuiltinKind("lock", SharedLock.class, LockWire.class,
      p -> new LockImpl(false),
      (k, name, wire, patient, detail) -> withCondition(new LockFacade(k, name, (LockOps) wire, (LockOps) patient), detail), true);
  public static final BuiltinKind RLOCK = new BuiltinKind("rlock", SharedRLock.class, RLockWire.class,
      p -> new LockImpl(true),
      (k, name, wire, patient, detail) -> withCondition(new RLockFacade(k, name, (LockOps) wire, (LockOps) patient), detail), true);
  /** A reentrant lock created for its default condition ({@code client.condition(name)}). */
  public static final BuiltinKind CONDITION = new BuiltinKind("condition", SharedRLock.class, ConditionWire.class,
      p -> new LockImpl(true),
      (k, name, wire, patient, detail) -> withCondition(new RLockFacade(k, name, (LockOps) wire, (LockOps) patient), detail), true);
  public static final BuiltinKind SEMAPHORE = new BuiltinKind("semaphore", SharedSemaphore.class, SemaphoreWire.class,
      p -> new SemaphoreImpl(intParameter(p, "semaphore", "an initial value"), false),
      (k, name, wire, patient, detail) -> new SemaphoreFacade(k, name, (SemaphoreOps) wire, (SemaphoreOps) patient), false);
  public static final BuiltinKind BOUNDED_SEMAPHORE = new BuiltinKind("boundedSemaphore", SharedBoundedSemaphore.class,
      BoundedSemaphoreWire.class, p -> new SemaphoreImpl(intParameter(p, "boundedSemaphore", "an initial value"), true),
      (k, name, wire, patient, detail) -> new SemaphoreFacade.Bounded(k, name, (SemaphoreOps) wire, (SemaphoreOps) patient), false);
  public static final BuiltinKind EVENT = new BuiltinKind("event", SharedEvent.class, EventWire.class,
      p -> new EventImpl(),
      (k, name, wire, patient, detail) -> new EventFacade(k, name, (EventWire) wire, (EventWire) patient), false);
  public static final BuiltinKind BARRIER = new BuiltinKind("barrier", SharedBarrier.class, BarrierWire.class,
      p -> new BarrierImpl(intParameter(p, "barrier", "a number of parties")),
      (k, name, wire, patient, detail) -> new BarrierFacade(k, name, (BarrierWire) wire, (BarrierWire) patient, (Runnable) detail), false);
  public static final BuiltinKind QUEUE = new BuiltinKind("queue", SharedQueue.class, QueueWire.class,
      p -> new QueueImpl<>(intParameter(p, "queue", "a capacity")),
      (k, name, wire, patient, detail) -> new QueueFacade(k, name, elementType(detail), (QueueOps) wire, (QueueOps) patient), false);
  public static final BuiltinKind JOINABLE_QUEUE = new BuiltinKind("joinableQueue", JoinableQueue.class, JoinableQueueWire.class,
      p -> new QueueImpl<>(intParameter(p, "joinableQueue", "a capacity")),
      (k, name, wire, patient, detail) -> new QueueFacade.Joinable(k, name, elementType(detail),
          (JoinableQueueWire) wire, (JoinableQueueWire) patient), false);

  private static final List<BuiltinKind> ALL = List.of(MAP, LIST, VALUE, NAMESPACE, INT_ARRAY, LONG_ARRAY, DOUBLE_ARRAY,
      LOCK, RLOCK, CONDITION, SEMAPHORE, BOUNDED_SEMAPHORE, EVENT, BARRIER, QUEUE, JOINABLE_QUEUE);
  private static final Map<String, BuiltinKind> BY_NAME = index(ALL, false);
  private static final Map<String, BuiltinKind> BY_WIRE = index(ALL, true);

  private BuiltinKinds() {}

  private static BuiltinKind container(String kind, Class<?> type, Function<List<Long>, Object> factory) {
    return new BuiltinKind(kind, type, type, factory, null, false);
  }

  private static BuiltinFacade<?> withCondition(LockFacade lock, Object condition) {
    return condition == null ? lock : (BuiltinFacade<?>) lock.condition((String) condition);
  }

  private static Class<?> elementType(Object detail) {
    return detail == null ? Object.class : (Class<?>) detail;
  }

  /** The single int parameter of a kind that takes one. */
  public static int intParameter(List<Long> parameters, String kind, String what) {
    if (parameters.size() != 1 || parameters.get(0) == null) {
      throw new IllegalArgumentException("a " + kind + " takes one parameter, " + what + "; got " + parameters);
    }
    long value = parameters.get(0);
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(kind + ": " + what + " must be in 0.." + Integer.MAX_VALUE + ", not " + value);
    }
    return (int) value;
  }

  /**
   * Checks {@code parameters} for {@code kind} as creating the object would, without creating it,
   * so that a Manager's builder refuses a bad one at the call.
   *
   * @throws IllegalArgumentException as creating it would
   */
  public static void checkParameters(BuiltinKind kind, List<Long> parameters) {
    if (kind == INT_ARRAY || kind == LONG_ARRAY || kind == DOUBLE_ARRAY) {
      ArrayLengths.of(parameters);
    } else if (kind == SEMAPHORE || kind == BOUNDED_SEMAPHORE) {
      intParameter(parameters, kind.kind(), "an initial value");
    } else if (kind == QUEUE || kind == JOINABLE_QUEUE) {
      intParameter(parameters, kind.kind(), "a capacity");
    } else if (kind == BARRIER) {
      int parties = intParameter(parameters, "barrier", "a number of parties");
      if (parties < 1) {
        throw new IllegalArgumentException("a barrier needs at least one party: " + parties);
      }
    }
  }

  private static Map<String, BuiltinKind> index(List<BuiltinKind> kinds, boolean byWire) {
    Map<String, BuiltinKind> index = new LinkedHashMap<>();
    for (BuiltinKind k : kinds) {
      String key = byWire ? k.wireType().getName() : k.kind();
      if (index.put(key, k) != null) {
        throw new IllegalStateException("two built-in kinds are " + key);
      }
    }
    return index;
  }

  /**
   * The kind called {@code name}.
   *
   * @throws IllegalArgumentException if there is none
   */
  public static BuiltinKind of(String name) {
    BuiltinKind kind = BY_NAME.get(name);
    if (kind == null) {
      throw new IllegalArgumentException("no built-in kind '" + name + "'; known: " + BY_NAME.keySet());
    }
    return kind;
  }

  /** The built-in kind whose objects are hosted as {@code interfaceName}, or null for a user's interface. */
  public static BuiltinKind byWire(String interfaceName) {
    return BY_WIRE.get(interfaceName);
  }

  /**
   * What users hold for an object of the interface {@code interfaceName}, with its article, for
   * messages: a built-in's public type, whether named by the wire interface it is hosted as or by
   * its public interface ("a SharedMap", "a SharedCondition"), else the interface ("an object of
   * com.example.Counter").
   */
  public static String heldAs(String interfaceName) {
    BuiltinKind kind = BY_WIRE.get(interfaceName);
    if (kind != null) {
      return kind.heldAs();
    }
    String builtins = SharedMap.class.getPackageName() + ".";
    return interfaceName.startsWith(builtins) ? "a " + interfaceName.substring(builtins.length())
        : "an object of " + interfaceName;
  }

  /** The kind with a facade that is hosted as the wire interface {@code interfaceName}, or {@code null}. */
  public static BuiltinKind facadeByWire(String interfaceName) {
    BuiltinKind kind = BY_WIRE.get(interfaceName);
    return kind != null && kind.hasFacade() ? kind : null;
  }
}
