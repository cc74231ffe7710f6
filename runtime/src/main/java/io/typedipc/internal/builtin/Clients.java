package io.typedipc.internal.builtin;

import io.typedipc.Caller;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The clients a built-in object has seen, each with a disconnect action registered once: when a
 * client goes, {@code gone} runs with its id (releasing what it held, dropping its waits).
 */
final class Clients {
  private final Object monitor;
  private final Consumer<String> gone;
  private final Set<String> tracked = new HashSet<>();

  Clients(Object monitor, Consumer<String> gone) {
    this.monitor = monitor;
    this.gone = gone;
  }

  /**
   * Registers the disconnect action of the current caller unless done already; call outside the
   * object's monitor (the action runs at once if the client is gone already). Returns the caller.
   */
  Caller track() {
    Caller caller = Caller.current();
    String id = caller.id();
    synchronized (monitor) {
      if (!tracked.add(id)) {
        return caller;
      }
    }
    caller.onDisconnect(() -> {
      synchronized (monitor) {
        tracked.remove(id);
      }
      gone.accept(id);
    });
    return caller;
  }
}
