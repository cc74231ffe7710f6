package io.typedipc.internal.builtin;

import io.typedipc.Dispatch;
import io.typedipc.builtin.Namespace;
import io.typedipc.builtin.SharedDoubleArray;
import io.typedipc.builtin.SharedIntArray;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedLongArray;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every kind of built-in shared object, by name. */
public final class BuiltinKinds {
  private static final Map<String, BuiltinKind> KINDS = index(List.of(
      // containers
      new BuiltinKind("map", SharedMap.class, p -> new SharedMapImpl<>(), Dispatch.SERIAL),
      new BuiltinKind("list", SharedList.class, p -> new SharedListImpl<>(), Dispatch.SERIAL),
      new BuiltinKind("value", SharedValue.class, p -> new SharedValueImpl<>(), Dispatch.SERIAL),
      new BuiltinKind("namespace", Namespace.class, p -> new NamespaceImpl<>(), Dispatch.SERIAL),
      new BuiltinKind("intArray", SharedIntArray.class, SharedIntArrayImpl::create, Dispatch.SERIAL),
      new BuiltinKind("longArray", SharedLongArray.class, SharedLongArrayImpl::create, Dispatch.SERIAL),
      new BuiltinKind("doubleArray", SharedDoubleArray.class, SharedDoubleArrayImpl::create, Dispatch.SERIAL),
      // queues and synchronizers
      new BuiltinKind("lock", LockWire.class, p -> new LockImpl(false), Dispatch.SERIAL),
      new BuiltinKind("rlock", RLockWire.class, p -> new LockImpl(true), Dispatch.SERIAL),
      new BuiltinKind("condition", ConditionWire.class, p -> new LockImpl(true), Dispatch.SERIAL),
      new BuiltinKind("semaphore", SemaphoreWire.class, p -> new SemaphoreImpl(intParameter(p, "semaphore", "an initial value"), false), Dispatch.SERIAL),
      new BuiltinKind("boundedSemaphore", BoundedSemaphoreWire.class, p -> new SemaphoreImpl(intParameter(p, "boundedSemaphore", "an initial value"), true), Dispatch.SERIAL),
      new BuiltinKind("event", EventWire.class, p -> new EventImpl(), Dispatch.SERIAL),
      new BuiltinKind("barrier", BarrierWire.class, p -> new BarrierImpl(intParameter(p, "barrier", "a number of parties")), Dispatch.SERIAL),
      new BuiltinKind("queue", QueueWire.class, p -> new QueueImpl<>(intParameter(p, "queue", "a capacity")), Dispatch.SERIAL),
      new BuiltinKind("joinableQueue", JoinableQueueWire.class, p -> new QueueImpl<>(intParameter(p, "joinableQueue", "a capacity")), Dispatch.SERIAL)
      ));

  private BuiltinKinds() {}

  /** The single int parameter of a kind that takes one. */
  private static int intParameter(List<Long> parameters, String kind, String what) {
    if (parameters.size() != 1 || parameters.get(0) == null) {
      throw new IllegalArgumentException("a " + kind + " takes one parameter, " + what + "; got " + parameters);
    }
    long value = parameters.get(0);
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(kind + ": " + what + " must be in 0.." + Integer.MAX_VALUE + ", not " + value);
    }
    return (int) value;
  }

  private static Map<String, BuiltinKind> index(List<BuiltinKind> kinds) {
    Map<String, BuiltinKind> byName = new LinkedHashMap<>();
    for (BuiltinKind k : kinds) {
      if (byName.put(k.kind(), k) != null) {
        throw new IllegalStateException("two built-in kinds are named " + k.kind());
      }
    }
    return byName;
  }

  /**
   * The kind called {@code name}.
   *
   * @throws IllegalArgumentException if there is none
   */
  public static BuiltinKind of(String name) {
    BuiltinKind kind = KINDS.get(name);
    if (kind == null) {
      throw new IllegalArgumentException("no built-in kind '" + name + "'; known: " + KINDS.keySet());
    }
    return kind;
  }
}
