package io.typedipc.hazelcast;

import io.typedipc.SerializationException;
import io.typedipc.internal.builtin.BuiltinFacade;
import io.typedipc.internal.serial.SharedReferences;
import io.typedipc.spi.AbstractProxy;

/**
 * What the cluster's serialization does with a shared object (a proxy or a built-in handle) inside
 * a value it would keep in the cluster, such as a list stored as a shared map's value: it refuses
 * it with a message that says so. On a single Manager such a value travels as a reference to an
 * object of that Manager; the cluster's state outlives and spans the Managers, where such a
 * reference means nothing. Without this, the value failed as a class "not registered for the wire"
 * with the advice to register a generated proxy class.
 */
final class NoReferencesInCluster implements SharedReferences {

  @Override
  public boolean isReference(Class<?> type) {
    return AbstractProxy.class.isAssignableFrom(type) || BuiltinFacade.class.isAssignableFrom(type);
  }

  @Override
  public Reference toReference(Object value) {
    throw new SerializationException("cluster mode cannot keep a shared object inside a value stored in the cluster"
        + " (a built-in map's or list's element, a value's content): " + value + " lives in one Manager, the"
        + " container's state in the cluster; store its name instead and open it by name");
  }

  @Override
  public Object resolve(String name, String interfaceName, String detail) {
    throw new SerializationException("cluster state holds no shared objects, yet a reference to '" + name + "' was read");
  }
}
