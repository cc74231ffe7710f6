package io.typedipc;

/**
 * Base of every failure typedipc reports. Unchecked, so that proxies can implement user interfaces
 * without adding checked exceptions to them; every call through a proxy can throw one.
 *
 * <p>Declared checked exceptions of a remote method are never wrapped: they reach the caller as
 * their own type.
 */
public class TypedIpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what happened and, where useful, what to do. */
  public TypedIpcException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the underlying cause. */
  public TypedIpcException(String message, Throwable cause) {
    super(message, cause);
  }
}
