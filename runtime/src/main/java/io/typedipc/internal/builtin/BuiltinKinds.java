package io.typedipc.internal.builtin;

import io.typedipc.Dispatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every kind of built-in shared object, by name. */
public final class BuiltinKinds {
  private static final Map<String, BuiltinKind> KINDS = index(List.of(
      // one entry per built-in kind
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
