package io.typedipc;

/**
 * The Manager refused work because one of its bounds was reached: it already serves its maximum
 * number of connections ({@code Manager.Builder.maxConnections}), or this connection already has
 * its maximum number of calls waiting in the Manager ({@code Manager.Builder.maxParkedCalls}), or
 * the calls waiting in the whole Manager beyond each connection's first ones reached {@code
 * Manager.Builder.maxParkedCallsTotal}.
 * Nothing was done; retrying later may succeed.
 */
public class ManagerBusyException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what happened and, where useful, what to do. */
  public ManagerBusyException(String message) {
    super(message);
  }
}
