package io.typedipc.example;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A plain map behind {@link SharedDict}; the Manager runs one call at a time on it. */
public final class SharedDictImpl implements SharedDict {
  private final Map<String, String> items = new TreeMap<>();

  @Override
  public void set(String key, String value) {
    items.put(key, value);
  }

  @Override
  public Optional<String> get(String key) {
    return Optional.ofNullable(items.get(key));
  }

  @Override
  public boolean setIfAbsent(String key, String value) {
    return items.putIfAbsent(key, value) == null;
  }

  @Override
  public Map<String, String> items() {
    return new TreeMap<>(items);
  }
}
