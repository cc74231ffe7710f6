package io.typedipc;

import io.typedipc.internal.server.CurrentCaller;

/**
 * The client on whose behalf a shared object's method is running, seen from inside the Manager.
 *
 * <p>One {@link ManagerClient} is one caller, whatever number of connections it opens. An
 * implementation that hands out something owned — a lock, a lease, a reservation — asks for the
 * current caller during the call and registers an {@linkplain #onDisconnect action} that gives it
 * back if the client goes away without doing so:
 *
 * <pre>{@code
 * public boolean tryAcquire() {
 *   Caller caller = Caller.current();
 *   ...
 *   caller.onDisconnect(() -> releaseAllOf(caller.id()));
 * }
 * }</pre>
 */
public interface Caller {

  /**
   * The caller of the method running on this thread.
   *
   * @throws IllegalStateException if this thread is not running a call from a client
   */
  static Caller current() {
    Caller caller = CurrentCaller.get();
    if (caller == null) {
      throw new IllegalStateException("Caller.current() is only available while the Manager runs a client's call, on the thread that runs it");
    }
    return caller;
  }

  /**
   * An id of the client's session with this Manager: the same for all its connections, unique
   * among the Manager's clients (and among the clients of every Manager of a cluster, which compute
   * ids alike). A client that {@linkplain ManagerClient.Builder#reconnect reconnects} after losing
   * its Manager starts a new session, so it is a new caller with a new id, on the Manager it moved
   * to as on the one it lost (there its old session ended as a disconnected client's does). Not a
   * secret: it is what introspection shows, a one-way hash of the secret the client's connections
   * join its session with, so it can be shown or handed out without letting anyone act as the
   * client.
   */
  String id();

  /** Whether the client still has a connection to the Manager. */
  boolean isConnected();

  /**
   * Runs {@code action} once the client has no connection left to the Manager: it closed, died, or
   * its network went away. Runs at once, on this thread, if that has already happened. Actions run
   * in registration order, each at most once; an action that throws does not stop the others.
   */
  void onDisconnect(Runnable action);
}
