package io.typedipc.internal.client;

import io.typedipc.NoSuchObjectException;
import io.typedipc.SerializationException;
import io.typedipc.internal.Bindings;
import io.typedipc.internal.builtin.BuiltinFacade;
import io.typedipc.internal.builtin.BuiltinKind;
import io.typedipc.internal.builtin.BuiltinKinds;
import io.typedipc.internal.builtin.ManagerControl;
import io.typedipc.internal.serial.SharedReferences;
import io.typedipc.internal.serial.UnresolvableReferenceException;
import io.typedipc.spi.AbstractProxy;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.RemoteObject;
import io.typedipc.spi.SharedBinding;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client's side of {@link SharedReferences}: a reference read from the Manager becomes a
 * generated proxy (sharing one handle per object name, so getting the same object many times
 * opens it once per connection), and a proxy of this client written as an argument, or inside
 * one, becomes a reference that the Manager reads as the real object. Any other instance of a
 * {@code @Shared} interface is refused: a local object cannot be shared by passing it.
 *
 * <p>One per {@link Session}: a reference to an object hosted on the fly names an object of that
 * session's Manager only, so its proxy is pinned to the session's connections; a proxy of a named
 * object follows the client to its next session.
 */
public final class ClientReferences implements SharedReferences {
  private final ManagerLink link;
  private final ConnectionPool pool;
  private final Bindings bindings;
  private final ConcurrentHashMap<String, RemoteHandle> handles = new ConcurrentHashMap<>();
  private final Leases leases;

  /**
   * References for the session of {@code pool}, of the client of {@code link}, with these bindings;
   * {@code leases} counts the session's references to objects hosted on the fly (see {@link Leases}).
   */
  public ClientReferences(ManagerLink link, ConnectionPool pool, Bindings bindings, Leases leases) {
    this.link = link;
    this.pool = pool;
    this.bindings = bindings;
    this.leases = leases;
  }

  @Override
  public boolean isReference(Class<?> type) {
    if (AbstractProxy.class.isAssignableFrom(type) || BuiltinFacade.class.isAssignableFrom(type)) {
      return true;
    }
    return !type.isInterface() && sharedInterface(type) != null;
  }

  @Override
  public Reference toReference(Object value) {
    if (value instanceof BuiltinFacade<?> facade) {
      if (!(AbstractProxy.remoteOf(facade.wireProxy()) instanceof RemoteHandle handle) || handle.link() != link) {
        throw new SerializationException(value + " belongs to another ManagerClient; a built-in object can"
            + " only be passed through the client it came from");
      }
      requireThisSession(handle);
      return new Reference(facade.objectName(), facade.kind().wireType().getName(), facade.condition());
    }
    RemoteObject remote = AbstractProxy.remoteOf(value);
    if (remote instanceof RemoteHandle handle) {
      if (handle.link() != link) {
        throw new SerializationException(value + " is a proxy of another ManagerClient; a proxy can"
            + " only be passed through the client it came from");
      }
      requireThisSession(handle);
      return new Reference(handle.name(), handle.descriptor().name());
    }
    Class<?> shared = sharedInterface(value.getClass());
    throw new SerializationException(value.getClass().getName() + " implements the @Shared interface "
        + (shared == null ? "?" : shared.getName()) + " but is a local object, and only proxies"
        + " can be passed to the Manager (the object would be copied, and changes to the copy"
        + " lost); create or share the object in the Manager and pass its proxy");
  }

  /** Refuses to send a reference to an object hosted on the fly by another session's Manager. */
  private void requireThisSession(RemoteHandle handle) {
    if (handle.pinnedPool() != null && handle.pinnedPool() != pool) {
      throw new NoSuchObjectException("'" + handle.name() + "' was hosted on the fly by the Manager at "
          + handle.pinnedPool().manager() + ", which this client lost and replaced by a new connection: it cannot be"
          + " passed to the Manager at " + pool.manager());
    }
  }

  @Override
  public Object resolve(String name, String interfaceName, String detail) {
    BuiltinKind builtin = BuiltinKinds.facadeByWire(interfaceName);
    if (builtin != null) { // a queue or synchronizer: users hold its facade
      SharedBinding wire = bindings.of(builtin.wireType());
      RemoteHandle handle = handle(name, wire);
      return builtin.openFacade(name, wire.newProxy(handle), wire.newProxy(handle.withTimeout(0)),
          builtin.conditions() ? detail : null);
    }
    SharedBinding binding = bindings.find(interfaceName);
    if (binding == null || binding.descriptor().kind() != InterfaceDescriptor.Kind.SHARED) {
      throw new UnresolvableReferenceException("the Manager returned the shared object '" + name
          + "' as a " + interfaceName + ", for which this client has no typedipc binding (is that"
          + " interface, with its generated classes, on this client's classpath?)");
    }
    return binding.newProxy(handle(name, binding));
  }

  /**
   * A handle on {@code name}, an object hosted on the fly that this client opens by name after the
   * Manager counted it as held by this client ({@code ManagerControl.retain}).
   */
  public RemoteHandle retained(String name, SharedBinding binding) {
    return handle(name, binding);
  }

  /** A handle on {@code name} as {@code binding}'s interface, shared by the proxies of one object. */
  private RemoteHandle handle(String name, SharedBinding binding) {
    if (name.startsWith(ManagerControl.ANONYMOUS_PREFIX)) { // lives while this client holds a proxy
      return RemoteHandle.leased(link, pool, name, binding.descriptor(), pool.callTimeoutNanos(), leases.received(name));
    }
    RemoteHandle handle = handles.computeIfAbsent(
        name, n -> RemoteHandle.lazy(link, n, binding.descriptor(), pool.callTimeoutNanos()));
    if (handle.descriptor() != binding.descriptor()) { // hosted under the same name as another type
      handle = RemoteHandle.lazy(link, name, binding.descriptor(), pool.callTimeoutNanos());
    }
    return handle;
  }

  /** An interface of {@code type} with a {@code @Shared} binding, or {@code null}. */
  private Class<?> sharedInterface(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Class<?> found = sharedInterface(c.getInterfaces());
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private Class<?> sharedInterface(Class<?>[] interfaces) {
    for (Class<?> i : interfaces) {
      SharedBinding b = bindings.find(i);
      if (b != null && b.descriptor().kind() == InterfaceDescriptor.Kind.SHARED) {
        return i;
      }
      Class<?> inherited = sharedInterface(i.getInterfaces());
      if (inherited != null) {
        return inherited;
      }
    }
    return null;
  }
}
