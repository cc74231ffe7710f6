package io.typedipc;

/**
 * The Manager is closing or closed and rejected the call. Calls that were already running finish
 * normally if they finish within the Manager's close timeout ({@code
 * Manager.Builder.closeTimeout}); one still running when it passes ends with this exception, as do
 * calls waiting in a built-in object (a lock's, a queue's) when the Manager closes. Such a waiting
 * call also ends with it when its object is removed ({@code remove(name)}). A client that does not
 * reconnect fails its later calls with it too once its Manager closed (gracefully: a Manager that
 * died leaves {@link ConnectionLostException}).
 */
public class ManagerClosedException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what happened and, where useful, what to do. */
  public ManagerClosedException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the underlying cause. */
  public ManagerClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
