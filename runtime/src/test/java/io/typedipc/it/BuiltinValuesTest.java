package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.JoinableQueue;
import io.typedipc.builtin.SharedBarrier;
import io.typedipc.builtin.SharedCondition;
import io.typedipc.builtin.SharedEvent;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.builtin.SharedRLock;
import io.typedipc.builtin.SharedSemaphore;
import io.typedipc.testing.TestThreads;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every built-in queue and synchronizer is a shared value (CPython's {@code test_nested_queue} and
 * more): stored in a shared map or list, returned from and passed to a user's {@code @Shared}
 * methods, it arrives in another JVM — and in the Manager — as a usable handle on the same object.
 */
class BuiltinValuesTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  @Timeout(180)
  void builtinsTravelInsideValuesToAnotherJvmAndToTheManager() throws Exception {
    AuthKey key = AuthKey.generate();
    RegistryImpl registryImpl = new RegistryImpl();
    try (Manager manager = Manager.builder().address(0).authKey(key).map("things").list("items")
            .share(Registry.class, "registry", registryImpl).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedMap<String, Object> map = client.map("things");
      SharedList<Object> list = client.list("items");
      Registry registry = client.shared(Registry.class, "registry");

      SharedQueue<Integer> queue = client.queue("q", Integer.class);
      queue.put(123);
      map.put("queue", queue);
      JoinableQueue<String> joinable = client.joinableQueue("jq", String.class, 0);
      joinable.put("task");
      list.add(joinable);
      SharedLock lock = client.lock("l");
      map.put("lock", lock);
      map.put("rlock", client.rlock("rl"));
      SharedCondition condition = client.rlock("cl").condition("ready");
      map.put("condition", condition);
      SharedSemaphore semaphore = client.semaphore("s", 0);
      map.put("semaphore", semaphore);
      map.put("bounded", client.boundedSemaphore("bs", 1));
      SharedEvent event = client.event("e");
      map.put("event", event);
      SharedBarrier barrier = client.barrier("b", 2);
      map.put("barrier", barrier);
      SharedQueue<Integer> kept = client.queue("kept", Integer.class);
      registry.keepQueue("kept", kept);
      registry.keepLock(client.lock("kl"));
      registry.keepEvent(client.event("ke"));

      // in this JVM too, what comes back is a handle on the same object
      SharedQueue<?> back = (SharedQueue<?>) map.get("queue");
      assertEquals("q", back.name());
      assertEquals(1, back.size());
      SharedCondition conditionBack = (SharedCondition) map.get("condition");
      assertEquals("cl#ready", conditionBack.name());
      assertInstanceOf(SharedRLock.class, conditionBack.lock());

      try (ChildJvm child = ChildJvm.start(BuiltinValuesChildMain.class, key, Integer.toString(manager.port()))) {
        child.awaitLine("STEP queue", WAIT);
        assertEquals(456, queue.get(WAIT), "put by the other JVM through the queue from the map");
        assertTrue(joinable.join(WAIT), "the other JVM marked the task done");
        child.awaitLine("STEP lock", WAIT);
        child.awaitLine("STEP rlock", WAIT);
        SharedLock conditionLock = condition.lock();
        conditionLock.lock();
        try {
          assertTrue(condition.await(WAIT), "signalled by the other JVM through the condition from the map");
        } finally {
          conditionLock.unlock();
        }
        child.awaitLine("STEP condition", WAIT);
        assertTrue(semaphore.tryAcquire(3, WAIT), "the other JVM released 3 permits");
        assertTrue(event.await(WAIT), "the other JVM set the event");
        barrier.await(WAIT);
        child.awaitLine("STEP registry", WAIT);
        assertEquals(0, child.waitFor(WAIT), child.output());
      }
      assertEquals(0, kept.size(), "the Manager drained the queue it was handed");
      assertFalse(lock.isLocked());
      assertTrue(client.event("ke").isSet());
    }
  }

  @Test
  @Timeout(60)
  void aBuiltinInAContainerIsTheSameObjectAfterTheRoundTrip() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedMap<String, SharedQueue<Integer>> queues = client.map("queues");
      queues.put("a", client.queue("a", Integer.class));
      queues.get("a").put(1);
      queues.get("a").put(2);
      assertEquals(2, client.queue("a", Integer.class).size());
      CompletableFuture<Integer> taker = CompletableFuture.supplyAsync(() -> {
        try {
          return queues.get("a").get(WAIT) + queues.get("a").get(WAIT) + queues.get("a").get(WAIT);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }, TestThreads.EACH);
      client.queue("a", Integer.class).put(3);
      assertEquals(6, taker.get(60, java.util.concurrent.TimeUnit.SECONDS));
      assertSame(null, queues.get("missing"));

      SharedMap<String, Object> things = client.map("things");
      things.put("condition", client.condition("cc")); // the default condition of its own lock
      SharedCondition condition = (SharedCondition) things.get("condition");
      assertEquals("cc", condition.name());
      condition.lock().lock();
      try {
        assertEquals(0, condition.signal(3), "nobody waits on it");
      } finally {
        condition.lock().unlock();
      }
      things.put("barrier", client.barrier("one", 1, () -> { }));
      assertEquals(0, ((SharedBarrier) things.get("barrier")).await(WAIT), "arrives without the action, usable");
    }
  }
}
