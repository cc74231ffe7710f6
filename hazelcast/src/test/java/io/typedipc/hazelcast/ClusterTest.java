package io.typedipc.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClient;
import io.typedipc.Producer;
import io.typedipc.Receiver;
import io.typedipc.TypedIpcException;
import io.typedipc.builtin.JoinableQueue;
import io.typedipc.builtin.SharedBarrier;
import io.typedipc.builtin.SharedCondition;
import io.typedipc.builtin.SharedEvent;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.builtin.SharedSemaphore;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Three Managers, each a Hazelcast member in its own JVM (loopback, TCP-IP join), and clients in
 * this JVM connected to one member each. The last test kills a member with kill -9.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterTest {
  private final AuthKey key = AuthKey.generate();
  private final List<MemberJvm> members = new ArrayList<>();

  @BeforeAll
  void startCluster() throws InterruptedException {
    String cluster = "typedipc-test-" + UUID.randomUUID();
    List<Integer> ports = List.of(TestClusters.freePort(), TestClusters.freePort(), TestClusters.freePort());
    for (int port : ports) {
      members.add(MemberJvm.start(key, cluster, port, ports));
    }
    for (MemberJvm m : members) {
      m.awaitReady(Duration.ofSeconds(150));
    }
  }

  @AfterAll
  void stopCluster() throws InterruptedException {
    for (MemberJvm m : members) {
      m.close();
    }
  }

  private ManagerClient client(MemberJvm member) {
    return ManagerClient.builder().address("127.0.0.1", member.port).authKey(key).callTimeout(Duration.ofSeconds(60)).connect();
  }

  @Test
  @Order(1)
  void twoMembersServeTheSameObject() throws Exception {
    try (ManagerClient a = client(members.get(0)); ManagerClient b = client(members.get(1))) {
      Counter viaA = a.shared(Counter.class, "counter");
      Counter viaB = b.shared(Counter.class, "counter");
      long before = viaA.get();
      HashSet<Long> values = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        values.add(viaA.increment());
        values.add(viaB.increment());
      }
      assertEquals(40, values.size(), "every increment got its own value: " + values);
      assertEquals(before + 40, viaB.get());
      assertEquals(before + 40, viaA.get());

      // one at a time per object, as in a single Manager: concurrent callers through two members
      // of a non-thread-safe counter each get their own value and none is lost
      List<CompletableFuture<List<Long>>> callers = new ArrayList<>();
      java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
      for (Counter via : List.of(viaA, viaB, viaA, viaB)) {
        callers.add(CompletableFuture.supplyAsync(() -> {
          List<Long> got = new ArrayList<>();
          for (int i = 0; i < 25; i++) {
            got.add(via.increment());
          }
          return got;
        }, threads));
      }
      HashSet<Long> concurrent = new HashSet<>();
      try {
        for (CompletableFuture<List<Long>> caller : callers) {
          concurrent.addAll(caller.get(120, TimeUnit.SECONDS));
        }
      } finally {
        threads.shutdownNow();
      }
      assertEquals(100, concurrent.size(), "every concurrent increment got its own value");
      assertEquals(before + 140, viaA.get(), "no increment was lost");

      SharedMap<String, Integer> created = a.map("created-by-a-client");
      created.put("x", 1);
      assertEquals(1, b.<String, Integer>map("created-by-a-client").get("x"));
    }
  }

  @Test
  @Order(2)
  void waitsParkedInOneMemberEndOnAChangeThroughAnother() throws Exception {
    try (ManagerClient a = client(members.get(0)); ManagerClient b = client(members.get(1))) {
      SharedQueue<String> viaB = b.queue("jobs", String.class);
      CompletableFuture<String> got = CompletableFuture.supplyAsync(() -> {
        try {
          return viaB.get(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
          throw new CompletionException(e);
        }
      }, TestThreads.EACH);
      awaitParked(b, 1);
      a.queue("jobs", String.class).put("job-1");
      assertEquals("job-1", got.get(60, TimeUnit.SECONDS));

      SharedEvent eventB = b.event("go");
      CompletableFuture<Boolean> woke = CompletableFuture.supplyAsync(() -> {
        try {
          return eventB.await(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
          throw new CompletionException(e);
        }
      }, TestThreads.EACH);
      awaitParked(b, 1);
      a.event("go").set();
      assertTrue(woke.get(60, TimeUnit.SECONDS));
      a.event("go").clear();
    }
  }

  @Test
  @Order(3)
  void eachChannelMessageGoesToOneConsumerWhicheverMemberItUses() throws Exception {
    try (ManagerClient a = client(members.get(0)); ManagerClient b = client(members.get(1)); ManagerClient c = client(members.get(2))) {
      Producer<Orders> producer = a.channel(Orders.class, "placed", 100).producer();
      for (int i = 0; i < 40; i++) {
        producer.send().placed("o-" + i);
      }
      producer.flush();
      List<String> got = Collections.synchronizedList(new ArrayList<>());
      List<CompletableFuture<Void>> consumers = new ArrayList<>();
      for (ManagerClient client : List.of(b, c)) {
        consumers.add(CompletableFuture.runAsync(() -> {
          try (Receiver<Orders> receiver = client.receiver(Orders.class, "placed")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (got.size() < 40 && System.nanoTime() < deadline) {
              receiver.receive(got::add, Duration.ofMillis(500));
            }
          }
        }, TestThreads.EACH));
      }
      for (CompletableFuture<Void> f : consumers) {
        f.get(90, TimeUnit.SECONDS);
      }
      assertEquals(40, got.size(), "got " + got);
      assertEquals(40, new HashSet<>(got).size(), "no message went to two consumers: " + got);
    }
  }

  @Test
  @Order(4)
  void aLockHeldByADepartedClientIsReleased() throws Exception {
    try (ManagerClient b = client(members.get(1))) {
      ManagerClient holder = client(members.get(0));
      holder.lock("lock").lock();
      SharedLock viaB = b.lock("lock");
      assertFalse(viaB.tryLock());
      holder.close();
      assertTrue(viaB.tryLock(Duration.ofSeconds(60)), "the lock came back when its holder's client went");
      assertTrue(viaB.wasAbandoned());
      viaB.unlock();
    }
  }

  /**
   * A consumer's client leaves (its member lives on) while its handler holds a message: the
   * message goes to a consumer on another member. Closing the client does not wait for the
   * handler.
   */
  @Test
  @Order(5)
  void aMessageHeldByADepartedConsumerGoesToAnotherOne() throws Exception {
    try (ManagerClient a = client(members.get(0)); ManagerClient b = client(members.get(1))) {
      Producer<Orders> producer = a.channel(Orders.class, "handed", 10).producer();
      producer.send().placed("held");
      producer.flush();
      ManagerClient leaving = client(members.get(0));
      try (HeldMessage held = new HeldMessage(leaving, "handed")) {
        assertTrue(held.taken(), "the first consumer took the message");
        CompletableFuture.runAsync(leaving::close, TestThreads.EACH).get(30, TimeUnit.SECONDS); // does not wait for the handler
        List<String> got = new ArrayList<>();
        try (Receiver<Orders> receiver = b.receiver(Orders.class, "handed")) {
          assertTrue(receiver.receive(got::add, Duration.ofSeconds(60)), "the message came back to another consumer");
        }
        assertEquals(List.of("held"), got);
      }
    }
  }

  /**
   * Condition waiters on two members are woken by a signal through a third; each returns holding
   * the lock again. A wait that times out returns false, holding the lock; a signal without the
   * lock is refused.
   */
  @Test
  @Order(6)
  void conditionWaitersOnTwoMembersAreWokenThroughAThird() throws Exception {
    try (ManagerClient a = client(members.get(0)); ManagerClient b = client(members.get(1)); ManagerClient c = client(members.get(2))) {
      List<CompletableFuture<Boolean>> woken = new ArrayList<>();
      for (ManagerClient waiter : List.of(a, c)) {
        SharedCondition cond = waiter.condition("ready");
        woken.add(CompletableFuture.supplyAsync(() -> {
          cond.lock().lock();
          try {
            return cond.await(Duration.ofSeconds(90)) && cond.lock().isHeldByCurrentThread();
          } catch (InterruptedException e) {
            throw new CompletionException(e);
          } finally {
            cond.lock().unlock();
          }
        }, TestThreads.EACH));
      }
      SharedCondition viaB = b.condition("ready");
      awaitValue(viaB::getWaitQueueLength, 2);
      assertThrows(IllegalMonitorStateException.class, viaB::signalAll, "signalling needs the lock");
      viaB.lock().lock();
      viaB.signalAll();
      viaB.lock().unlock();
      for (CompletableFuture<Boolean> w : woken) {
        assertTrue(w.get(90, TimeUnit.SECONDS), "woken, holding the lock again");
      }
      assertEquals(0, viaB.getWaitQueueLength());

      SharedCondition timed = a.condition("ready");
      timed.lock().lock();
      try {
        assertFalse(timed.await(Duration.ofMillis(300)), "nobody signalled");
        assertTrue(timed.lock().isHeldByCurrentThread(), "a timed-out wait holds the lock again");
      } finally {
        timed.lock().unlock();
      }
      assertFalse(viaB.lock().isLocked());

      ManagerClient leaving = client(members.get(2));
      SharedCondition leavingsCondition = leaving.condition("ready");
      CompletableFuture<Void> stranded = CompletableFuture.runAsync(() -> {
        leavingsCondition.lock().lock();
        try {
          leavingsCondition.await(Duration.ofSeconds(90));
        } catch (Exception ignored) {
          // its client is gone
        }
      }, TestThreads.EACH);
      awaitValue(viaB::getWaitQueueLength, 1);
      CompletableFuture.runAsync(leaving::close, TestThreads.EACH).get(30, TimeUnit.SECONDS);
      stranded.get(30, TimeUnit.SECONDS);
      awaitValue(viaB::getWaitQueueLength, 0); // a waiter whose client left is out of the wait set
      assertTrue(viaB.lock().tryLock(Duration.ofSeconds(30)));
      viaB.lock().unlock();
    }
  }

  /**
   * A barrier trips when parties on three members have arrived, and again (it is cyclic); a barrier
   * action runs once, in the party that trips it, before the others go on; a waiting party whose
   * client leaves breaks it for a party on another member.
   */
  @Test
  @Order(7)
  void aBarrierTripsAcrossMembersAndBreaksWhenAWaitingPartysClientLeaves() throws Exception {
    try (ManagerClient a = client(members.get(0)); ManagerClient b = client(members.get(1)); ManagerClient c = client(members.get(2))) {
      for (int generation = 0; generation < 2; generation++) {
        List<CompletableFuture<Integer>> arrivals = new ArrayList<>();
        for (ManagerClient party : List.of(a, b, c)) {
          SharedBarrier barrier = party.barrier("three", 3);
          arrivals.add(CompletableFuture.supplyAsync(() -> awaitBarrier(barrier), TestThreads.EACH));
        }
        HashSet<Integer> indexes = new HashSet<>();
        for (CompletableFuture<Integer> f : arrivals) {
          indexes.add(f.get(90, TimeUnit.SECONDS));
        }
        assertEquals(java.util.Set.of(0, 1, 2), indexes, "generation " + generation);
      }

      AtomicInteger actions = new AtomicInteger();
      SharedBarrier plain = b.barrier("with-action", 2);
      CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> awaitBarrier(plain), TestThreads.EACH);
      awaitValue(plain::getNumberWaiting, 1);
      CompletableFuture<Integer> firstDone = first.thenApply(i -> {
        assertEquals(1, actions.get(), "the action ran before the other party went on");
        return i;
      });
      assertEquals(0, a.barrier("with-action", 2, actions::incrementAndGet).await(Duration.ofSeconds(60)));
      assertEquals(1, firstDone.get(90, TimeUnit.SECONDS));
      assertEquals(1, actions.get());

      ManagerClient leaving = client(members.get(0));
      SharedBarrier leavingsBarrier = leaving.barrier("two", 2);
      CompletableFuture<Void> stranded = CompletableFuture.runAsync(() -> {
        try {
          leavingsBarrier.await(Duration.ofSeconds(90));
        } catch (Exception ignored) {
          // its client is gone
        }
      }, TestThreads.EACH);
      SharedBarrier viaC = c.barrier("two", 2);
      awaitValue(viaC::getNumberWaiting, 1);
      CompletableFuture.runAsync(leaving::close, TestThreads.EACH).get(30, TimeUnit.SECONDS);
      stranded.get(30, TimeUnit.SECONDS);
      awaitTrue(viaC::isBroken);
      assertThrows(BrokenBarrierException.class, () -> viaC.await(Duration.ofSeconds(30)));
      viaC.reset();
      assertFalse(viaC.isBroken());
    }
  }

  private static int awaitBarrier(SharedBarrier barrier) {
    try {
      return barrier.await(Duration.ofSeconds(60));
    } catch (Exception e) {
      throw new CompletionException(e);
    }
  }

  /**
   * A joinable queue: tasks put through one member, taken and marked done through another; a join
   * parked on a third returns when the last is done, not before.
   */
  @Test
  @Order(8)
  void aJoinOnOneMemberReturnsWhenWorkersOnAnotherHaveMarkedEveryTaskDone() throws Exception {
    try (ManagerClient a = client(members.get(0)); ManagerClient b = client(members.get(1)); ManagerClient c = client(members.get(2))) {
      JoinableQueue<String> producer = a.joinableQueue("tasks", String.class, 0);
      for (int i = 0; i < 5; i++) {
        producer.put("t" + i);
      }
      JoinableQueue<String> joiner = c.joinableQueue("tasks", String.class, 0);
      assertEquals(5, joiner.unfinishedTasks());
      assertFalse(joiner.join(Duration.ofMillis(300)), "no task is done yet");
      CompletableFuture<Boolean> joined = CompletableFuture.supplyAsync(() -> {
        try {
          return joiner.join(Duration.ofSeconds(90));
        } catch (InterruptedException e) {
          throw new CompletionException(e);
        }
      }, TestThreads.EACH);
      awaitParked(c, 1);
      JoinableQueue<String> worker = b.joinableQueue("tasks", String.class, 0);
      for (int i = 0; i < 5; i++) {
        assertEquals("t" + i, worker.get(Duration.ofSeconds(30)));
        assertFalse(joined.isDone(), "the join returned with " + (5 - i) + " tasks not done");
        worker.taskDone();
      }
      assertTrue(joined.get(90, TimeUnit.SECONDS));
      assertEquals(0, producer.unfinishedTasks());
      assertThrows(IllegalStateException.class, worker::taskDone, "more taskDone() than tasks");
    }
  }

  @Test
  @Order(9)
  void killMinus9OfAMemberLosesNoAcknowledgedUpdate() throws Exception {
    String owner = members.get(0).ownerOf("counter");
    MemberJvm victim = members.stream().filter(m -> m.uuid.equals(owner)).findFirst().orElseThrow();
    MemberJvm survivor = members.stream().filter(m -> m != victim).findFirst().orElseThrow();

    ManagerClient onVictim = client(victim);
    Counter victimsCounter = onVictim.shared(Counter.class, "counter");
    // a client given both addresses, connected to the victim: it moves to the survivor by itself
    ManagerClient mover = ManagerClient.builder().authKey(key).callTimeout(Duration.ofSeconds(60))
        .addresses(new InetSocketAddress("127.0.0.1", victim.port), new InetSocketAddress("127.0.0.1", survivor.port))
        .connect();
    Counter moversCounter = mover.shared(Counter.class, "counter");
    moversCounter.get();
    SharedMap<String, Integer> moversOrders = mover.map("orders");
    victimsCounter.get();
    onVictim.lock("lock").lock();
    onVictim.semaphore("slots", 1).acquire();
    onVictim.event("go").set();
    SharedMap<String, Integer> orders = onVictim.map("orders");
    SharedQueue<Integer> jobs = onVictim.queue("jobs", Integer.class);
    for (int i = 0; i < 20; i++) {
      orders.put("k" + i, i);
      jobs.put(i);
    }
    Producer<Orders> events = onVictim.channel(Orders.class, "events", 100).producer();
    for (int i = 0; i < 10; i++) {
      events.send().placed("e-" + i);
    }
    events.flush();
    HeldMessage dying = new HeldMessage(onVictim, "events"); // it dies with its member while handling it
    assertTrue(dying.taken());
    SharedBarrier victimsBarrier = onVictim.barrier("stranded", 2);
    Thread strandedParty = new Thread(() -> {
      try {
        victimsBarrier.await(Duration.ofMinutes(3)); // its member dies while it waits
      } catch (Exception ignored) {
        // its member is dead
      }
    });
    strandedParty.setDaemon(true);
    strandedParty.start();
    SharedCondition victimsCondition = onVictim.condition("victims-condition");
    Thread conditionWaiter = new Thread(() -> {
      victimsCondition.lock().lock();
      try {
        victimsCondition.await(Duration.ofMinutes(3)); // its member dies while it waits
      } catch (Exception ignored) {
        // its member is dead
      }
    });
    conditionWaiter.setDaemon(true);
    conditionWaiter.start();
    JoinableQueue<Integer> tasks = onVictim.joinableQueue("victims-tasks", Integer.class, 0);
    for (int i = 0; i < 3; i++) {
      tasks.put(i);
    }

    try (ManagerClient c = client(survivor)) {
      Counter counter = c.shared(Counter.class, "counter");
      long base = counter.get();
      SharedBarrier survivorsBarrier = c.barrier("stranded", 2);
      awaitValue(survivorsBarrier::getNumberWaiting, 1);
      SharedCondition survivorsCondition = c.condition("victims-condition");
      awaitValue(survivorsCondition::getWaitQueueLength, 1);
      List<Long> acked = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger failed = new AtomicInteger();
      AtomicBoolean stop = new AtomicBoolean();
      Thread incrementer = new Thread(() -> {
        while (!stop.get()) {
          try {
            acked.add(counter.increment());
          } catch (TypedIpcException e) {
            failed.incrementAndGet(); // its effect is unknown
          }
        }
      });
      incrementer.start();
      awaitSize(acked, 30);
      victim.kill();
      int atKill = acked.size();
      assertThrows(ConnectionLostException.class, victimsCounter::get, "a client of the dead member loses its connection");
      long moveDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) { // a call made before the mover noticed the death fails like one in flight
        try {
          moversCounter.get();
          break;
        } catch (ConnectionLostException e) {
          assertTrue(System.nanoTime() < moveDeadline, "the client with both addresses did not move: " + e);
        }
      }
      assertEquals(survivor.port, mover.managerAddress().getPort(), "the client moved to the live member");
      assertEquals(3, moversOrders.get("k3"), "its proxies work there");
      awaitSize(acked, atKill + 30);
      stop.set(true);
      incrementer.join(TimeUnit.SECONDS.toMillis(90));

      long total = counter.get() - base;
      assertTrue(total >= acked.size(), "the counter rose by " + total + ", fewer than the " + acked.size() + " acknowledged increments");
      assertTrue(total <= acked.size() + failed.get(), "the counter rose by " + total + ", more than the " + acked.size()
          + " acknowledged and " + failed.get() + " failed increments");
      assertEquals(acked.size(), new HashSet<>(acked).size(), "acknowledged values are distinct");

      SharedMap<String, Integer> survivingOrders = c.map("orders");
      for (int i = 0; i < 20; i++) {
        assertEquals(i, survivingOrders.get("k" + i));
      }
      SharedQueue<Integer> survivingJobs = c.queue("jobs", Integer.class);
      for (int i = 0; i < 20; i++) {
        assertEquals(i, survivingJobs.get(Duration.ofSeconds(30)));
      }

      assertTrue(c.event("go").isSet(), "the event's flag survived");
      SharedSemaphore slots = c.semaphore("slots", 1);
      assertTrue(slots.tryAcquire(Duration.ofSeconds(90)), "the permit held by a client of the dead member came back");
      slots.release();

      HashSet<String> redelivered = new HashSet<>();
      try (Receiver<Orders> receiver = c.receiver(Orders.class, "events")) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (redelivered.size() < 10 && System.nanoTime() < deadline) {
          receiver.receive(redelivered::add, Duration.ofMillis(500));
        }
      }
      assertEquals(10, redelivered.size(), "every message, including the one the dead consumer held: " + redelivered);

      SharedLock lock = c.lock("lock");
      assertTrue(lock.tryLock(Duration.ofSeconds(90)), "the lock held by a client of the dead member came back");
      assertTrue(lock.wasAbandoned());
      lock.unlock();

      awaitTrue(survivorsBarrier::isBroken); // a party waiting through the dead member never comes
      assertThrows(BrokenBarrierException.class, () -> survivorsBarrier.await(Duration.ofSeconds(30)));

      awaitValue(survivorsCondition::getWaitQueueLength, 0); // its waiter through the dead member is gone
      assertTrue(survivorsCondition.lock().tryLock(Duration.ofSeconds(60)));
      survivorsCondition.lock().unlock();

      JoinableQueue<Integer> survivingTasks = c.joinableQueue("victims-tasks", Integer.class, 0);
      assertEquals(3, survivingTasks.unfinishedTasks(), "the count of tasks not done survived");
      for (int i = 0; i < 3; i++) {
        assertEquals(i, survivingTasks.get(Duration.ofSeconds(30)));
        survivingTasks.taskDone();
      }
      assertTrue(survivingTasks.join(Duration.ofSeconds(30)));
    } finally {
      dying.release();
      try {
        onVictim.close();
      } catch (RuntimeException ignored) {
        // its member is dead
      }
      mover.close();
    }
  }

  private static void awaitSize(List<?> list, int size) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (list.size() < size) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + list.size() + " of " + size + " in 120 s");
      }
      Thread.sleep(20); // polling a count with a deadline
    }
  }

  private static void awaitValue(IntSupplier value, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (value.getAsInt() != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still " + value.getAsInt() + ", not " + expected + ", after 60 s");
      }
      Thread.sleep(20); // polling the cluster's view with a deadline
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    awaitValue(() -> condition.getAsBoolean() ? 1 : 0, 1);
  }

  private static void awaitParked(ManagerClient client, int calls) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (client.introspect().parkedCalls() < calls) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no call parked in 60 s");
      }
      Thread.sleep(20); // polling the Manager's view with a deadline
    }
  }
}
