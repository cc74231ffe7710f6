package io.typedipc.example;

import io.typedipc.annotation.Shared;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code DictItem} of the Python seed that runs a Manager server and lets unrelated programs
 * connect to it:
 *
 * <pre>{@code
 * class DictItem():
 *     def __init__(self, ):
 *         self.items = dict()
 *     def set(self, key, value):
 *         self.items[key] = value
 *     def get(self, key):
 *         return self.items.get(key)
 * }</pre>
 *
 * <p>The seed also registers an {@code RLock} ({@code open_qq_login_lock}) for clients to hold
 * around a check-then-set. Calls to one shared object run one at a time, so here the check-then-set
 * is a method of its own: {@link #setIfAbsent}.
 */
@Shared
public interface SharedDict {
  /** Python: {@code d.set(key, value)} / {@code d[key] = value}. */
  void set(String key, String value);

  /** Python: {@code d.get(key)}, with {@code Optional.empty()} where Python returns {@code None}. */
  Optional<String> get(String key);

  /** Sets the value only if the key has none; returns whether it did. Atomic on the Manager. */
  boolean setIfAbsent(String key, String value);

  /** A copy of every entry. Changing the copy changes nothing on the Manager. */
  Map<String, String> items();
}
