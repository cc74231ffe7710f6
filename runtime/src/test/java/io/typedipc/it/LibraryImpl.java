package io.typedipc.it;

import io.typedipc.builtin.SharedList;
import io.typedipc.internal.builtin.SharedListImpl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

public final class LibraryImpl implements Library {
  final Map<String, SharedList<String>> shelves = new LinkedHashMap<>();

  @Override
  public SharedList<String> shelf(String name) {
    return shelves.computeIfAbsent(name, n -> new SharedListImpl<>());
  }

  @Override
  public SharedList<String> freshShelf() {
    return new SharedListImpl<>();
  }

  @Override
  public CompletableFuture<SharedList<String>> shelfAsync(String name) {
    return CompletableFuture.completedFuture(shelf(name));
  }

  @Override
  public Map<String, SharedList<String>> shelves() {
    return new LinkedHashMap<>(shelves);
  }

  @Override
  public List<SharedList<String>> allShelves() {
    return new ArrayList<>(shelves.values());
  }

  @Override
  public boolean isServerObject(SharedList<String> list) {
    return list instanceof SharedListImpl;
  }

  @Override
  public void adopt(String name, SharedList<String> list) {
    shelves.put(name, list);
  }

  @Override
  public TwoFaces twoFaces() {
    return new Both();
  }

  static final class Both implements TwoFaces, OtherFace {
    @Override
    public int one() {
      return 1;
    }

    @Override
    public int two() {
      return 2;
    }
  }
}
