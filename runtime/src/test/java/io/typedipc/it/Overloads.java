package io.typedipc.it;

import io.typedipc.annotation.Shared;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * README "What crosses the wire", Methods: overloads told apart by their erased parameter types,
 * varargs, a method inherited from a plain super-interface, a default and a static method, and (in
 * {@link Ranked}) a generic interface with a bounded type variable; package-private and nested.
 */
@Shared
interface Overloads extends OverloadsNamed {
  String f();

  String f(int x);

  String f(long x);

  String f(Integer x);

  String f(String x);

  String f(List<String> x);

  String f(Set<String> x);

  String f(int x, int y);

  String f(int[] x);

  int sum(int... xs);

  /** Runs on the client, calling remote methods. */
  default String both(int x) {
    return f(x) + "+" + f((long) x);
  }

  /** Not remote. */
  static String local() {
    return "local";
  }

  /** Nested, with a bounded type variable. */
  @Shared
  interface Ranked<K extends Comparable<K>, V> {
    void put(K key, V value);

    V get(K key);

    SortedMap<K, V> all();
  }
}

/** A plain super-interface of {@link Overloads}: its methods are remote too. */
interface OverloadsNamed {
  String name();
}
