package io.typedipc.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.typedipc.AuthKey;
import io.typedipc.ConnectionLostException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.NoSuchObjectException;
import io.typedipc.ProtocolException;
import io.typedipc.Producer;
import io.typedipc.Receiver;
import io.typedipc.builtin.SharedBarrier;
import io.typedipc.builtin.SharedBoundedSemaphore;
import io.typedipc.builtin.SharedCondition;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.builtin.SharedRLock;
import io.typedipc.builtin.SharedSemaphore;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A cluster of one member in this JVM: what is checked when objects are shared, and what is refused. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SingleMemberTest {
  private final AuthKey key = AuthKey.generate();

  private static HazelcastPlacement placement() {
    int port = TestClusters.freePort();
    return HazelcastPlacement.member(TestClusters.config("typedipc-single-" + UUID.randomUUID(), port, List.of(port)));
  }

  private static long runningMembers() {
    return Hazelcast.getAllHazelcastInstances().stream().filter(hz -> hz.getLifecycleService().isRunning()).count();
  }

  /** A member started here, alone in its cluster (named {@code prefix} and a random id), on a free port. */
  private static HazelcastInstance startedMember(String prefix) {
    int port = TestClusters.freePort();
    return Hazelcast.newHazelcastInstance(TestClusters.config(prefix + UUID.randomUUID(), port, List.of(port)));
  }

  /** State a cluster object cannot keep: an AtomicLong is a JDK class outside the allow-list. */
  public static final class BadCounter implements Counter {
    private final AtomicLong hits = new AtomicLong();

    @Override
    public long increment() {
      return hits.incrementAndGet();
    }

    @Override
    public long get() {
      return hits.get();
    }
  }

  /** No no-arg constructor: its state cannot be rebuilt on another member. */
  public static final class NoDefaultConstructor implements Counter {
    private long value;

    public NoDefaultConstructor(long start) {
      this.value = start;
    }

    @Override
    public long increment() {
      return ++value;
    }

    @Override
    public long get() {
      return value;
    }
  }

  @Test
  void sharingAnObjectWhoseStateCannotBeSerialisedNamesTheField() {
    try (HazelcastPlacement placement = placement()) {
      Manager.Builder builder = Manager.builder().authKey(key).jmx(false).placement(placement)
          .share(Counter.class, "bad", new BadCounter());
      long membersBefore = runningMembers();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::start);
      assertTrue(e.getMessage().startsWith("cannot share 'bad' in the cluster: field BadCounter.hits"
          + " (java.util.concurrent.atomic.AtomicLong) cannot be serialised"), e.getMessage());
      // the member this placement started for the Manager left with the failed start (it would
      // have stayed in the cluster, and kept the JVM alive, until the placement was closed)
      assertThrows(IllegalStateException.class, placement::hazelcast, "the member is shut down");
      assertEquals(membersBefore, runningMembers(), "no member of this JVM still runs for it");
      // and the placement serves another start
      try (Manager manager = Manager.builder().authKey(key).jmx(false).placement(placement)
          .share(Counter.class, "good", new CounterImpl()).start();
          ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
        assertEquals(1, client.shared(Counter.class, "good").increment());
      }
    }
  }

  @Test
  void aStateClassWithoutANoArgConstructorIsRefusedBeforeTheMemberJoins() {
    try (HazelcastPlacement placement = placement()) {
      Manager.Builder builder = Manager.builder().authKey(key).jmx(false).placement(placement)
          .share(Counter.class, "counter", new NoDefaultConstructor(5));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::start);
      assertTrue(e.getMessage().contains(NoDefaultConstructor.class.getName() + " cannot keep its state in the cluster")
          && e.getMessage().contains("no-arg constructor"), e.getMessage());
      assertThrows(IllegalStateException.class, placement::hazelcast, "no member was started");
    }
  }

  /** A class only the client registers: a value of it closes the connection that carries it. */
  static final class OnlyTheClientKnows {
    int n;
  }

  /**
   * A client of two connections, one thread waiting for a cluster lock on one of them, when the
   * Manager closes that connection because another thread sent a value of a class only the client
   * registered: the waiting thread gets {@code ConnectionLostException}, and its wait, parked in
   * this member, is withdrawn at once, not when the whole client leaves. The lock, released by its
   * holder, goes to the next client, not to the thread told its wait failed.
   */
  @Test
  void aLockWaitOnAConnectionTheManagerClosedIsNotGrantedLater() throws Exception {
    try (HazelcastPlacement placement = placement();
        Manager manager = Manager.builder().authKey(key).jmx(false).placement(placement).lock("l").start();
        ManagerClient holder = ManagerClient.connect("127.0.0.1", manager.port(), key);
        ManagerClient other = ManagerClient.connect("127.0.0.1", manager.port(), key);
        ManagerClient client = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key)
            .connections(2).register(OnlyTheClientKnows.class).connect()) {
      SharedLock held = holder.lock("l");
      held.lock();
      SharedLock lock = client.lock("l"); // this thread connected the client: the first connection
      // the client's next calling thread gets its second connection, the one after that the first again
      CompletableFuture.runAsync(lock::isLocked, TestThreads.EACH).get(60, TimeUnit.SECONDS);
      CompletableFuture<Void> waiting = CompletableFuture.runAsync(lock::lock, TestThreads.EACH);
      awaitParked(manager, 1);

      assertThrows(ProtocolException.class, () -> client.<String, Object>map("m").put("k", new OnlyTheClientKnows()));
      ExecutionException failed = assertThrows(ExecutionException.class, () -> waiting.get(60, TimeUnit.SECONDS));
      assertInstanceOf(ConnectionLostException.class, failed.getCause());
      // the client's session lives on: its next new thread is given the second connection, still open
      CompletableFuture.runAsync(lock::isLocked, TestThreads.EACH).get(60, TimeUnit.SECONDS);
      awaitParked(manager, 0); // withdrawn with its connection

      held.unlock();
      assertTrue(other.lock("l").tryLock(Duration.ofSeconds(30)),
          "the lock went to the thread that was told its wait failed");
    }
  }

  /**
   * A name whose state the cluster keeps under another kind is refused, in the types users hold,
   * also where this Manager no longer serves it and so cannot tell from what it hosts: a bounded
   * semaphore is not taken for a plain one.
   */
  @Test
  void aNameTheClusterKeepsAsAnotherKindIsRefusedNamingTheTypesUsersHold() throws Exception {
    try (HazelcastPlacement placement = placement();
        Manager manager = Manager.builder().authKey(key).jmx(false).placement(placement).semaphore("s", 1).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      assertTrue(manager.remove("s")); // this Manager stops serving it; its state stays in the cluster
      IllegalArgumentException event = assertThrows(IllegalArgumentException.class, () -> client.event("s"));
      assertEquals("'s' is already a SharedSemaphore in the cluster, not a SharedEvent", event.getMessage());
      IllegalArgumentException bounded = assertThrows(IllegalArgumentException.class,
          () -> client.boundedSemaphore("s", 1));
      assertEquals("'s' is already a SharedSemaphore in the cluster, not a SharedBoundedSemaphore", bounded.getMessage());
      IllegalArgumentException condition = assertThrows(IllegalArgumentException.class, () -> client.condition("s"));
      assertEquals("'s' is already a SharedSemaphore in the cluster, not a SharedCondition", condition.getMessage());
      client.semaphore("s", 1).release(); // the same kind is served again
    }
  }

  private static void awaitParked(Manager manager, int parked) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (manager.introspect().parkedCalls() != parked) {
      assertTrue(System.nanoTime() < deadline, "the Manager never had " + parked + " parked calls:\n"
          + manager.introspect().toText());
      Thread.sleep(20); // polling with a deadline
    }
  }

  /**
   * The cluster's barrier and condition keep the single Manager's rules where no other member is
   * involved: a barrier wait that times out breaks the barrier for the party waiting and later
   * ones, until a reset; waiting on a condition without its lock is refused; a barrier of no
   * parties is refused.
   */
  @Test
  void aTimedOutBarrierWaitBreaksTheBarrierAndAConditionWaitNeedsTheLock() throws Exception {
    try (HazelcastPlacement placement = placement();
        Manager manager = Manager.builder().authKey(key).jmx(false).placement(placement)
            .share(Counter.class, "counter", new CounterImpl()).barrier("b", 3).condition("c").start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key);
        ManagerClient other = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedBarrier barrier = client.barrier("b", 3);
      CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(() -> {
        try {
          other.barrier("b", 3).await(Duration.ofSeconds(60));
          return null;
        } catch (Exception e) {
          return e;
        }
      }, TestThreads.EACH);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (barrier.getNumberWaiting() < 1) {
        assertTrue(System.nanoTime() < deadline, "the first party did not arrive");
        Thread.sleep(20); // polling the barrier with a deadline
      }
      assertThrows(TimeoutException.class, () -> barrier.await(Duration.ofMillis(200)));
      assertTrue(first.get(60, TimeUnit.SECONDS) instanceof BrokenBarrierException, "the waiting party saw the barrier break");
      assertTrue(barrier.isBroken());
      assertThrows(BrokenBarrierException.class, () -> barrier.await(Duration.ofSeconds(10)));
      barrier.reset();
      assertFalse(barrier.isBroken());
      assertEquals(3, barrier.getParties());

      SharedCondition condition = client.condition("c");
      assertThrows(IllegalMonitorStateException.class, () -> condition.await(Duration.ofMillis(100)));
      RuntimeException e = assertThrows(RuntimeException.class, () -> client.barrier("none", 0));
      assertTrue(e.getMessage().contains("at least one party"), e.getMessage());
    }
  }

  @Test
  void aMemberStartsFromHazelcastsYamlConfiguration(@TempDir Path dir) throws Exception {
    int port = TestClusters.freePort();
    Path yaml = TestClusters.writeYaml(dir.resolve("hazelcast.yaml"), "typedipc-yaml-", port);
    try (HazelcastPlacement placement = HazelcastPlacement.member(yaml);
        Manager manager = Manager.builder().authKey(key).jmx(false).placement(placement)
            .share(Counter.class, "counter", new CounterImpl()).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      assertEquals(1, client.shared(Counter.class, "counter").increment());
      assertEquals(port, placement.hazelcast().getCluster().getLocalMember().getAddress().getPort());
    }
  }

  /**
   * What the README says of the open-source edition's security: a member needs no credentials to
   * join — one that knows the cluster name and reaches a member's port joins and reads every
   * object's state — and neither TLS between members nor member security can be turned on.
   */
  @Test
  void anyMemberThatKnowsTheClusterNameJoinsAndReadsTheStateAndTlsIsNotOffered() {
    int port = TestClusters.freePort();
    int strangerPort = TestClusters.freePort();
    String name = "typedipc-open-" + UUID.randomUUID();
    try (HazelcastPlacement placement = HazelcastPlacement.member(TestClusters.config(name, port, List.of(port, strangerPort)));
        Manager manager = Manager.builder().authKey(key).jmx(false).placement(placement)
            .share(Counter.class, "counter", new CounterImpl()).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      client.shared(Counter.class, "counter").increment();
      HazelcastInstance stranger = Hazelcast.newHazelcastInstance(TestClusters.config(name, strangerPort, List.of(port)));
      try {
        assertEquals(2, stranger.getCluster().getMembers().size(), "the stranger joined without credentials");
        assertTrue(stranger.getMap(HazelcastPlacement.OBJECTS).containsKey("counter"), "and sees the objects' state");
      } finally {
        stranger.shutdown();
      }
    }
    int tlsPort = TestClusters.freePort();
    com.hazelcast.config.Config tls = TestClusters.config("typedipc-tls-" + UUID.randomUUID(), tlsPort, List.of(tlsPort));
    tls.getNetworkConfig().setSSLConfig(new com.hazelcast.config.SSLConfig().setEnabled(true));
    RuntimeException e = assertThrows(RuntimeException.class, () -> Hazelcast.newHazelcastInstance(tls).shutdown());
    assertTrue(String.valueOf(e.getMessage()).contains("Enterprise"), e.toString());
    int securedPort = TestClusters.freePort();
    com.hazelcast.config.Config secured = TestClusters.config("typedipc-sec-" + UUID.randomUUID(), securedPort, List.of(securedPort));
    secured.setSecurityConfig(new com.hazelcast.config.SecurityConfig().setEnabled(true));
    e = assertThrows(RuntimeException.class, () -> Hazelcast.newHazelcastInstance(secured).shutdown());
    assertTrue(String.valueOf(e.getMessage()).contains("Enterprise"), e.toString());
  }

  @Test
  void theOpenSourceEditionHasNoCpSubsystem() {
    HazelcastInstance hz = startedMember("typedipc-cp-");
    try {
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> hz.getCPSubsystem().getLock("x"));
      assertTrue(e.getMessage().contains("CP subsystem is a licensed feature"), e.getMessage());
      assertThrows(UnsupportedOperationException.class, () -> hz.getCPSubsystem().getSemaphore("s"));
      assertThrows(UnsupportedOperationException.class, () -> hz.getCPSubsystem().getCountDownLatch("l"));
      assertThrows(UnsupportedOperationException.class, () -> hz.getCPSubsystem().getAtomicLong("a"));
    } finally {
      hz.shutdown();
    }
  }

  /**
   * README section 10: the state of a cluster's built-in containers lives in the cluster, where a
   * shared object cannot be kept; storing one (a list as a map's value) is refused with a message
   * that says so, not as a class to register, and stores nothing.
   */
  @Test
  void aSharedObjectInsideAClusterContainerIsRefusedSayingWhy() throws Exception {
    HazelcastInstance hz = startedMember("typedipc-on-");
    try (HazelcastPlacement placement = HazelcastPlacement.on(hz);
        Manager manager = Manager.builder().authKey(key).jmx(false).placement(placement).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      SharedMap<String, Object> map = client.map("holder");
      io.typedipc.builtin.SharedList<String> inner = client.list("inner");
      inner.add("x");
      io.typedipc.RemoteException e = assertThrows(io.typedipc.RemoteException.class, () -> map.put("l", inner));
      assertTrue(e.getMessage().contains("cluster mode cannot keep a shared object inside a value stored in the cluster"),
          e.getMessage());
      assertFalse(e.getMessage().contains("register it with"), e.getMessage());
      assertEquals(null, map.get("l"), "nothing was stored");
      assertEquals(1, inner.size(), "the list itself is served as before");
    } finally {
      hz.shutdown();
    }
  }

  /**
   * README section 10: a lock held by "a client that disconnected or died, is released" and a
   * semaphore's permits "come back" — also when the client's Manager closes gracefully on a member
   * that stays ({@code on}), closed in the README's order (Manager, then placement). The clean-up
   * the departure queued used to be dropped when the placement closed first: a later client never
   * got the lock nor the permit while the member ran.
   */
  @Test
  void whatTheClientsOfAClosedPlacementHeldComesBackOnTheMemberThatStays() throws Exception {
    HazelcastInstance hz = startedMember("typedipc-on-");
    try {
      for (int round = 0; round < 3; round++) { // the clean-up raced the placement's close
        HazelcastPlacement first = HazelcastPlacement.on(hz);
        Manager manager = Manager.builder().authKey(key).jmx(false).placement(first).start();
        ManagerClient holder = ManagerClient.connect("127.0.0.1", manager.port(), key);
        holder.lock("lock-" + round).lock();
        assertTrue(holder.semaphore("slots-" + round, 1).tryAcquire());
        manager.close();
        first.close();
        holder.close();
        try (HazelcastPlacement next = HazelcastPlacement.on(hz);
            Manager later = Manager.builder().authKey(key).jmx(false).placement(next).start();
            ManagerClient client = ManagerClient.connect("127.0.0.1", later.port(), key)) {
          SharedLock lock = client.lock("lock-" + round);
          assertTrue(lock.tryLock(Duration.ofSeconds(20)), "round " + round + ": the departed client's lock came back");
          assertTrue(lock.wasAbandoned(), "round " + round + ": released as abandoned");
          lock.unlock();
          assertTrue(client.semaphore("slots-" + round, 1).tryAcquire(Duration.ofSeconds(20)),
              "round " + round + ": the departed client's permit came back");
        }
      }
    } finally {
      hz.shutdown();
    }
  }

  /**
   * The README's "unacknowledged messages come back" for a Manager closed gracefully on a member
   * that stays: a message a consumer of that Manager's client still handles when the Manager and
   * then its placement close (the README's order) goes to a consumer of a later Manager on the same
   * member. Channels leave through the same departure clean-up as locks and permits (above).
   */
  @Test
  void aMessageHeldByAClientOfAClosedPlacementGoesToTheNextConsumerOnTheMemberThatStays() throws Exception {
    HazelcastInstance hz = startedMember("typedipc-held-");
    try {
      for (int round = 0; round < 3; round++) { // the clean-up raced the placement's close
        String channel = "held-" + round;
        HazelcastPlacement first = HazelcastPlacement.on(hz);
        Manager manager = Manager.builder().authKey(key).jmx(false).placement(first).start();
        ManagerClient holder = ManagerClient.connect("127.0.0.1", manager.port(), key);
        Producer<Orders> producer = holder.channel(Orders.class, channel, 10).producer();
        producer.send().placed("order " + round);
        producer.flush();
        try (HeldMessage held = new HeldMessage(holder, channel)) {
          assertTrue(held.taken(), "round " + round + ": the first consumer took the message");
          manager.close();
          first.close();
          CompletableFuture.runAsync(holder::close, TestThreads.EACH).get(30, TimeUnit.SECONDS);
        }
        try (HazelcastPlacement next = HazelcastPlacement.on(hz);
            Manager later = Manager.builder().authKey(key).jmx(false).placement(next).start();
            ManagerClient client = ManagerClient.connect("127.0.0.1", later.port(), key);
            Receiver<Orders> receiver = client.receiver(Orders.class, channel)) {
          List<String> got = new ArrayList<>();
          assertTrue(receiver.receive(got::add, Duration.ofSeconds(20)),
              "round " + round + ": the departed client's message came back");
          assertEquals(List.of("order " + round), got);
        }
      }
    } finally {
      hz.shutdown();
    }
  }

  @Test
  void aPlacementOnAnExistingMemberLeavesItRunningAndALaterManagerKeepsTheClustersState() {
    HazelcastInstance hz = startedMember("typedipc-on-");
    try {
      try (HazelcastPlacement placement = HazelcastPlacement.on(hz);
          Manager manager = Manager.builder().authKey(key).jmx(false).placement(placement)
              .share(Counter.class, "counter", new CounterImpl()).start();
          ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
        client.shared(Counter.class, "counter").increment();
        assertEquals(2, client.shared(Counter.class, "counter").increment());
        assertTrue(hz.getMap(HazelcastPlacement.OBJECTS).containsKey("counter"));
        // the README's other cluster objects: built-in list, value, namespace and arrays
        client.<String>list("l").add("a");
        client.<String>list("l").add("b");
        client.value("v", "start").set("five");
        client.<Integer>namespace("ns").set("x", 1);
        client.intArray("ia", 3).set(1, 7);
        client.longArray("la", 2).set(0, 9L);
        client.doubleArray("da", 2).set(1, 2.5);
        for (String name : List.of("l", "v", "ns", "ia", "la", "da")) {
          assertTrue(hz.getMap(HazelcastPlacement.OBJECTS).containsKey(name), name + " lives in the cluster");
        }
      }
      assertTrue(hz.getLifecycleService().isRunning());
      try (HazelcastPlacement placement = HazelcastPlacement.on(hz);
          Manager manager = Manager.builder().authKey(key).jmx(false).placement(placement)
              .share(Counter.class, "counter", new CounterImpl()).start();
          ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
        assertEquals(3, client.shared(Counter.class, "counter").increment(), "a later Manager keeps the cluster's state");
        assertEquals("b", client.<String>list("l").get(1), "the list's state stayed in the cluster");
        assertEquals(2, client.<String>list("l").size());
        assertEquals("five", client.value("v", "other").get(), "the value's state stayed in the cluster");
        assertEquals(1, client.<Integer>namespace("ns").get("x"));
        assertEquals(7, client.intArray("ia", 3).get(1));
        assertEquals(9L, client.longArray("la", 2).get(0));
        assertEquals(2.5, client.doubleArray("da", 2).get(1));
        Counter removed = client.shared(Counter.class, "counter");
        assertTrue(manager.remove("counter"));
        assertTrue(hz.getMap(HazelcastPlacement.OBJECTS).containsKey("counter"), "remove stops serving it here only");
        assertThrows(NoSuchObjectException.class, removed::increment, "a proxy of the removed object");
        assertThrows(NoSuchObjectException.class, () -> client.shared(Counter.class, "counter").increment(),
            "this Manager stopped serving it: opening the name again does not bring it back");
        assertFalse(manager.remove("counter"), "nothing of that name is served here any more");
        client.<String, Integer>map("orders").put("o-1", 1);
        assertTrue(client.remove("orders"));
        assertThrows(NoSuchObjectException.class, () -> client.shared(SharedMap.class, "orders"));
        assertEquals(1, client.<String, Integer>map("orders").get("o-1"), "created by name again: the cluster kept its state");
      }
    } finally {
      hz.shutdown();
    }
  }

  /** A record a state class holds; it appears in no shared interface, so it is registered. */
  public record Tally(long count, String last) {}

  /** The README: "a no-arg constructor, which may be private"; its state, a registered record. */
  public static final class PrivateConstructorCounter implements Counter {
    private Tally tally;

    private PrivateConstructorCounter() {
      this(0);
    }

    public PrivateConstructorCounter(long start) {
      this.tally = new Tally(start, "start");
    }

    @Override
    public long increment() {
      tally = new Tally(tally.count() + 1, "increment");
      return tally.count();
    }

    @Override
    public long get() {
      return tally.count();
    }
  }

  /**
   * The README's cluster sample as written (a YAML file read with {@code Config.loadFromFile},
   * {@code HazelcastPlacement.member(config)}, a counter, a map, a lock and an unbounded queue),
   * with port 0 for 6000: the objects are served, the maps get one synchronous backup, and {@code
   * awaitTermination} returns once the Manager is closed. A state class whose no-arg constructor
   * is private, holding a registered record, is accepted, and the first Manager's initial state is kept.
   */
  @Test
  void theReadmesSampleServesItsObjectsAndAPrivateNoArgConstructorIsAccepted(@TempDir Path dir) throws Exception {
    int hzPort = TestClusters.freePort();
    Path yaml = TestClusters.writeYaml(dir.resolve("hazelcast.yaml"), "typedipc-readme-", hzPort);
    Config config = Config.loadFromFile(new File(yaml.toString()));
    CompletableFuture<Void> terminated;
    HazelcastInstance member;
    try (HazelcastPlacement cluster = HazelcastPlacement.member(config);
        Manager manager = Manager.builder().address(0).authKey(key).jmx(false)
            .placement(cluster)
            .share(Counter.class, "counter", new CounterImpl())
            .share(Counter.class, "private", new PrivateConstructorCounter(41))
            .register(Tally.class) // a record in no shared interface's signature is registered, as on the wire
            .map("orders").lock("orders-lock").queue("jobs", 0)
            .start()) {
      terminated = CompletableFuture.runAsync(() -> {
        try {
          manager.awaitTermination();
        } catch (InterruptedException e) {
          throw new CompletionException(e);
        }
      }, TestThreads.EACH);
      member = cluster.hazelcast();
      assertTrue(member.getLifecycleService().isRunning(), "the member started with the Manager");
      assertEquals(1, cluster.hazelcast().getConfig().getMapConfig(HazelcastPlacement.OBJECTS).getBackupCount());
      assertEquals(0, cluster.hazelcast().getConfig().getMapConfig(HazelcastPlacement.OBJECTS).getAsyncBackupCount());
      assertEquals(1, cluster.hazelcast().getConfig().getMapConfig(HazelcastPlacement.SYNC).getBackupCount());
      try (ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
        assertEquals(1, client.shared(Counter.class, "counter").increment());
        Counter fromPrivate = client.shared(Counter.class, "private");
        assertEquals(42, fromPrivate.increment(), "the initial state, rebuilt through the private constructor");
        assertEquals(43, fromPrivate.increment());
        assertTrue(cluster.hazelcast().getMap(HazelcastPlacement.OBJECTS).containsKey("private"));

        SharedMap<String, Integer> orders = client.map("orders");
        orders.put("o-1", 3);
        assertEquals(3, orders.get("o-1"));
        SharedLock lock = client.lock("orders-lock");
        assertTrue(lock.tryLock());
        lock.unlock();
        // the cluster table's "condition (of a lock, ...)": a condition of the shared lock
        try (ManagerClient other = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
          SharedCondition waitersCondition = other.lock("orders-lock").condition("orders-ready");
          CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> {
            waitersCondition.lock().lock();
            try {
              return waitersCondition.await(Duration.ofSeconds(60)) && waitersCondition.lock().isHeldByCurrentThread();
            } catch (InterruptedException e) {
              throw new CompletionException(e);
            } finally {
              waitersCondition.lock().unlock();
            }
          }, java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "condition-waiter");
            t.setDaemon(true);
            return t;
          }));
          SharedCondition ready = lock.condition("orders-ready");
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (ready.getWaitQueueLength() < 1) {
            assertTrue(System.nanoTime() < deadline, "the waiter did not park");
            Thread.sleep(20); // polling the condition with a deadline
          }
          assertTrue(lock.tryLock(Duration.ofSeconds(30)), "await gave the lock up");
          ready.signal();
          lock.unlock();
          assertTrue(woken.get(60, TimeUnit.SECONDS), "woken, holding the lock again");
          lock.lock();
          try {
            assertFalse(ready.await(Duration.ofMillis(200)), "nobody signalled");
            assertTrue(lock.isHeldByCurrentThread(), "a timed-out wait returns holding the lock");
          } finally {
            lock.unlock();
          }
        }
        SharedQueue<Integer> jobs = client.queue("jobs", Integer.class);
        for (int i = 0; i < 200; i++) {
          assertTrue(jobs.offer(i), "capacity 0 is unbounded");
        }
        assertEquals(200, jobs.size());
        assertEquals(0, jobs.get(Duration.ofSeconds(30)));
      }
      assertFalse(terminated.isDone(), "awaitTermination returned while the Manager serves");
    }
    terminated.get(60, TimeUnit.SECONDS);
    assertFalse(member.getLifecycleService().isRunning(), "close() shut down the member the placement started");
  }

  /**
   * What a client that leaves held comes back in the cluster as in a single Manager (README's
   * cluster table: lock, rlock, semaphore, bounded semaphore): a semaphore's permits, a bounded
   * semaphore's, and a reentrant lock held twice; the acquire that takes each sees {@code
   * wasAbandoned()}; a semaphore used as a signal (initial 0) gets nothing back.
   */
  @Test
  void permitsAndAReentrantLockHeldByADepartedClientComeBack() throws Exception {
    try (HazelcastPlacement placement = placement();
        Manager manager = Manager.builder().authKey(key).jmx(false).placement(placement)
            .share(Counter.class, "counter", new CounterImpl()).start();
        ManagerClient other = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      ManagerClient leaving = ManagerClient.connect("127.0.0.1", manager.port(), key);
      leaving.semaphore("slots", 3).acquire(2);
      leaving.boundedSemaphore("bounded", 1).acquire();
      leaving.rlock("reentrant").lock();
      leaving.rlock("reentrant").lock();
      leaving.semaphore("signal", 0).release();
      leaving.semaphore("signal", 0).acquire();

      SharedSemaphore slots = other.semaphore("slots", 3);
      SharedBoundedSemaphore bounded = other.boundedSemaphore("bounded", 1);
      SharedRLock reentrant = other.rlock("reentrant");
      assertEquals(1, slots.availablePermits());
      assertFalse(bounded.tryAcquire());
      assertFalse(reentrant.tryLock());
      leaving.close();

      assertTrue(slots.tryAcquire(3, Duration.ofSeconds(60)), "the two permits came back");
      assertTrue(slots.wasAbandoned());
      assertTrue(bounded.tryAcquire(Duration.ofSeconds(60)), "the bounded semaphore's permit came back");
      assertTrue(bounded.wasAbandoned());
      assertTrue(reentrant.tryLock(Duration.ofSeconds(60)), "the reentrant lock held twice came back");
      assertTrue(reentrant.wasAbandoned());
      reentrant.unlock();
      assertFalse(reentrant.isLocked(), "released whole: the departed holder's count is gone");
      assertEquals(0, other.semaphore("signal", 0).availablePermits(), "never above the initial value");
      slots.release(3);
      bounded.release();
      assertThrows(IllegalStateException.class, bounded::release, "a bounded semaphore stays bounded");
    }
  }
}
