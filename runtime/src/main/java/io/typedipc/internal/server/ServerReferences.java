package io.typedipc.internal.server;

import io.typedipc.ProtocolException;
import io.typedipc.SerializationException;
import io.typedipc.internal.Bindings;
import io.typedipc.internal.builtin.BuiltinFacade;
import io.typedipc.internal.builtin.BuiltinKind;
import io.typedipc.internal.builtin.BuiltinKinds;
import io.typedipc.spi.AbstractProxy;
import io.typedipc.internal.serial.SharedReferences;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.SharedBinding;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Manager's side of {@link SharedReferences}. A value is written as a reference when its class
 * implements a {@code @Shared} interface that has a generated binding (and the class is not
 * registered as a value class): the object is hosted if it is not already (see {@link
 * ManagerServer#exportedFor}), and the client receives a proxy. A reference from a client — a
 * proxy it passed as an argument or put in a collection — is read as the real object.
 */
final class ServerReferences implements SharedReferences {
  private final ManagerServer server;
  private final Bindings bindings;
  /** Per class: its {@link SharedBinding}, or a {@link String} saying why it has none. */
  private final ClassValue<Object> bindingOfClass;

  ServerReferences(ManagerServer server, Bindings bindings) {
    this.server = server;
    this.bindings = bindings;
    this.bindingOfClass = new ClassValue<>() {
      @Override
      protected Object computeValue(Class<?> type) {
        return choose(type);
      }
    };
  }

  @Override
  public boolean isReference(Class<?> type) {
    return BuiltinFacade.class.isAssignableFrom(type) || !type.isInterface() && !sharedInterfaces(type).isEmpty();
  }

  @Override
  public Reference toReference(Object value) {
    if (value instanceof BuiltinFacade<?> facade) {
      if (!(AbstractProxy.remoteOf(facade.wireProxy()) instanceof LocalHandle local)) {
        throw new SerializationException(value + " is not an object of this Manager; only its own built-in"
            + " objects can be sent as references");
      }
      if (server.lookup(facade.objectName()) != local.object()) {
        throw new SerializationException(value + " was removed from the Manager (remove(name)), so it cannot"
            + " be sent any more");
      }
      return new Reference(facade.objectName(), facade.kind().wireType().getName(), facade.condition());
    }
    Object binding = bindingOfClass.get(value.getClass());
    ExportedObject exported = server.referenceTo(value, binding instanceof SharedBinding b ? b : null);
    if (exported == null) {
      throw new SerializationException((String) binding);
    }
    return new Reference(exported.name, exported.descriptor.name());
  }

  @Override
  public Object resolve(String name, String interfaceName, String detail) {
    ExportedObject exported = server.lookup(name);
    if (exported == null || !exported.descriptor.name().equals(interfaceName)) {
      throw new ProtocolException("the client passed a reference to '" + name + "' (" + interfaceName
          + "), which this Manager does not host");
    }
    BuiltinKind builtin = BuiltinKinds.facadeByWire(interfaceName);
    if (builtin != null) { // code in the Manager holds a queue or synchronizer as users do: its facade
      Object proxy = bindings.of(builtin.wireType()).newProxy(new LocalHandle(exported));
      return builtin.openFacade(name, proxy, proxy, builtin.conditions() ? detail : null);
    }
    return exported.target;
  }

  /** The binding to host instances of {@code type} with, or why there is no single one. */
  private Object choose(Class<?> type) {
    List<SharedBinding> candidates = new ArrayList<>();
    for (Class<?> i : sharedInterfaces(type)) {
      candidates.add(bindings.find(i));
    }
    // the most specific: drop every interface another candidate extends
    List<SharedBinding> specific = new ArrayList<>();
    for (SharedBinding c : candidates) {
      boolean extended = false;
      for (SharedBinding other : candidates) {
        Class<?> t = c.descriptor().type();
        Class<?> o = other.descriptor().type();
        extended |= o != t && t.isAssignableFrom(o);
      }
      if (!extended) {
        specific.add(c);
      }
    }
    if (specific.size() == 1) {
      return specific.get(0);
    }
    return type.getName() + " implements several @Shared interfaces ("
        + specific.stream().map(b -> b.descriptor().type().getName()).collect(Collectors.joining(", "))
        + "), so the Manager cannot tell which one a client should get a proxy for; share the object"
        + " under a name first (Manager.Builder.share), with the interface clients should see";
  }

  /** The interfaces of {@code type} (through superclasses and super-interfaces) with a binding. */
  private Set<Class<?>> sharedInterfaces(Class<?> type) {
    Set<Class<?>> found = new LinkedHashSet<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      collect(c.getInterfaces(), found);
    }
    return found;
  }

  private void collect(Class<?>[] interfaces, Set<Class<?>> found) {
    for (Class<?> i : interfaces) {
      SharedBinding b = bindings.find(i);
      if (b != null && b.descriptor().kind() == InterfaceDescriptor.Kind.SHARED) {
        found.add(i);
      }
      collect(i.getInterfaces(), found);
    }
  }
}
