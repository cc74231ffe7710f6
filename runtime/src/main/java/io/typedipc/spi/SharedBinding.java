package io.typedipc.spi;

/**
 * Generated glue for one {@code @Shared} interface: its descriptor and factories for its proxy and
 * dispatcher. Implementations are generated as {@code Foo_Binding}, are public with a public no-arg
 * constructor, and are found with {@link java.util.ServiceLoader}.
 */
public interface SharedBinding {

  /** The interface's method ids, fingerprint and wire classes. */
  InterfaceDescriptor descriptor();

  /**
   * Creates a client-side proxy that implements the interface and sends every call through
   * {@code remote}.
   */
  Object newProxy(RemoteObject remote);

  /**
   * Creates a server-side dispatcher that calls {@code target}, which the runtime guarantees is an
   * instance of {@link InterfaceDescriptor#type()}.
   */
  Dispatcher newDispatcher(Object target);
}
