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
      // one entry per built-in kind
      // containers (issue 4, first half)
      new BuiltinKind("map", SharedMap.class, p -> new SharedMapImpl<>(), Dispatch.SERIAL),
      new BuiltinKind("list", SharedList.class, p -> new SharedListImpl<>(), Dispatch.SERIAL),
      new BuiltinKind("value", SharedValue.class, p -> new SharedValueImpl<>(), Dispatch.SERIAL),
      new BuiltinKind("namespace", Namespace.class, p -> new NamespaceImpl<>(), Dispatch.SERIAL),
      new BuiltinKind("intArray", SharedIntArray.class, SharedIntArrayImpl::create, Dispatch.SERIAL),
      new BuiltinKind("longArray", SharedLongArray.class, SharedLongArrayImpl::create, Dispatch.SERIAL),
      new BuiltinKind("doubleArray", SharedDoubleArray.class, SharedDoubleArrayImpl::create, Dispatch.SERIAL)
      ));

  private BuiltinKinds() {}

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
