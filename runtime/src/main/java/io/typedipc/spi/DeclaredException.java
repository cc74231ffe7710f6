package io.typedipc.spi;

/**
 * Carries a checked exception that a remote method declared and threw, from the runtime to the
 * generated proxy, which rethrows the cause as its own type:
 *
 * <pre>{@code
 * } catch (DeclaredException e) {
 *   e.rethrowIf(OutOfStockException.class);
 *   throw e.unexpected();
 * }
 * }</pre>
 */
public final class DeclaredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Wraps {@code cause}, a checked exception declared by the called method. */
  public DeclaredException(Exception cause) {
    super(cause.toString(), cause, false, false);
  }

  /** Throws the cause if it is an instance of {@code type}; returns normally otherwise. */
  public <X extends Throwable> void rethrowIf(Class<X> type) throws X {
    Throwable cause = getCause();
    if (type.isInstance(cause)) {
      throw type.cast(cause);
    }
  }

  /**
   * The error to throw when the cause matched none of the declared exceptions: the runtime only
   * creates a {@code DeclaredException} for declared types, so this means client and Manager
   * disagree about the method.
   */
  public IllegalStateException unexpected() {
    return new IllegalStateException(
        "remote method threw " + getCause().getClass().getName() + ", which it does not declare",
        getCause());
  }
}
