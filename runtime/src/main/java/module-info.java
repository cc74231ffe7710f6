/**
 * The typedipc runtime: {@link io.typedipc.Manager}, {@link io.typedipc.ManagerClient}, the
 * built-in shared types, child JVMs and pools, and introspection.
 *
 * <p>Exported: {@code io.typedipc} (the API), {@code io.typedipc.builtin}, {@code
 * io.typedipc.process}, {@code io.typedipc.introspect}, and {@code io.typedipc.spi} (the contract
 * the generated code uses). The {@code io.typedipc.internal} packages are not exported.
 *
 * <p>Generated bindings are found with {@link java.util.ServiceLoader}. A user module that declares
 * {@code @Shared} or {@code @Channel} interfaces therefore declares, for each interface {@code
 * Foo}, {@code provides io.typedipc.spi.SharedBinding with Foo_Binding;} (the processor warns when
 * one is missing), and opens the packages of the values it sends to {@code com.esotericsoftware.kryo}
 * (Kryo reads and writes their fields) and to {@code io.typedipc} (which calls their public no-arg
 * constructors).
 */
@SuppressWarnings("requires-automatic") // Kryo 5 and its dependencies are automatic modules
module io.typedipc {
  requires transitive io.typedipc.annotation;
  requires com.esotericsoftware.kryo;
  requires org.objenesis; // Kryo's instantiator types (internal.serial.ValueInstantiators)
  requires java.management;
  // com.sun.management.ThreadMXBean: the bytes a value class's constructor allocates, counted
  // against a call's decoded size (internal.serial.Allocations)
  requires jdk.management;
  // Kryo (an automatic module, which declares nothing) loads java.sql.Timestamp for Date values
  requires java.sql;
  // sun.misc.Unsafe.invokeCleaner: unmaps a closed shared-memory connection's rings on JDK 17-21
  // (looked up reflectively; JDK 22+ uses java.lang.foreign instead)
  requires jdk.unsupported;

  exports io.typedipc;
  exports io.typedipc.builtin;
  exports io.typedipc.introspect;
  exports io.typedipc.process;
  exports io.typedipc.spi;
  // for typedipc's own cluster module only (typedipc-hazelcast), never for users
  exports io.typedipc.internal.builtin to io.typedipc.hazelcast;
  exports io.typedipc.internal.channel to io.typedipc.hazelcast;
  exports io.typedipc.internal.serial to io.typedipc.hazelcast;
  exports io.typedipc.internal.server to io.typedipc.hazelcast;

  uses io.typedipc.spi.SharedBinding;

  // the built-in shared types' generated bindings (the processor also lists them in
  // META-INF/services for the class path; ModularApplicationTest keeps the two lists equal)
  provides io.typedipc.spi.SharedBinding with
      io.typedipc.builtin.Namespace_Binding,
      io.typedipc.builtin.SharedDoubleArray_Binding,
      io.typedipc.builtin.SharedIntArray_Binding,
      io.typedipc.builtin.SharedList_Binding,
      io.typedipc.builtin.SharedLongArray_Binding,
      io.typedipc.builtin.SharedMap_Binding,
      io.typedipc.builtin.SharedValue_Binding,
      io.typedipc.internal.builtin.BarrierWire_Binding,
      io.typedipc.internal.builtin.BoundedSemaphoreWire_Binding,
      io.typedipc.internal.builtin.ConditionWire_Binding,
      io.typedipc.internal.builtin.EventWire_Binding,
      io.typedipc.internal.builtin.JoinableQueueWire_Binding,
      io.typedipc.internal.builtin.LockWire_Binding,
      io.typedipc.internal.builtin.ManagerControl_Binding,
      io.typedipc.internal.builtin.QueueWire_Binding,
      io.typedipc.internal.builtin.RLockWire_Binding,
      io.typedipc.internal.builtin.SemaphoreWire_Binding,
      io.typedipc.internal.channel.ChannelService_Binding,
      io.typedipc.internal.server.IntrospectionService_Binding;
}
