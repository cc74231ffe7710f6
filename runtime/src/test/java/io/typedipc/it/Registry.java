package io.typedipc.it;

import io.typedipc.annotation.Shared;
import io.typedipc.builtin.SharedBarrier;
import io.typedipc.builtin.SharedCondition;
import io.typedipc.builtin.SharedEvent;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.builtin.SharedSemaphore;
import java.util.List;

/** A user's {@code @Shared} object that takes, keeps, uses and returns built-in queues and synchronizers. */
@Shared
public interface Registry {
  /** Keeps {@code queue} under {@code key}. */
  void keepQueue(String key, SharedQueue<Integer> queue);

  /** The queue kept under {@code key}. */
  SharedQueue<Integer> queue(String key);

  /** Every queue kept, in a list. */
  List<SharedQueue<Integer>> queues();

  /** Takes every element of {@code queue} in the Manager and returns their sum. */
  int drain(SharedQueue<Integer> queue);

  /** Keeps a synchronizer. */
  void keepLock(SharedLock lock);

  SharedLock lock();

  /** Whether the Manager could take {@code lock} at once (it then releases it). */
  boolean tryLockInManager(SharedLock lock);

  void keepCondition(SharedCondition condition);

  SharedCondition condition();

  void keepEvent(SharedEvent event);

  SharedEvent event();

  /** Sets the event in the Manager. */
  void setInManager(SharedEvent event);

  void keepSemaphore(SharedSemaphore semaphore);

  SharedSemaphore semaphore();

  void keepBarrier(SharedBarrier barrier);

  SharedBarrier barrier();
}
