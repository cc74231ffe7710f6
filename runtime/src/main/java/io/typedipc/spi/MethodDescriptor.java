package io.typedipc.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Describes one remote method of a {@code @Shared} interface. Instances are constants in generated
 * bindings.
 *
 * <p>The {@linkplain #id() id} is derived from the method's name and erased parameter types only
 * (see {@link #identity()}), never from its position, so a client and a Manager compiled at
 * different times agree on it. The processor computes it as the first four bytes, big-endian, of
 * the SHA-256 of {@link #identity()} in UTF-8, and rejects an interface in which two methods
 * collide.
 */
public final class MethodDescriptor {

  /** How the proxy waits for the outcome. */
  public enum Kind {
    /** The caller blocks until the result, an exception or the deadline. */
    SYNC,
    /** The method returns {@code CompletableFuture<T>}: the call returns at once. */
    ASYNC
  }

  private final int id;
  private final String identity;
  private final String signature;
  private final Kind kind;
  private final Class<?> resultType;
  private final List<Class<?>> parameterTypes;
  private final List<Class<?>> exceptionTypes;

  /**
   * @param id the wire id, derived from {@code identity}
   * @param identity name and erased parameter types, e.g. {@code reserve(java.lang.String,int)}
   * @param signature the full signature for messages and fingerprint diffs, e.g. {@code int
   *     reserve(java.lang.String,int) throws com.example.OutOfStockException}
   * @param kind synchronous or asynchronous
   * @param resultType the erased type of the value on the wire: the return type for synchronous
   *     methods ({@code void.class} for void), the future's type argument for asynchronous ones
   * @param parameterTypes erased parameter types, in order (a varargs parameter is its array type)
   * @param exceptionTypes the declared checked exceptions
   */
  public MethodDescriptor(
      int id,
      String identity,
      String signature,
      Kind kind,
      Class<?> resultType,
      List<Class<?>> parameterTypes,
      List<Class<?>> exceptionTypes) {
    this.id = id;
    this.identity = Objects.requireNonNull(identity, "identity");
    this.signature = Objects.requireNonNull(signature, "signature");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.resultType = Objects.requireNonNull(resultType, "resultType");
    this.parameterTypes = List.copyOf(parameterTypes);
    this.exceptionTypes = List.copyOf(exceptionTypes);
  }

  /** The wire id. */
  public int id() {
    return id;
  }

  /** The method's name. */
  public String name() {
    return identity.substring(0, identity.indexOf('('));
  }

  /** Name and erased parameter types, e.g. {@code reserve(java.lang.String,int)}. */
  public String identity() {
    return identity;
  }

  /** Full signature including return type and declared exceptions, for messages. */
  public String signature() {
    return signature;
  }

  /** Synchronous or asynchronous. */
  public Kind kind() {
    return kind;
  }

  /** The erased type of the result value on the wire ({@code void.class} if none). */
  public Class<?> resultType() {
    return resultType;
  }

  /** Erased parameter types, in order. */
  public List<Class<?>> parameterTypes() {
    return parameterTypes;
  }

  /** Declared checked exception types. */
  public List<Class<?>> exceptionTypes() {
    return exceptionTypes;
  }

  /** Whether {@code t} is an instance of one of the declared checked exception types. */
  public boolean declares(Throwable t) {
    for (Class<?> type : exceptionTypes) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return signature + " [id " + Integer.toHexString(id) + "]";
  }

  /** Utility for generated code: a list of parameter types. */
  public static List<Class<?>> types(Class<?>... types) {
    return Arrays.asList(types);
  }
}
