package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.JoinableQueue;
import io.typedipc.builtin.SharedBarrier;
import io.typedipc.builtin.SharedBoundedSemaphore;
import io.typedipc.builtin.SharedCondition;
import io.typedipc.builtin.SharedEvent;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.builtin.SharedRLock;
import io.typedipc.builtin.SharedSemaphore;
import java.time.Duration;

/**
 * The other JVM of {@link BuiltinValuesTest}: finds every built-in in a shared map, a shared list
 * and a user's {@code @Shared} object (never by its own name), and uses it. Prints {@code STEP x}
 * after each step, {@code DONE} at the end; any failure exits 1.
 */
public final class BuiltinValuesChildMain {
  private static final Duration WAIT = Duration.ofSeconds(60);

  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    int port = Integer.parseInt(args[0]);
    try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, AuthKey.fromEnvironment(ChildJvm.KEY_ENV))) {
      SharedMap<String, Object> map = client.map("things");
      SharedList<Object> list = client.list("items");
      Registry registry = client.shared(Registry.class, "registry");

      @SuppressWarnings("unchecked")
      SharedQueue<Integer> queue = (SharedQueue<Integer>) map.get("queue");
      check(queue.get(WAIT) == 123, "the queue from the map holds what the parent put");
      queue.put(456);
      step("queue");

      @SuppressWarnings("unchecked")
      JoinableQueue<String> joinable = (JoinableQueue<String>) list.get(0);
      check(joinable.get(WAIT).equals("task"), "the joinable queue from the list holds the task");
      joinable.taskDone();
      step("joinable");

      SharedLock lock = (SharedLock) map.get("lock");
      check(lock.tryLock(WAIT), "the lock from the map can be taken");
      check(!registry.tryLockInManager(lock), "the Manager sees the lock held");
      lock.unlock();
      check(registry.tryLockInManager(lock), "the Manager can take the lock once released");
      step("lock");

      SharedRLock rlock = (SharedRLock) map.get("rlock");
      rlock.lock();
      rlock.lock();
      check(rlock.getHoldCount() == 2, "the rlock is reentrant");
      rlock.unlock();
      rlock.unlock();
      step("rlock");

      SharedCondition condition = (SharedCondition) map.get("condition");
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (condition.getWaitQueueLength() == 0) { // the parent waits on it
        check(System.nanoTime() < deadline, "the parent waits on the condition");
        Thread.sleep(5);
      }
      condition.lock().lock();
      try {
        condition.signalAll();
      } finally {
        condition.lock().unlock();
      }
      step("condition");

      SharedSemaphore semaphore = (SharedSemaphore) map.get("semaphore");
      semaphore.release(3);
      SharedBoundedSemaphore bounded = (SharedBoundedSemaphore) map.get("bounded");
      check(bounded.tryAcquire(WAIT), "the bounded semaphore from the map has a permit");
      bounded.release();
      step("semaphore");

      SharedEvent event = (SharedEvent) map.get("event");
      event.set();
      step("event");

      SharedBarrier barrier = (SharedBarrier) map.get("barrier");
      barrier.await(WAIT);
      step("barrier");

      // through a user's @Shared object: returned from its methods
      SharedQueue<Integer> kept = registry.queue("kept");
      kept.put(7);
      check(registry.queues().size() == 1, "the registry returns its queues in a list");
      registry.queues().get(0).put(8);
      check(registry.drain(kept) == 15, "the Manager drains the queue it was passed");
      SharedLock keptLock = registry.lock();
      check(keptLock.tryLock(), "the lock the registry returned can be taken");
      keptLock.unlock();
      SharedEvent keptEvent = registry.event();
      registry.setInManager(keptEvent);
      check(keptEvent.isSet(), "an event set by the Manager is set");
      step("registry");
    }
    System.out.println("DONE");
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError("not true: " + what);
    }
  }

  private static void step(String name) {
    System.out.println("STEP " + name);
  }
}
