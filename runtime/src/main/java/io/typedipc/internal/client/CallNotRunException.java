package io.typedipc.internal.client;

import io.typedipc.ManagerClosedException;

/**
 * A {@link ManagerClosedException} for a call the Manager never ran: it refused it while shutting
 * down, or the connection ended after a shutdown notice saying that every call read was answered.
 * A client that reconnects sends such a call to its next Manager instead of failing it (see {@code
 * RemoteHandle}); to any other caller it is the {@code ManagerClosedException} the README promises.
 * Not an API.
 */
public final class CallNotRunException extends ManagerClosedException {
  private static final long serialVersionUID = 1L;

  CallNotRunException(String message) {
    super(message);
  }
}
