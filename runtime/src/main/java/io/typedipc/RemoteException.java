package io.typedipc;

import java.util.Objects;

/**
 * A remote method failed with an exception it does not declare (an unchecked exception or an
 * error). Carries the remote exception's class name, message and stack trace; the remote cause, if
 * any, is this exception's {@linkplain #getCause() cause}, as another {@code RemoteException}.
 *
 * <p>The remote class is never loaded on the client: only its name travels.
 */
public class RemoteException extends TypedIpcException {
  private static final long serialVersionUID = 1L;

  private final String remoteType;
  private final String remoteMessage;

  /**
   * @param remoteType the binary class name of the remote exception
   * @param remoteMessage its message, possibly {@code null}
   * @param remoteStack its stack trace, as recorded in the Manager
   * @param cause the remote cause, or {@code null}
   */
  public RemoteException(
      String remoteType, String remoteMessage, StackTraceElement[] remoteStack, RemoteException cause) {
    super(remoteMessage == null ? remoteType : remoteType + ": " + remoteMessage, cause);
    this.remoteType = Objects.requireNonNull(remoteType, "remoteType");
    this.remoteMessage = remoteMessage;
    setStackTrace(remoteStack);
  }

  /** The binary class name of the exception thrown in the Manager. */
  public String remoteType() {
    return remoteType;
  }

  /** The message of the exception thrown in the Manager, possibly {@code null}. */
  public String remoteMessage() {
    return remoteMessage;
  }
}
