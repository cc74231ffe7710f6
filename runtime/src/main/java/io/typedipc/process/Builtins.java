package io.typedipc.process;

import io.typedipc.ManagerClient;
import io.typedipc.builtin.JoinableQueue;
import io.typedipc.builtin.SharedBarrier;
import io.typedipc.builtin.SharedBoundedSemaphore;
import io.typedipc.builtin.SharedCondition;
import io.typedipc.builtin.SharedEvent;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.builtin.SharedRLock;
import io.typedipc.builtin.SharedSemaphore;
import io.typedipc.internal.builtin.BarrierWire;
import io.typedipc.internal.builtin.BoundedSemaphoreWire;
import io.typedipc.internal.builtin.ConditionWire;
import io.typedipc.internal.builtin.EventWire;
import io.typedipc.internal.builtin.JoinableQueueWire;
import io.typedipc.internal.builtin.LockWire;
import io.typedipc.internal.builtin.QueueWire;
import io.typedipc.internal.builtin.RLockWire;
import io.typedipc.internal.builtin.SemaphoreWire;
import io.typedipc.process.Bootstrap.HandleRef;
import java.util.Map;

/**
 * The child's side of built-in synchronizer and queue handles: turns a handle (the wire interface
 * of the object, plus a queue's element class or a condition's name) back into the facade the
 * parent had, through the client's own factories, which find the existing object by name.
 */
final class Builtins {
  /** Wire interface → the public type of its facade (without a condition). */
  private static final Map<String, Class<?>> PUBLIC_TYPES = Map.of(
      LockWire.class.getName(), SharedLock.class,
      RLockWire.class.getName(), SharedRLock.class,
      ConditionWire.class.getName(), SharedRLock.class,
      SemaphoreWire.class.getName(), SharedSemaphore.class,
      BoundedSemaphoreWire.class.getName(), SharedBoundedSemaphore.class,
      EventWire.class.getName(), SharedEvent.class,
      BarrierWire.class.getName(), SharedBarrier.class,
      QueueWire.class.getName(), SharedQueue.class,
      JoinableQueueWire.class.getName(), JoinableQueue.class);

  private Builtins() {}

  /** The public type the child gets for {@code ref}. */
  static Class<?> publicType(HandleRef ref) {
    Class<?> type = PUBLIC_TYPES.get(ref.interfaceName());
    if (type == null) {
      throw new IllegalStateException("unknown built-in handle " + ref.interfaceName());
    }
    boolean lock = SharedLock.class.isAssignableFrom(type);
    return lock && ref.detail() != null ? SharedCondition.class : type;
  }

  /** The facade for {@code ref}, on {@code client}. */
  static Object open(ManagerClient client, HandleRef ref) {
    String wire = ref.interfaceName();
    String name = ref.name();
    String detail = ref.detail();
    if (wire.equals(LockWire.class.getName()) || wire.equals(RLockWire.class.getName())
        || wire.equals(ConditionWire.class.getName())) {
      SharedLock lock = wire.equals(LockWire.class.getName()) ? client.lock(name)
          : wire.equals(RLockWire.class.getName()) ? client.rlock(name)
          : client.condition(name).lock();
      return detail == null ? lock : lock.condition(detail);
    }
    if (wire.equals(SemaphoreWire.class.getName())) {
      return client.semaphore(name, 0);              // exists: the permits argument is ignored
    }
    if (wire.equals(BoundedSemaphoreWire.class.getName())) {
      return client.boundedSemaphore(name, 0);
    }
    if (wire.equals(EventWire.class.getName())) {
      return client.event(name);
    }
    if (wire.equals(BarrierWire.class.getName())) {
      return client.barrier(name, 1);                // exists: the parties argument is ignored
    }
    if (wire.equals(QueueWire.class.getName())) {
      return client.queue(name, elementType(detail), 0);
    }
    if (wire.equals(JoinableQueueWire.class.getName())) {
      return client.joinableQueue(name, elementType(detail), 0);
    }
    throw new IllegalStateException("unknown built-in handle " + wire);
  }

  private static Class<?> elementType(String name) {
    try {
      return EntryClasses.load(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the element class " + name + " of a queue handle is not on the child's classpath", e);
    }
  }
}
