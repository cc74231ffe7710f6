package io.typedipc;

/**
 * The Manager has no shared object of the requested name, or it has one of another type; or the
 * object a proxy or handle refers to is gone from the Manager the client now talks to: removed
 * ({@code remove(name)}), hosted because a call returned it and since released, or belonging to a
 * Manager the client lost and reconnected from (see "Reconnecting" in {@link ManagerClient}).
 */
public class NoSuchObjectException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what happened and, where useful, what to do. */
  public NoSuchObjectException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the underlying cause. */
  public NoSuchObjectException(String message, Throwable cause) {
    super(message, cause);
  }
}
