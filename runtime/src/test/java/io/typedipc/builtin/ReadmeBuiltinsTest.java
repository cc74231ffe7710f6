package io.typedipc.builtin;

import static io.typedipc.builtin.SyncFixture.LONG;
import static io.typedipc.builtin.SyncFixture.background;
import static io.typedipc.builtin.SyncFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.EmptyException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.ManagerClosedException;
import io.typedipc.NoSuchObjectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's section 4 ("Built-in shared objects"), sentence by sentence where no other test
 * holds it: the built-ins a Manager creates at start, a clean close releasing what a client held,
 * an interrupted put, and {@code remove(name)} ending the waits of every kind of built-in.
 */
@Timeout(180)
class ReadmeBuiltinsTest {

  /**
   * The section's code sample as written (with the other two parties of its barrier in clients of
   * their own, each handle with the same action), and what its comments promise.
   */
  @Test
  void theSampleRunsAsWrittenAndDoesWhatItsCommentsSay() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      List<CompletableFuture<List<String>>> others = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        ManagerClient other = f.client();
        others.add(background(() -> {
          SharedList<String> otherLog = other.list("log");
          SharedBarrier otherRound = other.barrier("round", 3, () -> otherLog.add("round done"));
          otherRound.await(Duration.ofSeconds(30));
          return otherLog.toList(); // what this party sees once released
        }));
      }
      eventually("the other two parties wait at the barrier", () -> {
        try {
          return client.barrier("round", 3).getNumberWaiting() == 2;
        } catch (IllegalArgumentException notYet) {
          return false;
        }
      });
      client.list("log").add("started"); // the sample's first add, made before the others' toList

      // ---- the README's sample, from here on
      SharedMap<String, Long> hits = client.map("hits");
      hits.merge("home", 1L, Merge.SUM);            // atomic in the Manager: N JVMs lose no update
      SharedList<String> log = client.list("log");
      SharedValue<Long> total = client.value("total", 0L);
      total.addAndGet(5L);
      SharedIntArray slots = client.intArray("slots", 8);

      SharedQueue<String> jobs = client.queue("jobs", String.class, 100);   // bounded
      jobs.put("resize cat.png");                                            // blocks while full
      String job = jobs.get(Duration.ofSeconds(5));                          // EmptyException after 5 s

      SharedLock lock = client.lock("accounts");    // a java.util.concurrent.locks.Lock
      boolean abandoned;
      lock.lock();
      try {
        abandoned = lock.wasAbandoned();
      } finally {
        lock.unlock();
      }
      SharedBarrier round = client.barrier("round", 3, () -> log.add("round done"));  // action: run by
      int index = round.await(Duration.ofSeconds(30));          // the party that trips it, before the others go
      // ---- to here

      assertEquals(1L, hits.get("home"));
      assertEquals(2L, hits.merge("home", 1L, Merge.SUM));
      assertEquals(5L, total.get());
      assertEquals(8, slots.length());
      assertEquals(List.of(0, 0, 0, 0, 0, 0, 0, 0), java.util.Arrays.stream(slots.toArray()).boxed().toList());
      assertEquals("resize cat.png", job);
      assertTrue(jobs.isEmpty());
      assertEquals(100, jobs.capacity());
      java.util.concurrent.locks.Lock plain = lock;
      assertTrue(plain.tryLock());
      plain.unlock();
      assertFalse(abandoned);
      assertEquals(0, index, "this party arrived last and tripped the barrier");
      List<String> expected = List.of("started", "round done");
      assertEquals(expected, log.toList(), "the action ran once, by the tripping party");
      for (CompletableFuture<List<String>> other : others) {
        assertEquals(expected, other.get(30, TimeUnit.SECONDS), "the action ran before the others went");
      }
      long start = System.nanoTime();
      assertThrows(EmptyException.class, () -> jobs.get(Duration.ofSeconds(5)));
      assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(4_900), "after 5 s");
    }
  }

  /**
   * Section 5's second sample: a queue put in a shared list is the same queue when another JVM
   * takes it out of the list and puts into it.
   */
  @Test
  void aQueueInASharedListIsTheSameQueueInAnotherJvm() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      SharedList<SharedQueue<Integer>> a = client.list("a");
      a.add(client.queue("q", Integer.class));
      a.get(0).put(123);                    // in any JVM: the same queue
      f.child("putThroughList", "a", "456").awaitLine("PUT", LONG);
      SharedQueue<Integer> q = client.queue("q", Integer.class);
      assertEquals(123, q.get(LONG));
      assertEquals(456, q.get(LONG));
      assertEquals("q", a.get(0).name());
    }
  }

  /**
   * Section 5, beyond its samples: every container (value, arrays, namespace, map, list) stored in
   * a shared map comes back as a proxy of the same object, not a copy.
   */
  @Test
  void everyContainerInsideAValueIsAProxyOfTheSameObject() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      ManagerClient other = f.client();
      SharedMap<String, Object> d = client.map("d");
      d.put("value", client.value("v", 1L));
      d.put("ints", client.intArray("i", 2));
      d.put("longs", client.longArray("l", 2));
      d.put("doubles", client.doubleArray("dd", 2));
      d.put("namespace", client.namespace("ns"));
      d.put("map", client.map("m"));
      d.put("list", client.list("li"));
      SharedMap<String, Object> seen = other.map("d");
      @SuppressWarnings("unchecked")
      SharedValue<Long> value = (SharedValue<Long>) seen.get("value");
      value.addAndGet(2L);
      ((SharedIntArray) seen.get("ints")).set(1, 7);
      ((SharedLongArray) seen.get("longs")).set(1, 8L);
      ((SharedDoubleArray) seen.get("doubles")).set(1, 9.5);
      @SuppressWarnings("unchecked")
      Namespace<Object> namespace = (Namespace<Object>) seen.get("namespace");
      namespace.set("x", "y");
      @SuppressWarnings("unchecked")
      SharedMap<String, Integer> map = (SharedMap<String, Integer>) seen.get("map");
      map.put("k", 1);
      @SuppressWarnings("unchecked")
      SharedList<String> list = (SharedList<String>) seen.get("list");
      list.add("e");
      assertEquals(3L, client.value("v", 1L).get());
      assertEquals(7, client.intArray("i", 2).get(1));
      assertEquals(8L, client.longArray("l", 2).get(1));
      assertEquals(9.5, client.doubleArray("dd", 2).get(1));
      assertEquals("y", client.namespace("ns").get("x"));
      assertEquals(Map.of("k", 1), client.<String, Integer>map("m").asMap());
      assertEquals(List.of("e"), client.<String>list("li").toList());
    }
  }

  /**
   * "Ownership is a thread of a client": the same thread holding the lock through one client does
   * not own it through another client — unlock() there throws, lock() there waits.
   */
  @Test
  void theSameThreadThroughAnotherClientIsAnotherOwner() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedLock mine = f.client().lock("l");
      SharedLock theirs = f.client().lock("l");
      mine.lock();
      try {
        assertTrue(mine.isHeldByCurrentThread());
        assertFalse(theirs.isHeldByCurrentThread());
        assertThrows(IllegalMonitorStateException.class, theirs::unlock);
        assertFalse(theirs.tryLock(Duration.ofMillis(100)), "waits, as another owner does");
        assertTrue(mine.isLocked());
      } finally {
        mine.unlock();
      }
      assertTrue(theirs.tryLock());
      theirs.unlock();
    }
  }

  /**
   * "proxies of it then fail with NoSuchObjectException" — also once the name was given to a new
   * object: an old proxy does not reach the new one.
   */
  @Test
  void aProxyOfARemovedObjectDoesNotReachANewObjectOfTheSameName() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      ManagerClient other = f.client();
      SharedMap<String, String> old = client.map("m");
      old.put("k", "old");
      SharedQueue<String> oldQueue = client.queue("q", String.class);
      SharedLock oldLock = client.lock("l");
      assertTrue(other.remove("m"));
      assertTrue(other.remove("q"));
      assertTrue(other.remove("l"));
      other.<String, String>map("m").put("k", "new");
      other.queue("q", String.class).put("new");
      other.lock("l");
      List<String> reached = new ArrayList<>();
      try {
        reached.add("map: " + old.get("k"));
      } catch (NoSuchObjectException expected) {
        // as the README says
      }
      try {
        reached.add("queue: " + oldQueue.size());
      } catch (NoSuchObjectException expected) {
        // as the README says
      }
      try {
        reached.add("lock: " + oldLock.isLocked());
      } catch (NoSuchObjectException expected) {
        // as the README says
      }
      assertEquals(List.of(), reached, "old proxies that reached the new objects");
    }
  }

  /**
   * "A blocked lock(), get(), put(), acquire(), await() or join() is a pending reply in the
   * Manager; timeouts are measured there": a wait longer than the client's call timeout is not cut
   * short by it, with or without a timeout of its own.
   */
  @Test
  void waitsOutlastTheClientsCallTimeout() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = io.typedipc.it.TestTransport.checked(io.typedipc.it.TestTransport.client(ManagerClient.builder())
          .address("127.0.0.1", f.manager.port()).authKey(f.key).callTimeout(Duration.ofMillis(200)).connect());
      try (client) {
        ManagerClient other = f.client();
        Duration wait = Duration.ofMillis(800);
        List<String> wrong = new ArrayList<>();
        timed(wrong, "queue get(timeout)", wait, () -> {
          assertThrows(EmptyException.class, () -> client.queue("q", String.class).get(wait));
        });
        SharedQueue<String> full = client.queue("full", String.class, 1);
        full.put("x");
        timed(wrong, "queue put(timeout)", wait, () -> {
          assertThrows(io.typedipc.FullException.class, () -> full.put("y", wait));
        });
        other.lock("l").lock();
        timed(wrong, "tryLock(timeout)", wait, () -> assertFalse(client.lock("l").tryLock(wait)));
        timed(wrong, "semaphore tryAcquire(timeout)", wait, () -> assertFalse(client.semaphore("s", 0).tryAcquire(wait)));
        timed(wrong, "event await(timeout)", wait, () -> assertFalse(client.event("e").await(wait)));
        timed(wrong, "barrier await(timeout)", wait, () -> {
          assertThrows(java.util.concurrent.TimeoutException.class, () -> client.barrier("b", 2).await(wait));
        });
        timed(wrong, "joinable join(timeout)", wait, () -> {
          JoinableQueue<String> jq = client.joinableQueue("jq", String.class, 0);
          jq.put("task");
          assertFalse(jq.join(wait));
        });
        SharedCondition condition = client.condition("c");
        timed(wrong, "condition await(timeout)", wait, () -> {
          condition.lock().lock();
          try {
            assertFalse(condition.await(wait));
          } finally {
            condition.lock().unlock();
          }
        });
        // and without a timeout: released by another client after longer than the call timeout
        CompletableFuture<String> get = background(() -> client.queue("later", String.class).get());
        CompletableFuture<Boolean> lock = background(() -> {
          client.lock("l").lock();
          client.lock("l").unlock();
          return true;
        });
        CompletableFuture<Boolean> acquire = background(() -> {
          client.semaphore("s", 0).acquire();
          return true;
        });
        eventually("three waits are parked", () -> f.manager.introspect().parkedCalls() == 3);
        assertThrows(java.util.concurrent.TimeoutException.class,
            () -> CompletableFuture.anyOf(get, lock, acquire).get(wait.toMillis(), TimeUnit.MILLISECONDS),
            "the waits go on past the call timeout");
        other.queue("later", String.class).put("v");
        other.lock("l").unlock();
        other.semaphore("s", 0).release();
        assertEquals("v", get.get(30, TimeUnit.SECONDS));
        assertTrue(lock.get(30, TimeUnit.SECONDS));
        assertTrue(acquire.get(30, TimeUnit.SECONDS));
        assertEquals(List.of(), wrong);
      }
    }
  }

  /** A wait expected to take its whole timeout, {@code wait}, and end as {@code check} expects. */
  private interface TimedWait {
    void run() throws Throwable;
  }

  private static void timed(List<String> wrong, String what, Duration wait, TimedWait check) {
    long start = System.nanoTime();
    try {
      check.run();
      long took = System.nanoTime() - start;
      if (took < wait.toNanos() - TimeUnit.MILLISECONDS.toNanos(20)) {
        wrong.add(what + " returned after " + TimeUnit.NANOSECONDS.toMillis(took) + " ms");
      }
    } catch (Throwable e) {
      wrong.add(what + ": " + e);
    }
  }

  /**
   * "locks, conditions, semaphores and barriers follow java.util.concurrent's contracts": a thread
   * whose interrupt status is set when it calls a waiting method gets InterruptedException at once
   * (status cleared) and takes nothing, as ReentrantLock, Semaphore and BlockingQueue do; and,
   * as CyclicBarrier does, such an await breaks the barrier for the parties waiting at it.
   */
  @Test
  void aThreadInterruptedBeforeItWaitsGetsInterruptedExceptionAndABarrierBreaks() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      List<String> wrong = new ArrayList<>();
      SharedLock lock = client.lock("l");
      interruptedOnEntry(wrong, "lockInterruptibly", lock::lockInterruptibly);
      interruptedOnEntry(wrong, "tryLock(timeout)", () -> lock.tryLock(LONG));
      if (lock.isLocked()) {
        wrong.add("the lock was taken");
      }
      SharedQueue<String> q = client.queue("q", String.class);
      q.put("kept");
      interruptedOnEntry(wrong, "queue get", q::get);
      interruptedOnEntry(wrong, "queue put", () -> q.put("not added"));
      if (q.size() != 1) {
        wrong.add("the queue holds " + q.size() + " elements, not 1");
      }
      SharedSemaphore semaphore = client.semaphore("s", 1);
      interruptedOnEntry(wrong, "semaphore acquire", semaphore::acquire);
      if (semaphore.availablePermits() != 1) {
        wrong.add("a permit was taken");
      }
      interruptedOnEntry(wrong, "event await", () -> client.event("e").await());
      SharedCondition condition = client.condition("c");
      condition.lock().lock();
      try {
        interruptedOnEntry(wrong, "condition await", condition::await);
        if (!condition.lock().isHeldByCurrentThread()) {
          wrong.add("the condition's lock is no longer held");
        }
      } finally {
        condition.lock().unlock();
      }

      SharedBarrier barrier = client.barrier("b", 2);
      CompletableFuture<Integer> waiting = background(() -> f.client().barrier("b", 2).await(LONG));
      eventually("one party waits", () -> barrier.getNumberWaiting() == 1);
      interruptedOnEntry(wrong, "barrier await", barrier::await);
      try {
        wrong.add("the waiting party was released with index " + waiting.get(30, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof java.util.concurrent.BrokenBarrierException)) {
          wrong.add("the waiting party got " + e.getCause());
        }
      } catch (java.util.concurrent.TimeoutException e) {
        wrong.add("the waiting party still waits: the barrier did not break");
      }
      if (!barrier.isBroken()) {
        wrong.add("the barrier is not broken");
      }
      assertEquals(List.of(), wrong);
    }
  }

  /** The semaphore's Javadoc: a count of permits below 1 is refused, and changes nothing. */
  @Test
  void permitCountsBelowOneAreRefused() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedSemaphore s = f.client().semaphore("s", 2);
      SharedBoundedSemaphore b = f.client().boundedSemaphore("b", 2);
      assertThrows(IllegalArgumentException.class, () -> s.acquire(0));
      assertThrows(IllegalArgumentException.class, () -> s.acquire(-1));
      assertThrows(IllegalArgumentException.class, () -> s.tryAcquire(0, LONG));
      assertThrows(IllegalArgumentException.class, () -> s.release(0));
      assertThrows(IllegalArgumentException.class, () -> b.release(-1));
      assertEquals(2, s.availablePermits());
      assertEquals(2, b.availablePermits());
    }
  }

  /**
   * CyclicBarrier's contract for a wait of no time: the last party trips the barrier, any other
   * times out at once (TimeoutException) and breaks it; the same for a negative timeout.
   */
  @Test
  void aBarrierWaitOfNoTimeTripsAsTheLastPartyAndOtherwiseBreaksTheBarrier() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      SharedBarrier one = client.barrier("one", 1);
      assertEquals(0, one.await(Duration.ZERO), "the only party trips it");
      SharedBarrier two = client.barrier("two", 2);
      CompletableFuture<Integer> waiting = background(() -> f.client().barrier("two", 2).await(LONG));
      eventually("one party waits", () -> two.getNumberWaiting() == 1);
      assertEquals(0, two.await(Duration.ZERO), "the last party trips it without waiting");
      assertEquals(1, waiting.get(30, TimeUnit.SECONDS));
      long start = System.nanoTime();
      assertThrows(java.util.concurrent.TimeoutException.class, () -> two.await(Duration.ofMillis(-5)));
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "at once");
      assertTrue(two.isBroken());
      assertThrows(java.util.concurrent.BrokenBarrierException.class, () -> two.await(LONG));
      two.reset();
      assertThrows(java.util.concurrent.TimeoutException.class, () -> two.await(0, TimeUnit.SECONDS));
      assertTrue(two.isBroken());
    }
  }

  /**
   * "locks [and] conditions … follow java.util.concurrent's contracts": the Lock and Condition
   * methods with a TimeUnit or a deadline, as a program written for ReentrantLock calls them.
   */
  @Test
  void theTimedLockAndConditionMethodsOfJavaUtilConcurrent() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      java.util.concurrent.locks.Lock lock = f.client().rlock("r");
      java.util.concurrent.locks.Lock held = f.client().lock("held");
      held.lock();
      java.util.concurrent.locks.Lock other = f.client().lock("held");
      assertFalse(other.tryLock(-1, TimeUnit.SECONDS), "a negative wait does not wait");
      assertFalse(other.tryLock(100, TimeUnit.MILLISECONDS));
      held.unlock();
      assertTrue(other.tryLock(1, TimeUnit.SECONDS));
      other.unlock();

      java.util.concurrent.locks.Condition condition = f.client().condition("c");
      java.util.concurrent.locks.Lock conditionLock = ((SharedCondition) condition).lock();
      conditionLock.lock();
      try {
        long left = condition.awaitNanos(TimeUnit.MILLISECONDS.toNanos(100));
        assertTrue(left <= 0, "timed out: " + left);
        assertFalse(condition.await(50, TimeUnit.MILLISECONDS));
        assertFalse(condition.awaitUntil(new java.util.Date(System.currentTimeMillis() - 1000)), "a deadline passed");
        assertFalse(condition.awaitUntil(new java.util.Date(System.currentTimeMillis() + 100)));
        assertTrue(((SharedLock) conditionLock).isHeldByCurrentThread(), "held again after each wait");
      } finally {
        conditionLock.unlock();
      }
      CompletableFuture<Long> signalled = background(() -> {
        conditionLock.lock();
        try {
          return condition.awaitNanos(TimeUnit.SECONDS.toNanos(30));
        } finally {
          conditionLock.unlock();
        }
      });
      eventually("a thread waits on the condition", () -> ((SharedCondition) condition).getWaitQueueLength() == 1);
      conditionLock.lock();
      try {
        condition.signal();
      } finally {
        conditionLock.unlock();
      }
      assertTrue(signalled.get(30, TimeUnit.SECONDS) > 0, "signalled: time left");
      lock.lock();
      lock.unlock();
    }
  }

  /**
   * "InterruptedException from a waiting …": a thread interrupted while parked in a semaphore
   * acquire, an event await, a join or a barrier await gets InterruptedException; its request is
   * withdrawn (a permit released later stays available) and, as CyclicBarrier's contract says, the
   * barrier breaks for the other parties.
   */
  @Test
  void waitsInterruptedWhileParkedThrowAndAreWithdrawn() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      List<String> wrong = new ArrayList<>();
      SharedSemaphore semaphore = client.semaphore("s", 0);
      interruptedWhileParked(wrong, f, "semaphore acquire", semaphore::acquire);
      semaphore.release();
      if (semaphore.availablePermits() != 1) {
        wrong.add("the withdrawn acquire took the permit");
      }
      interruptedWhileParked(wrong, f, "event await", () -> client.event("e").await());
      JoinableQueue<String> jq = client.joinableQueue("jq", String.class, 0);
      jq.put("task");
      interruptedWhileParked(wrong, f, "join", jq::join);

      SharedBarrier barrier = client.barrier("b", 3);
      CompletableFuture<Integer> other = background(() -> f.client().barrier("b", 3).await(LONG));
      eventually("one party waits", () -> barrier.getNumberWaiting() == 1);
      interruptedWhileParked(wrong, f, "barrier await", barrier::await, 2, 0); // the other party's wait ends too
      try {
        wrong.add("the other party was released with " + other.get(30, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof java.util.concurrent.BrokenBarrierException)) {
          wrong.add("the other party got " + e.getCause());
        }
      }
      assertEquals(List.of(), wrong);
      assertTrue(barrier.isBroken());
    }
  }

  private static void interruptedWhileParked(List<String> wrong, SyncFixture f, String what, TimedWait call) throws Exception {
    interruptedWhileParked(wrong, f, what, call, 1, 0);
  }

  private static void interruptedWhileParked(List<String> wrong, SyncFixture f, String what, TimedWait call, int parked,
      int after) throws Exception {
    Thread[] t = new Thread[1];
    CompletableFuture<String> waiting = background(() -> {
      t[0] = Thread.currentThread();
      try {
        call.run();
        return what + " returned";
      } catch (InterruptedException expected) {
        return Thread.currentThread().isInterrupted() ? what + " left the interrupt status set" : null;
      } catch (Throwable e) {
        return what + " threw " + e;
      }
    });
    eventually(what + " is parked", () -> f.manager.introspect().parkedCalls() == parked);
    t[0].interrupt();
    String result = waiting.get(30, TimeUnit.SECONDS);
    if (result != null) {
      wrong.add(result);
    }
    eventually(what + " is withdrawn", () -> f.manager.introspect().parkedCalls() == after);
  }

  private static void interruptedOnEntry(List<String> wrong, String what, TimedWait call) {
    Thread.currentThread().interrupt();
    try {
      call.run();
      wrong.add(what + " returned");
    } catch (InterruptedException expected) {
      if (Thread.currentThread().isInterrupted()) {
        wrong.add(what + " left the interrupt status set");
      }
    } catch (Throwable e) {
      wrong.add(what + " threw " + e);
    } finally {
      Thread.interrupted();
    }
  }

  /** A registered value class holding shared objects in its fields. */
  public record Assignment(String worker, SharedQueue<String> inbox, SharedList<String> log) {}

  /**
   * Section 5: "so does any shared object inside a result (a map's value, a list element, a record
   * field)": a record whose fields are a queue and a list, stored in a shared map, comes back to
   * another client holding handles on the same objects.
   */
  @Test
  void sharedObjectsInARecordsFieldsArriveAsTheSameObjects() throws Exception {
    try (SyncFixture f = new SyncFixture(Manager.builder().register(Assignment.class));
        ManagerClient one = registered(f);
        ManagerClient two = registered(f)) {
      SharedMap<String, Assignment> assignments = one.map("assignments");
      assignments.put("ann", new Assignment("ann", one.queue("ann-inbox", String.class), one.list("ann-log")));
      Assignment got = two.<String, Assignment>map("assignments").get("ann");
      assertEquals("ann", got.worker());
      got.inbox().put("job");
      got.log().add("assigned");
      assertEquals("job", one.queue("ann-inbox", String.class).get(LONG));
      assertEquals(List.of("assigned"), one.<String>list("ann-log").toList());
      assertEquals("ann-inbox", got.inbox().name());
    }
  }

  private static ManagerClient registered(SyncFixture f) {
    return io.typedipc.it.TestTransport.checked(io.typedipc.it.TestTransport.client(ManagerClient.builder())
        .address("127.0.0.1", f.manager.port()).authKey(f.key).register(Assignment.class).connect());
  }

  /**
   * "a Manager can also create them at start ({@code Manager.builder().map("d").queue("jobs",
   * 100).lock("accounts")…})": a client asking for those names gets those objects, with the
   * Manager's parameters (a client's own are ignored for an existing object).
   */
  @Test
  void builtinsTheManagerCreatesAtStartAreTheOnesClientsGetByName() throws Exception {
    try (SyncFixture f = new SyncFixture(Manager.builder().map("d").queue("jobs", 100).lock("accounts")
        .list("l").namespace("ns").intArray("slots", 8).rlock("r").condition("c").semaphore("s", 2)
        .boundedSemaphore("bs", 1).event("e").barrier("b", 3).joinableQueue("jq", 7))) {
      ManagerClient one = f.client();
      ManagerClient two = f.client();
      one.<String, Integer>map("d").put("k", 1);
      assertEquals(Map.of("k", 1), two.<String, Integer>map("d").asMap());
      SharedQueue<String> jobs = one.queue("jobs", String.class, 5);
      assertEquals(100, jobs.capacity(), "the Manager's capacity, not the client's");
      for (int i = 0; i < 100; i++) {
        jobs.putNowait("job " + i);
      }
      assertTrue(jobs.isFull());
      assertEquals("job 0", two.queue("jobs", String.class).get(LONG));
      SharedLock accounts = one.lock("accounts");
      accounts.lock();
      try {
        assertTrue(two.lock("accounts").isLocked());
        assertFalse(two.lock("accounts").tryLock());
      } finally {
        accounts.unlock();
      }
      assertEquals(8, one.intArray("slots", 8).length());
      assertThrows(IllegalArgumentException.class, () -> one.intArray("slots", 9), "another length");
      assertEquals(2, one.semaphore("s", 10).availablePermits(), "the Manager's permits");
      assertEquals(1, one.boundedSemaphore("bs", 10).availablePermits());
      assertEquals(3, one.barrier("b", 1).getParties(), "the Manager's parties");
      assertEquals(7, one.joinableQueue("jq", String.class, 0).capacity());
      one.event("e").set();
      assertTrue(two.event("e").isSet());
      one.<String>list("l").add("x");
      assertEquals(List.of("x"), two.<String>list("l").toList());
      one.<Integer>namespace("ns").set("a", 1);
      assertEquals(1, two.<Integer>namespace("ns").get("a"));
      SharedRLock r = one.rlock("r");
      r.lock();
      r.lock();
      assertEquals(2, r.getHoldCount());
      r.unlock();
      r.unlock();
      SharedCondition c = one.condition("c");
      c.lock().lock();
      try {
        assertFalse(c.await(Duration.ofMillis(1)));
      } finally {
        c.lock().unlock();
      }
      // a name the Manager made as one kind is not another kind
      assertThrows(IllegalArgumentException.class, () -> one.map("jobs"));
      assertThrows(IllegalArgumentException.class, () -> one.lock("d"));
    }
  }

  /**
   * "Any client creates one by name (or gets the existing one …)": a client's parameters are
   * ignored for an existing object, but parameters no object could be created with are refused
   * whether or not it exists, as the factories' Javadoc says (a negative capacity or number of
   * permits, a barrier of no parties).
   */
  @Test
  void badParametersAreRefusedEvenWhenTheObjectExists() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      client.queue("q", String.class, 3);
      client.joinableQueue("jq", String.class, 3);
      client.semaphore("s", 1);
      client.boundedSemaphore("bs", 1);
      client.barrier("b", 2);
      client.intArray("a", 2);
      List<String> accepted = new ArrayList<>();
      refused(accepted, "queue capacity -1", () -> client.queue("q", String.class, -1));
      refused(accepted, "joinableQueue capacity -1", () -> client.joinableQueue("jq", String.class, -1));
      refused(accepted, "semaphore permits -1", () -> client.semaphore("s", -1));
      refused(accepted, "boundedSemaphore permits -1", () -> client.boundedSemaphore("bs", -1));
      refused(accepted, "barrier of 0 parties", () -> client.barrier("b", 0));
      refused(accepted, "barrier of 0 parties with an action", () -> client.barrier("b", 0, () -> { }));
      refused(accepted, "intArray length -1", () -> client.intArray("a", -1));
      assertEquals(List.of(), accepted, "accepted for an existing object");
      assertEquals(3, client.queue("q", String.class, 0).capacity(), "a valid parameter is still ignored");
      assertEquals(2, client.barrier("b", 5).getParties());
    }
  }

  /** The factories' Javadoc: a blank or reserved name is refused, for every kind; null is named. */
  @Test
  void blankAndReservedNamesAreRefusedForEveryKind() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient client = f.client();
      List<String> accepted = new ArrayList<>();
      for (String name : new String[] {"", "  ", "typedipc.mine"}) {
        refused(accepted, "map '" + name + "'", () -> client.map(name));
        refused(accepted, "list '" + name + "'", () -> client.list(name));
        refused(accepted, "value '" + name + "'", () -> client.value(name, 1));
        refused(accepted, "intArray '" + name + "'", () -> client.intArray(name, 1));
        refused(accepted, "namespace '" + name + "'", () -> client.namespace(name));
        refused(accepted, "lock '" + name + "'", () -> client.lock(name));
        refused(accepted, "rlock '" + name + "'", () -> client.rlock(name));
        refused(accepted, "condition '" + name + "'", () -> client.condition(name));
        refused(accepted, "semaphore '" + name + "'", () -> client.semaphore(name, 1));
        refused(accepted, "boundedSemaphore '" + name + "'", () -> client.boundedSemaphore(name, 1));
        refused(accepted, "event '" + name + "'", () -> client.event(name));
        refused(accepted, "barrier '" + name + "'", () -> client.barrier(name, 1));
        refused(accepted, "queue '" + name + "'", () -> client.queue(name, String.class));
        refused(accepted, "joinableQueue '" + name + "'", () -> client.joinableQueue(name, String.class, 0));
      }
      assertEquals(List.of(), accepted);
      assertThrows(NullPointerException.class, () -> client.map(null));
      assertThrows(NullPointerException.class, () -> client.lock(null));
      assertThrows(NullPointerException.class, () -> client.queue(null, String.class));
    }
  }

  private static void refused(List<String> accepted, String what, Runnable call) {
    try {
      call.run();
      accepted.add(what);
    } catch (IllegalArgumentException expected) {
      // as the Javadoc says
    }
  }

  /**
   * "When a client closes, disconnects or dies, the Manager releases its locks (and gives back its
   * semaphore permits); the next holder sees wasAbandoned() return true": here a clean close,
   * with a waiter already parked.
   */
  @Test
  void aClientThatClosesHoldingLocksAndPermitsReleasesThemMarkedAbandoned() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient holder = f.client();
      ManagerClient next = f.client();
      holder.lock("l").lock();
      SharedRLock rlock = holder.rlock("r");
      rlock.lock();
      rlock.lock();
      holder.semaphore("s", 3).acquire(2);
      SharedCondition condition = holder.condition("c");
      condition.lock().lock();

      SharedLock lock = next.lock("l");
      CompletableFuture<Boolean> waiter = background(() -> {
        lock.lock();
        try {
          return lock.wasAbandoned();
        } finally {
          lock.unlock();
        }
      });
      eventually("the waiter is parked", () -> lock.getQueueLength() == 1);
      holder.close();
      assertTrue(waiter.get(30, TimeUnit.SECONDS), "the waiter got the lock and saw it abandoned");

      SharedRLock r = next.rlock("r");
      assertTrue(r.tryLock(LONG), "both holds of the reentrant lock went with the client");
      assertTrue(r.wasAbandoned());
      r.unlock();
      SharedSemaphore s = next.semaphore("s", 3);
      eventually("the permits came back", () -> s.availablePermits() == 3);
      assertTrue(s.tryAcquire(3, LONG));
      assertTrue(s.wasAbandoned(), "an acquire that took recovered permits");
      SharedLock conditionLock = next.condition("c").lock();
      assertTrue(conditionLock.tryLock(LONG), "a condition's lock is released too");
      assertTrue(conditionLock.wasAbandoned());
      conditionLock.unlock();
    }
  }

  /** "InterruptedException from a waiting put/get": a put too, and the withdrawn put adds nothing. */
  @Test
  void anInterruptedPutWithdrawsSoItsElementIsNotAdded() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      SharedQueue<String> q = f.client().queue("q", String.class, 1);
      q.put("first");
      Thread[] t = new Thread[1];
      CompletableFuture<Boolean> putter = background(() -> {
        t[0] = Thread.currentThread();
        try {
          q.put("withdrawn");
          return false;
        } catch (InterruptedException e) {
          return !Thread.currentThread().isInterrupted();
        }
      });
      eventually("the put is parked", () -> t[0] != null && t[0].getState() == Thread.State.WAITING);
      t[0].interrupt();
      assertTrue(putter.get(30, TimeUnit.SECONDS), "InterruptedException, the status cleared");
      SharedQueue<String> other = f.client().queue("q", String.class, 1);
      assertEquals("first", other.get(LONG));
      assertThrows(EmptyException.class, () -> other.get(Duration.ofMillis(200)), "the withdrawn put added nothing");
    }
  }

  /**
   * "client.remove(name) (or manager.remove(name)) removes a named object for everyone: proxies of
   * it then fail with NoSuchObjectException, its waiting calls with ManagerClosedException" — for
   * every kind of built-in that has waiting calls, not only a lock.
   */
  @Test
  void removingABuiltinEndsEveryKindOfWaitAndItsProxiesFail() throws Exception {
    try (SyncFixture f = new SyncFixture()) {
      ManagerClient remover = f.client();
      ManagerClient waiterClient = f.client();
      List<String> failures = new ArrayList<>();
      boolean viaManager = false;

      SharedQueue<String> emptyQueue = waiterClient.queue("empty", String.class, 1);
      check(failures, f, remover, viaManager = !viaManager, "empty", emptyQueue::get,
          () -> parked(f), emptyQueue::size);

      SharedQueue<String> fullQueue = waiterClient.queue("full", String.class, 1);
      fullQueue.put("x");
      check(failures, f, remover, viaManager = !viaManager, "full", () -> {
        fullQueue.put("y");
        return null;
      }, () -> parked(f), fullQueue::isFull);

      JoinableQueue<String> joinable = waiterClient.joinableQueue("jq", String.class, 0);
      joinable.put("task");
      check(failures, f, remover, viaManager = !viaManager, "jq", () -> {
        joinable.join();
        return null;
      }, () -> parked(f), joinable::unfinishedTasks);

      SharedSemaphore semaphore = waiterClient.semaphore("s", 0);
      check(failures, f, remover, viaManager = !viaManager, "s", () -> {
        semaphore.acquire();
        return null;
      }, () -> semaphore.getQueueLength() == 1, semaphore::availablePermits);

      SharedBoundedSemaphore bounded = waiterClient.boundedSemaphore("bs", 1);
      bounded.acquire();
      SharedBoundedSemaphore boundedWaiter = f.client().boundedSemaphore("bs", 1);
      check(failures, f, remover, viaManager = !viaManager, "bs", () -> boundedWaiter.tryAcquire(LONG),
          () -> bounded.getQueueLength() == 1, bounded::availablePermits);

      SharedEvent event = waiterClient.event("e");
      check(failures, f, remover, viaManager = !viaManager, "e", () -> {
        event.await();
        return null;
      }, () -> parked(f), event::isSet);

      SharedBarrier barrier = waiterClient.barrier("b", 2);
      check(failures, f, remover, viaManager = !viaManager, "b", barrier::await,
          () -> barrier.getNumberWaiting() == 1, barrier::getNumberWaiting);

      SharedCondition condition = waiterClient.condition("c");
      check(failures, f, remover, viaManager = !viaManager, "c", () -> {
        condition.lock().lock();
        condition.await(); // ends without the lock, which went with the condition
        return null;
      }, () -> parked(f), () -> condition.lock().isLocked());

      SharedRLock rlock = waiterClient.rlock("r");
      remover.rlock("r").lock();
      check(failures, f, remover, viaManager = !viaManager, "r", () -> rlock.tryLock(LONG),
          () -> rlock.getQueueLength() == 1, rlock::isLocked);

      assertEquals(List.of(), failures);
    }
  }

  /** Whether the Manager has exactly one parked call now (the one under test). */
  private static boolean parked(SyncFixture f) {
    return f.manager.introspect().parkedCalls() == 1;
  }

  /**
   * Starts {@code wait} on a thread of its own, waits until {@code parked}, removes {@code name}
   * (through the Manager or a client), and records in {@code failures} what did not go as the README
   * says: the wait ends with ManagerClosedException, a later call through the proxy fails with
   * NoSuchObjectException.
   */
  private static void check(List<String> failures, SyncFixture f, ManagerClient remover, boolean viaManager,
      String name, Callable<?> wait, BooleanSupplier parked, Callable<?> later) throws Exception {
    CompletableFuture<?> waiting = background(wait);
    eventually(name + ": the call is parked", () -> parked.getAsBoolean() || waiting.isDone());
    assertFalse(waiting.isDone(), name + ": the call waits");
    assertTrue(viaManager ? f.manager.remove(name) : remover.remove(name), name + " was there");
    try {
      Object result = waiting.get(30, TimeUnit.SECONDS);
      failures.add(name + ": the wait returned " + result);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof ManagerClosedException)) {
        failures.add(name + ": the wait ended with " + e.getCause());
      } else if (!e.getCause().getMessage().contains("removed")) {
        failures.add(name + ": the message does not say the object may have been removed: " + e.getCause().getMessage());
      }
    }
    try {
      Object result = later.call();
      failures.add(name + ": a later call returned " + result);
    } catch (NoSuchObjectException expected) {
      // as the README says
    } catch (Exception e) {
      failures.add(name + ": a later call failed with " + e);
    }
  }
}
