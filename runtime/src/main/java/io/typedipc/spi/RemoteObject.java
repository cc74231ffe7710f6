package io.typedipc.spi;

import java.util.concurrent.CompletableFuture;

/**
 * The client runtime's handle on one object in a Manager, used by generated proxies. Implemented by
 * the runtime; every call is sent to the Manager over the client's connection.
 */
public interface RemoteObject {

  /**
   * Performs a synchronous call and waits for its outcome.
   *
   * <p>The result is the method's return value ({@code null} for {@code void} methods); its type is
   * the method's return type, boxed, which is why the type parameter lets generated code return it
   * without a cast.
   *
   * @param method the method, from the generated descriptor
   * @param args one value per parameter, primitives boxed; never a varargs spread
   * @throws DeclaredException if the remote implementation threw one of the method's declared
   *     checked exceptions; generated code unwraps it with {@link DeclaredException#rethrowIf}
   * @throws io.typedipc.TypedIpcException (or a subclass) for every other failure: remote unchecked
   *     exception, timeout, lost connection, closed Manager
   */
  <R> R call(MethodDescriptor method, Object[] args);

  /**
   * Starts an asynchronous call and returns at once. The future completes with the result, with a
   * declared exception of the method (as its own type), or with an {@link
   * io.typedipc.TypedIpcException}.
   */
  <R> CompletableFuture<R> callAsync(MethodDescriptor method, Object[] args);
}
