package io.typedipc.internal.serial;

import io.typedipc.ProtocolException;

/**
 * A well-formed reference to a shared object that this process cannot represent, e.g. because it
 * has no generated binding for the object's interface. Only the value is unusable: frames are
 * self-delimiting, so a client fails the one call and keeps its connection.
 */
public final class UnresolvableReferenceException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  /** With a message saying what cannot be resolved and why. */
  public UnresolvableReferenceException(String message) {
    super(message);
  }
}
