package io.typedipc.internal.client;

import io.typedipc.ManagerClosedException;

/**
 * A {@link ManagerClosedException} for a call the Manager never ran: it refused it while shutting
 * down, or the connection ended after a shutdown notice saying that every call read was answered.
 * A client that reconnects sends such a call to its next Manager instead of failing it (see {@code
 * RemoteHandle}), and gives any other caller its {@link #plain()} {@code ManagerClosedException},
 * as the README promises. Only synchronous calls and opens fail with it (an asynchronous call's
 * future fails with a plain one). Not an API.
 */
public final class CallNotRunException extends ManagerClosedException {
  private static final long serialVersionUID = 1L;

  CallNotRunException(String message) {
    super(message);
  }

  /** The same failure as a plain {@link ManagerClosedException}, for a caller that does not send it again. */
  public ManagerClosedException plain() {
    ManagerClosedException e = new ManagerClosedException(getMessage(), getCause());
    e.setStackTrace(getStackTrace());
    for (Throwable s : getSuppressed()) {
      e.addSuppressed(s);
    }
    return e;
  }
}
