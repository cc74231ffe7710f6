package io.typedipc.internal.server;

import io.typedipc.Caller;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * One client of the Manager — one {@code ManagerClient} — across all its connections. It ends when
 * its last connection closes, and then runs the actions registered with {@link #onDisconnect}.
 */
final class ClientSession implements Caller {
  private final String id;
  private final List<Runnable> onDisconnect = new ArrayList<>();
  /** Open connections; guarded by the Manager's session table. */
  int connections;
  private boolean ended;

  ClientSession(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized boolean isConnected() {
    return !ended;
  }

  @Override
  public void onDisconnect(Runnable action) {
    synchronized (this) {
      if (!ended) {
        onDisconnect.add(action);
        return;
      }
    }
    runSafely(action);
  }

  /** Marks the session ended and runs its disconnect actions. */
  void end() {
    List<Runnable> actions;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      actions = new ArrayList<>(onDisconnect);
      onDisconnect.clear();
    }
    for (Runnable action : actions) {
      runSafely(action);
    }
  }

  private void runSafely(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException | Error e) {
      ManagerServer.LOG.log(Level.WARNING, "a disconnect action for client " + id + " failed", e);
    }
  }

  @Override
  public String toString() {
    return "client " + id;
  }
}
