package io.typedipc.it;

import io.typedipc.annotation.Shared;

/**
 * A shared object whose declared exception {@link DriftException} {@link ExceptionVersionsTest}
 * compiles in a second version, with another field, for a Manager in another JVM.
 */
@Shared
public interface Drifting {
  /** Throws {@link DriftException}. */
  void fail() throws DriftException;

  /** Returns {@code s}: the connection still serves. */
  String echo(String s);

  /** Version 1: one field. */
  class DriftException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;

    public DriftException(String message, int code) {
      super(message);
      this.code = code;
    }

    public int code() {
      return code;
    }
  }
}
