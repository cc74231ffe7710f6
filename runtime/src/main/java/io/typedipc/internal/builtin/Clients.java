package io.typedipc.internal.builtin;

import io.typedipc.Caller;
import io.typedipc.internal.server.WithdrawableDisconnect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The clients a built-in object has seen, each with a disconnect action registered once: when a
 * client goes, {@code gone} runs with its id (releasing what it held, dropping its waits). {@link
 * #forgetAll()} withdraws the actions once the object is no longer hosted, so that a client's
 * session does not keep it reachable for as long as the client stays.
 */
final class Clients {
  /** A client's entry while its action is being registered. */
  private static final Runnable REGISTERING = () -> { };

  private final Object monitor;
  private final Consumer<String> gone;
  /** Each tracked client's id, with what withdraws its action; under {@link #monitor}. */
  private final Map<String, Runnable> tracked = new HashMap<>();

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
      if (tracked.putIfAbsent(id, REGISTERING) != null) {
        return caller;
      }
    }
    Runnable action = () -> {
      synchronized (monitor) {
        tracked.remove(id);
      }
      gone.accept(id);
    };
    Runnable withdraw = WithdrawableDisconnect.onDisconnect(caller, action);
    synchronized (monitor) {
      if (tracked.replace(id, REGISTERING, withdraw)) {
        return caller;
      }
    }
    withdraw.run(); // forgotten meanwhile
    return caller;
  }

  /** Withdraws every client's disconnect action: the object is no longer hosted. */
  void forgetAll() {
    List<Runnable> withdraws;
    synchronized (monitor) {
      withdraws = new ArrayList<>(tracked.values());
      tracked.clear();
    }
    for (Runnable withdraw : withdraws) {
      withdraw.run();
    }
  }
}
