package io.typedipc.spi;

/**
 * Server-side stub for one shared object: turns a decoded request into a call on the real object.
 * Generated as {@code Foo_Dispatcher}, with a {@code switch} on the method id; no reflection.
 */
public interface Dispatcher {

  /**
   * Calls the method with the given id on the target object.
   *
   * @param methodId an id from the interface's {@link InterfaceDescriptor}; the runtime checks it
   *     before calling, so an unknown id here is a runtime bug
   * @param args the decoded arguments, one per parameter, primitives boxed
   * @return the method's result ({@code null} for {@code void}); for an asynchronous method the
   *     {@link java.util.concurrent.CompletableFuture} the implementation returned
   * @throws Exception whatever the implementation throws, unchanged
   */
  Object dispatch(int methodId, Object[] args) throws Exception;
}
