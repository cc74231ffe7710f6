package io.typedipc.builtin;

import static io.typedipc.builtin.SyncFixture.LONG;
import static io.typedipc.builtin.SyncFixture.background;
import static io.typedipc.builtin.SyncFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/built-ins.md, the sentences no other test holds: a queue's element class and its null
 * refusal, the unbounded queue's limit, later get-or-create parameters, an interrupted
 * {@code lock()}, a condition of a reentrant lock held twice, a plain semaphore released by another
 * client, and a barrier party whose client closes.
 */
@Timeout(180)
class DocsBuiltinsTest {

  /**
   * "null is refused. The Class<E> you pass is checked on every element you get, so a queue filled
   * with another type by some other client fails loudly (ClassCastException) [...] the element has
   * been taken from the queue by then".
   */
  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aQueuesElementClassIsCheckedAndNullIsRefused() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient a = f.client();
      ManagerClient b = f.client();
      SharedQueue<String> strings = a.queue("typed", String.class, 10);
      SharedQueue<Integer> ints = b.queue("typed", Integer.class, 10);
      assertThrows(NullPointerException.class, () -> strings.put(null));
      assertThrows(NullPointerException.class, () -> strings.offer(null), "null refused by offer too");
      assertEquals(0, strings.size());

      ints.put(42);
      ClassCastException wrong = assertThrows(ClassCastException.class, () -> strings.get(LONG));
      assertTrue(wrong.getMessage().contains("java.lang.Integer"), wrong.getMessage());
      assertEquals(0, strings.size(), "the element was taken");
      ints.put(43);
      assertThrows(ClassCastException.class, strings::poll);
      assertTrue(strings.isEmpty());

      // a put of the wrong class through an unchecked cast fails before anything is sent
      SharedQueue raw = strings;
      assertThrows(ClassCastException.class, () -> raw.put(7));
      assertEquals(0, strings.size());
      strings.put("fine");
      assertEquals("fine", strings.get(LONG));
    }
  }

  /**
   * "A queue created with capacity 0 is unbounded in the Python sense but holds at most 1,048,576
   * elements [...] beyond that it behaves as full." Filled from inside the Manager (a @Shared
   * method's non-waiting offer), then seen from a client.
   */
  @Test
  void anUnboundedQueueHoldsAtMostAMillionElementsThenBehavesAsFull() throws Exception {
    QueueFiller filler = (queue, max) -> {
      int n = 0;
      while (n < max && queue.offer(n)) {
        n++;
      }
      return n;
    };
    try (SyncFixture f = new SyncFixture(Manager.builder().share(QueueFiller.class, "filler", filler))) {
      ManagerClient client = f.client();
      SharedQueue<Integer> q = client.queue("unbounded", Integer.class, 0);
      assertEquals(0, q.capacity());
      QueueFiller remote = client.withTimeout(client.shared(QueueFiller.class, "filler"), Duration.ofMinutes(2));
      assertEquals(1_048_576, remote.fill(q, 2_000_000));
      assertEquals(1_048_576, q.size());
      assertTrue(q.isFull());
      assertFalse(q.offer(-1));
      assertThrows(io.typedipc.FullException.class, () -> q.putNowait(-1));
      assertThrows(io.typedipc.FullException.class, () -> q.put(-1, Duration.ofMillis(50)));
      assertEquals(0, q.get(LONG));
      assertTrue(q.offer(-1), "room for one again");
      assertTrue(q.isFull());
    }
  }

  /**
   * "the parameters of the later call (a queue's capacity, a semaphore's permits, a barrier's
   * parties) are ignored [...] a value's initial value is set only while the value is null".
   */
  @Test
  void laterParametersAreIgnoredAndAValuesInitialFillsOnlyANull() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient a = f.client();
      ManagerClient b = f.client();
      a.semaphore("s", 2);
      assertEquals(2, b.semaphore("s", 7).availablePermits());
      a.boundedSemaphore("bs", 1);
      SharedBoundedSemaphore bs = b.boundedSemaphore("bs", 5);
      assertEquals(1, bs.availablePermits());
      bs.acquire();
      bs.release();
      assertThrows(IllegalStateException.class, bs::release, "still bounded by the first call's 1");
      a.joinableQueue("jq", String.class, 1);
      assertEquals(1, b.joinableQueue("jq", String.class, 50).capacity());
      a.barrier("bar", 2, () -> { });
      assertEquals(2, b.barrier("bar", 9, () -> { }).getParties());

      SharedValue<Long> v = a.value("v", 1L);
      v.set(5L);
      assertEquals(5L, b.value("v", 9L).get(), "not null: the initial value is ignored");
      v.set(null);
      assertEquals(9L, b.value("v", 9L).get(), "null: the initial value is set");
      assertEquals(9L, a.<Long>value("v", 3L).get());
    }
  }

  /** "lock() ignores interrupts until it has the lock and returns with the interrupt status set." */
  @Test
  void anInterruptedLockKeepsWaitingAndReturnsWithTheStatusSet() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient holder = f.client();
      ManagerClient waiter = f.client();
      SharedLock held = holder.lock("l");
      held.lock();
      SharedLock lock = waiter.lock("l");
      CompletableFuture<Thread> thread = new CompletableFuture<>();
      CompletableFuture<Boolean> result = background(() -> {
        thread.complete(Thread.currentThread());
        lock.lock();
        try {
          return Thread.currentThread().isInterrupted();
        } finally {
          lock.unlock();
        }
      });
      eventually("the waiter is parked", () -> held.getQueueLength() == 1);
      thread.get(30, TimeUnit.SECONDS).interrupt();
      // still waiting: lock() neither returns nor throws while the lock is held elsewhere
      assertThrows(java.util.concurrent.TimeoutException.class, () -> result.get(500, TimeUnit.MILLISECONDS));
      assertEquals(1, held.getQueueLength(), "the request was not withdrawn");
      held.unlock();
      assertTrue(result.get(30, TimeUnit.SECONDS), "returned holding the lock, interrupt status set");
      assertTrue(held.tryLock(), "and released it");
      held.unlock();
    }
  }

  /**
   * "waiting releases every hold and reacquires them all before returning", for a condition of a
   * SharedRLock held twice: another client gets the lock meanwhile.
   */
  @Test
  void awaitingOnAReentrantLocksConditionReleasesEveryHold() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient a = f.client();
      ManagerClient b = f.client();
      SharedRLock lock = a.rlock("r");
      SharedCondition cond = lock.condition("ready");
      CompletableFuture<Void> holdsTwice = new CompletableFuture<>();
      CompletableFuture<Integer> waiter = background(() -> {
        lock.lock();
        lock.lock();
        holdsTwice.complete(null);
        try {
          assertTrue(cond.await(LONG), "signalled");
          return lock.getHoldCount();
        } finally {
          lock.unlock();
          lock.unlock();
        }
      });
      holdsTwice.get(30, TimeUnit.SECONDS);
      SharedRLock other = b.rlock("r");
      SharedCondition otherCond = other.condition("ready");
      assertTrue(other.tryLock(LONG.toSeconds(), TimeUnit.SECONDS), "the waiter released both holds");
      try {
        eventually("the waiter waits", () -> otherCond.getWaitQueueLength() == 1);
        otherCond.signal();
      } finally {
        other.unlock();
      }
      assertEquals(2, waiter.get(30, TimeUnit.SECONDS), "both holds are back");
    }
  }

  /** "any client may release, a plain one may rise above its initial value". */
  @Test
  void anyClientMayReleaseAPlainSemaphoreAndItRises() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient a = f.client();
      ManagerClient b = f.client();
      SharedSemaphore s = a.semaphore("s", 1);
      s.acquire();
      CompletableFuture<Boolean> blocked = background(() -> s.tryAcquire(LONG));
      eventually("a waits", () -> s.getQueueLength() == 1);
      b.semaphore("s", 1).release(); // a client that never acquired releases
      assertTrue(blocked.get(30, TimeUnit.SECONDS));
      b.semaphore("s", 1).release(3);
      assertEquals(3, s.availablePermits(), "above the initial 1");
    }
  }

  /** "so do [...] a waiting party whose client disconnects": a client closed cleanly. */
  @Test
  void aWaitingPartyWhoseClientClosesBreaksTheBarrier() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient leaving = f.client();
      ManagerClient staying = f.client();
      SharedBarrier b = staying.barrier("b", 3);
      CompletableFuture<Integer> gone = background(() -> leaving.barrier("b", 3).await());
      CompletableFuture<Integer> stays = background(() -> b.await());
      eventually("two wait", () -> b.getNumberWaiting() == 2);
      leaving.close();
      ExecutionException e = assertThrows(ExecutionException.class, () -> stays.get(30, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof BrokenBarrierException, e.getCause().toString());
      assertTrue(b.isBroken());
      assertThrows(ExecutionException.class, () -> gone.get(30, TimeUnit.SECONDS));
      assertThrows(BrokenBarrierException.class, () -> b.await(LONG), "until reset()");
      b.reset();
      assertFalse(b.isBroken());
    }
  }
  /**
   * "An absent or null current value is replaced by the operand, as with Map.merge; an operation
   * that does not apply fails the call with a RemoteException naming the Manager's
   * IllegalArgumentException, and changes nothing", for a map, a list and a value, and SUM over each
   * number class the document lists.
   */
  @Test
  void mergeReplacesANullAndAMergeThatDoesNotApplyChangesNothing() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      SharedMap<String, Object> m = client.map("m");
      m.put("null", null);
      assertEquals(5, m.merge("null", 5, Merge.SUM));
      assertEquals("r", m.merge("absent", "r", Merge.REPLACE));
      assertEquals((short) 3, m.merge("short", (short) 3, Merge.SUM));
      assertEquals((short) 7, m.merge("short", (short) 4, Merge.SUM));
      assertEquals((byte) 1, m.merge("byte", (byte) 1, Merge.SUM));
      assertEquals((byte) 3, m.merge("byte", (byte) 2, Merge.SUM));
      assertEquals(1.0f, m.merge("float", 1.0f, Merge.SUM));
      assertEquals(1.5f, m.merge("float", 0.5f, Merge.SUM));
      assertEquals(2.0d, m.merge("double", 2.0d, Merge.SUM));
      assertEquals(2.5d, m.merge("double", 0.5d, Merge.SUM));
      assertEquals(java.math.BigInteger.ONE, m.merge("big", java.math.BigInteger.ONE, Merge.SUM));
      assertEquals(java.math.BigInteger.TEN, m.merge("big", java.math.BigInteger.valueOf(9), Merge.SUM));
      assertEquals(1, m.merge("min", 1, Merge.MIN));
      for (Object[] bad : new Object[][] {
          {"short", 1, Merge.SUM}, {"min", "x", Merge.MIN}, {"min", 2, Merge.CONCAT}, {"big", 1L, Merge.SUM}}) {
        String key = (String) bad[0];
        Object before = m.get(key);
        io.typedipc.RemoteException e = assertThrows(io.typedipc.RemoteException.class,
            () -> m.merge(key, bad[1], (Merge) bad[2]), key + " " + bad[2]);
        assertTrue(e.getMessage().contains("IllegalArgumentException"), e.getMessage());
        assertEquals(before, m.get(key), "a failed merge changes nothing");
      }

      SharedList<Object> l = client.list("l");
      l.add(null);
      l.add("a");
      assertEquals(4L, l.merge(0, 4L, Merge.SUM));
      assertThrows(io.typedipc.RemoteException.class, () -> l.merge(1, 4L, Merge.SUM));
      assertEquals(java.util.Arrays.asList(4L, "a"), l.toList());

      SharedValue<Long> v = client.value("v", null);
      assertEquals(6L, v.accumulateAndGet(6L, Merge.SUM));
      assertEquals(6L, v.getAndAccumulate(2L, Merge.MAX));
      assertEquals(6L, v.get());
      assertThrows(io.typedipc.RemoteException.class, () -> v.accumulateAndGet(null, Merge.SUM));
      assertEquals(6L, v.get());
    }
  }
  /**
   * "so does the death of the tripping party's client while its action runs": the other parties
   * get BrokenBarrierException.
   */
  @Test
  void theTrippingPartyDyingInItsActionBreaksTheBarrier() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      SharedBarrier b = client.barrier("b", 2);
      CompletableFuture<Integer> waiting = background(() -> b.await(LONG));
      eventually("one waits", () -> b.getNumberWaiting() == 1);
      io.typedipc.it.ChildJvm child = f.child("barrierActionHangs", "b", "2");
      child.awaitLine("IN-ACTION", LONG);
      assertFalse(waiting.isDone(), "held while the action runs");
      child.kill();
      ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof BrokenBarrierException, e.getCause().toString());
      assertTrue(b.isBroken());
    }
  }

  /**
   * "Manager.close() ends every parked wait at once: the waiting threads get
   * ManagerClosedException (or ConnectionLostException if the connection goes first)", for every
   * kind of wait.
   */
  @Test
  void aManagerClosingEndsEveryKindOfParkedWait() throws Exception {
    SyncFixture f = new SyncFixture();
    try (f) {
      ManagerClient owner = f.client();
      ManagerClient waiter = f.client();
      owner.lock("l").lock();
      owner.rlock("r").lock();
      SharedQueue<String> full = owner.queue("full", String.class, 1);
      full.put("x");
      owner.semaphore("s", 0);
      owner.barrier("b", 2);
      owner.joinableQueue("jq", String.class, 0).put("task");
      java.util.Map<String, java.util.concurrent.Callable<Object>> waits = new java.util.LinkedHashMap<>();
      waits.put("lock", () -> {
        waiter.lock("l").lock();
        return "locked";
      });
      waits.put("rlock", () -> {
        waiter.rlock("r").lockInterruptibly();
        return "locked";
      });
      waits.put("get", () -> waiter.queue("empty", String.class).get());
      waits.put("put", () -> {
        waiter.queue("full", String.class, 1).put("y");
        return "put";
      });
      waits.put("acquire", () -> {
        waiter.semaphore("s", 0).acquire();
        return "acquired";
      });
      waits.put("event", () -> waiter.event("e").await(LONG));
      waits.put("barrier", () -> waiter.barrier("b", 2).await());
      waits.put("join", () -> {
        waiter.joinableQueue("jq", String.class, 0).join();
        return "joined";
      });
      waits.put("condition", () -> {
        SharedCondition c = waiter.condition("c");
        c.lock().lock();
        return c.await(LONG);
      });
      java.util.Map<String, CompletableFuture<Object>> running = new java.util.LinkedHashMap<>();
      waits.forEach((what, call) -> running.put(what, background(call)));
      eventually("every wait is parked", () -> owner.lock("l").getQueueLength() == 1
          && owner.rlock("r").getQueueLength() == 1 && owner.semaphore("s", 0).getQueueLength() == 1
          && owner.barrier("b", 2).getNumberWaiting() == 1 && conditionWaiters(owner.condition("c")) == 1);
      long start = System.nanoTime();
      f.manager.close();
      java.util.List<String> wrong = new java.util.ArrayList<>();
      for (var e : running.entrySet()) {
        try {
          wrong.add(e.getKey() + " returned " + e.getValue().get(30, TimeUnit.SECONDS));
        } catch (ExecutionException failed) {
          Throwable cause = failed.getCause();
          if (!(cause instanceof io.typedipc.ManagerClosedException) && !(cause instanceof io.typedipc.ConnectionLostException)) {
            wrong.add(e.getKey() + " threw " + cause);
          }
        }
      }
      assertEquals(java.util.List.of(), wrong);
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "at once");
    }
  }

  private static int conditionWaiters(SharedCondition c) {
    c.lock().lock();
    try {
      return c.getWaitQueueLength();
    } finally {
      c.lock().unlock();
    }
  }
  /**
   * "A queue that arrives inside a value does not check its elements' class (its type argument is
   * erased, as for a map)", while the handle client.queue(name, type) gives does.
   */
  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aQueueArrivingInsideAValueDoesNotCheckItsElementsClass() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      SharedList<SharedQueue<String>> queues = client.list("queues");
      SharedQueue<String> direct = client.queue("q", String.class);
      queues.add(direct);
      SharedQueue inside = queues.get(0);
      inside.put(5);
      assertEquals(5, inside.poll());
      assertThrows(ClassCastException.class, () -> ((SharedQueue) direct).put(5));
      inside.put(6);
      assertThrows(ClassCastException.class, direct::poll, "the named handle checks what it gets");
    }
  }
  /**
   * "SharedSemaphore is a fair Semaphore" and (README section 4) "tryAcquire() [does] not jump the
   * queue": with 2 permits free and a waiter for 3, a tryAcquire() of 1 gets nothing, unlike
   * java.util.concurrent's, and the waiter is served first when a permit comes back.
   */
  @Test
  void tryAcquireDoesNotJumpTheQueueOfAFairSemaphore() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient a = f.client();
      ManagerClient b = f.client();
      SharedSemaphore s = a.semaphore("s", 2);
      CompletableFuture<Boolean> three = background(() -> s.tryAcquire(3, LONG));
      eventually("the waiter for 3 is queued", () -> s.getQueueLength() == 1);
      SharedSemaphore other = b.semaphore("s", 2);
      assertEquals(2, other.availablePermits());
      assertFalse(other.tryAcquire(), "a permit is free, but someone waits before us");
      CompletableFuture<Boolean> one = background(() -> other.tryAcquire(LONG));
      eventually("queued behind", () -> s.getQueueLength() == 2);
      other.release();
      assertTrue(three.get(30, TimeUnit.SECONDS), "the first waiter is served first");
      assertFalse(one.isDone());
      s.release(3);
      assertTrue(one.get(30, TimeUnit.SECONDS));
      assertEquals(2, s.availablePermits());
    }
  }
}
