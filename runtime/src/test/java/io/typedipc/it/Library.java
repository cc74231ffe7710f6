package io.typedipc.it;

import io.typedipc.annotation.Shared;
import io.typedipc.builtin.SharedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Returns and takes shared objects: they cross as proxies, not copies. */
@Shared
public interface Library {
  /** The same list object for the same name. */
  SharedList<String> shelf(String name);

  /** A new list object on every call. */
  SharedList<String> freshShelf();

  /** The shelf, asynchronously. */
  CompletableFuture<SharedList<String>> shelfAsync(String name);

  /** Every shelf, by name: proxies nested in a map. */
  Map<String, SharedList<String>> shelves();

  /** Every shelf, in a list. */
  List<SharedList<String>> allShelves();

  /** Whether the Manager received the real object rather than a proxy or a copy. */
  boolean isServerObject(SharedList<String> list);

  /** Keeps {@code list} as shelf {@code name}. */
  void adopt(String name, SharedList<String> list);

  /** An object implementing two unrelated shared interfaces: cannot be returned. */
  TwoFaces twoFaces();

  /** A shared interface implemented together with another. */
  @Shared
  interface TwoFaces {
    int one();
  }

  /** The other. */
  @Shared
  interface OtherFace {
    int two();
  }
}
