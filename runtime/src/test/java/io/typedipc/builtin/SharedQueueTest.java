package io.typedipc.builtin;

import static io.typedipc.builtin.SyncFixture.LONG;
import static io.typedipc.builtin.SyncFixture.background;
import static io.typedipc.builtin.SyncFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.EmptyException;
import io.typedipc.FullException;
import io.typedipc.ManagerClient;
import io.typedipc.SerializationException;
import io.typedipc.it.ChildJvm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link SharedQueue} and {@link JoinableQueue} between JVMs. */
class SharedQueueTest {
  /** A class nobody registered. */
  static final class Unregistered {
    int value;
  }

  @Test
  void aBoundedQueueCarriesEveryElementInOrderFromAProducerJvm() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedQueue<Integer> q = f.client().queue("q", Integer.class, 5);
      ChildJvm producer = f.child("produce", "q", "5", "2000");
      for (int i = 0; i < 2000; i++) {
        assertEquals(i, q.get(LONG));
      }
      assertEquals("2000", producer.awaitLine("PRODUCED", LONG));
      assertTrue(q.isEmpty());
      assertEquals(5, q.capacity());
    }
  }

  @Test
  void fullAndEmptyOutcomesWithAndWithoutTimeouts() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      SharedQueue<String> q = client.queue("q", String.class, 2);
      assertNull(q.poll());
      assertThrows(EmptyException.class, q::getNowait);
      long start = System.nanoTime();
      EmptyException empty = assertThrows(EmptyException.class, () -> q.get(Duration.ofMillis(200)));
      assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(190));
      assertTrue(empty.getMessage().contains("'q'"), empty.getMessage());
      assertNull(q.poll(Duration.ofMillis(10)));
      q.put("a");
      assertTrue(q.offer("b"));
      assertTrue(q.isFull());
      assertEquals(2, q.size());
      assertFalse(q.offer("c"));
      assertThrows(FullException.class, () -> q.putNowait("c"));
      assertThrows(FullException.class, () -> q.put("c", Duration.ofMillis(100)));
      assertFalse(q.offer("c", Duration.ofMillis(10)));
      CompletableFuture<Void> blocked = background(() -> {
        q.put("c");
        return null;
      });
      eventually("the put is parked", () -> q.isFull() && !blocked.isDone());
      assertEquals("a", q.getNowait());
      blocked.get(30, TimeUnit.SECONDS);
      assertEquals(List.of("b", "c"), List.of(q.get(), q.poll()));
      assertThrows(NullPointerException.class, () -> q.put(null));
      assertThrows(IllegalArgumentException.class, () -> client.queue("x", int.class, 1));
      assertThrows(SerializationException.class, () -> client.queue("t", Unregistered.class, 1).put(new Unregistered()));
      SharedQueue<Integer> unbounded = client.queue("u", Integer.class);
      assertEquals(0, unbounded.capacity());
      assertFalse(unbounded.isFull());
    }
  }

  @Test
  void anInterruptedGetWithdrawsSoTheNextElementIsNotLost() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedQueue<String> q = f.client().queue("q", String.class, 0);
      Thread[] t = new Thread[1];
      CompletableFuture<Boolean> getter = background(() -> {
        t[0] = Thread.currentThread();
        try {
          q.get();
          return false;
        } catch (InterruptedException e) {
          return true;
        }
      });
      SharedQueue<String> other = f.client().queue("q", String.class, 0);
      eventually("the get is parked", () -> t[0] != null && t[0].getState() == Thread.State.WAITING);
      t[0].interrupt();
      assertTrue(getter.get(30, TimeUnit.SECONDS));
      other.put("kept");
      assertEquals("kept", q.get(LONG));
    }
  }

  @Test
  void joinWaitsUntilAConsumerJvmMarkedEveryTaskDone() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      JoinableQueue<String> q = f.client().joinableQueue("jobs", String.class, 0);
      assertTrue(q.join(Duration.ZERO), "nothing put yet");
      for (int i = 0; i < 50; i++) {
        q.put("job " + i);
      }
      assertEquals(50, q.unfinishedTasks());
      assertFalse(q.join(Duration.ofMillis(100)), "nobody consumes yet");
      ChildJvm consumer = f.child("consumeJoinable", "jobs");
      q.put("stop");
      q.join();
      assertEquals(0, q.unfinishedTasks());
      assertEquals("50", consumer.awaitLine("CONSUMED", LONG));
      IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
      assertTrue(e.getMessage().contains("more times"), e.getMessage());
    }
  }
}
