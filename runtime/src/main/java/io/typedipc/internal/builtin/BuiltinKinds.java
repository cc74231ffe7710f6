package io.typedipc.internal.builtin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every kind of built-in shared object, by name. */
public final class BuiltinKinds {
  private static final Map<String, BuiltinKind> KINDS = index(List.of(
      // one entry per built-in kind
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
