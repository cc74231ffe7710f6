package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.AuthenticationException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedLock;
import io.typedipc.introspect.ConnectionView;
import io.typedipc.introspect.ManagerView;
import io.typedipc.introspect.MethodView;
import io.typedipc.introspect.ObjectView;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the introspection API's Javadoc and the README's "Introspection" say each count means,
 * checked where several clients and connections call at once, calls wait for a serial object's
 * turn, asynchronous calls complete later, and calls fail; read in the Manager's JVM, where reading
 * the view is not itself a call.
 */
@Timeout(60)
class IntrospectionCountsTest {

  /**
   * ObjectView.queuedCalls, "calls waiting for the object's turn now"; ConnectionView.callsInFlight,
   * "calls read and not yet answered (waiting for their object, running, or parked)", and
   * parkedCalls, "of those, calls to methods returning a CompletableFuture that have not completed
   * yet": a serial object runs one long call of one client while three other clients' calls (two
   * synchronous, one asynchronous) wait for its turn, then the asynchronous one parks.
   */
  @Test
  void callsWaitingForASerialObjectsTurnAreQueuedAndInFlightOnTheirConnections() throws Exception {
    AuthKey key = AuthKey.generate();
    GateImpl impl = new GateImpl();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).share(Gate.class, "gate", impl).start();
        ManagerClient a = connect(manager, key);
        ManagerClient b = connect(manager, key);
        ManagerClient c = connect(manager, key);
        ManagerClient d = connect(manager, key)) {
      Gate gateA = a.shared(Gate.class, "gate");
      Gate gateB = b.shared(Gate.class, "gate");
      Gate gateC = c.shared(Gate.class, "gate");
      Gate gateD = d.shared(Gate.class, "gate");
      try {
        callsWaitForTheirTurn(manager, impl, gateA, gateB, gateC, gateD);
      } finally {
        impl.open(); // else closing the Manager waits for hold() and park()
        impl.release("v");
      }
    }
  }

  private static void callsWaitForTheirTurn(Manager manager, GateImpl impl, Gate gateA, Gate gateB, Gate gateC,
      Gate gateD) throws Exception {
    CompletableFuture<Void> held = Background.run(gateA::hold);
    impl.awaitHeld();
    CompletableFuture<Void> quickB = Background.run(gateB::quick);
    CompletableFuture<Void> quickC = Background.run(gateC::quick);
    CompletableFuture<String> parked = gateD.park();

    // the counters move independently while a call is being promoted off its reader (see
    // ServerConnection.callsInFlightNow): wait until they are still, as for the later views
    ManagerView view = awaitView(manager, v -> v.object("gate").queuedCalls() == 3 && v.callsInFlight() == 4);
    assertEquals(4, view.callsInFlight(), "one running, three waiting for their turn:\n" + view.toText());
    assertEquals(List.of(1L, 1L, 1L, 1L), callsInFlightPerClient(view), view.toText());
    assertEquals(1, view.parkedCalls(), "the asynchronous call counts as parked from when it is read:\n" + view.toText());
    assertEquals("3", column(view.toText(), "gate", 3), "QUEUED column:\n" + view.toText());

    impl.open();
    held.get(30, TimeUnit.SECONDS);
    quickB.get(30, TimeUnit.SECONDS);
    quickC.get(30, TimeUnit.SECONDS);
    view = awaitView(manager, v -> v.object("gate").queuedCalls() == 0 && impl.parkedCount() == 1
        && v.callsInFlight() == 1);
    assertEquals(1, view.parkedCalls(), view.toText());
    assertEquals(List.of(0L, 0L, 0L, 1L), callsInFlightPerClient(view), "only d's parked call:\n" + view.toText());

    impl.release("v");
    assertEquals("v", parked.get(30, TimeUnit.SECONDS));
    view = awaitView(manager, v -> v.callsInFlight() == 0);
    assertEquals(0, view.parkedCalls());
    ObjectView gate = view.object("gate");
    assertEquals(1, method(gate, "hold()").calls());
    assertEquals(2, method(gate, "quick()").calls());
    assertEquals(1, method(gate, "park()").calls());
    assertEquals(0, gate.errors());
  }

  /**
   * The same on one connection shared by several threads (a client with {@code connections(1)}):
   * its calls queued behind another client's long call are all in flight on it, its asynchronous
   * ones parked as well.
   */
  @Test
  void callsOfSeveralThreadsOnOneConnectionAreAllInFlight() throws Exception {
    AuthKey key = AuthKey.generate();
    GateImpl impl = new GateImpl();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).share(Gate.class, "gate", impl).start();
        ManagerClient a = connect(manager, key);
        ManagerClient shared = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key)
            .connections(1).connect()) {
      Gate gate = shared.shared(Gate.class, "gate");
      CompletableFuture<Void> held = Background.run(a.shared(Gate.class, "gate")::hold);
      List<CompletableFuture<?>> calls = new ArrayList<>();
      try {
        impl.awaitHeld();
        for (int i = 0; i < 3; i++) {
          calls.add(Background.run(gate::quick));
          calls.add(gate.park());
        }
        ManagerView view = awaitView(manager, v -> v.object("gate").queuedCalls() == 6);
        ConnectionView one = view.connections().stream().filter(c -> c.callsInFlight() == 6).findFirst()
            .orElseThrow(() -> new AssertionError("no connection with its 6 calls in flight:\n" + view.toText()));
        assertEquals(3, one.parkedCalls(), view.toText());
        assertEquals(7, view.callsInFlight(), view.toText());
      } finally {
        impl.open();
        held.get(30, TimeUnit.SECONDS);
        awaitView(manager, v -> impl.parkedCount() == 3);
        impl.release("v");
      }
      for (CompletableFuture<?> call : calls) {
        call.get(30, TimeUnit.SECONDS);
      }
      assertEquals(0, awaitView(manager, v -> v.callsInFlight() == 0).parkedCalls());
    }
  }

  /**
   * A connection's reader that ran its own call holding a serial object's turn then runs the calls
   * other connections queued meanwhile: once its own call is answered, only the call it runs now
   * is in flight, on the connection that made it.
   */
  @Test
  void aReaderRunningAnotherConnectionsQueuedCallHasNoneOfItsOwnInFlight() throws Exception {
    readerRunsAnotherConnectionsQueuedCall(false);
  }

  /**
   * The same when the reader's own call is short (it ends as soon as the other call is queued, so
   * the Manager's promoter, which acts on calls running 10 ms, hands its reading on while it runs
   * the other connection's call, not its own).
   */
  @Test
  void aReaderPromotedWhileRunningAnotherConnectionsQueuedCallHasNoneOfItsOwnInFlight() throws Exception {
    readerRunsAnotherConnectionsQueuedCall(true);
  }

  private static void readerRunsAnotherConnectionsQueuedCall(boolean shortOwnCall) throws Exception {
    AuthKey key = AuthKey.generate();
    GateImpl impl = new GateImpl();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).share(Gate.class, "gate", impl).start();
        ManagerClient x = connect(manager, key);
        ManagerClient y = connect(manager, key)) {
      Gate gateX = x.shared(Gate.class, "gate");
      Gate gateY = y.shared(Gate.class, "gate");
      try {
        CompletableFuture<Void> first = Background.run(() -> gateX.block("x"));
        impl.awaitBlocked("x");
        CompletableFuture<Void> second = Background.run(() -> gateY.block("y"));
        if (shortOwnCall) {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (manager.introspect().object("gate").queuedCalls() != 1) {
            assertTrue(System.nanoTime() < deadline, "y's call never queued");
            Thread.onSpinWait();
          }
        } else {
          awaitView(manager, v -> v.object("gate").queuedCalls() == 1);
        }
        impl.unblock("x"); // x's reader answers, then runs y's call from the queue
        impl.awaitBlocked("y");
        first.get(30, TimeUnit.SECONDS); // x has its answer
        ManagerView view = awaitView(manager, v -> v.object("gate").queuedCalls() == 0);
        assertEquals(List.of(0L, 1L), callsInFlightPerClient(view), "only y's call is in flight:\n" + view.toText());
        assertEquals(1, view.callsInFlight(), view.toText());
        impl.unblock("y");
        second.get(30, TimeUnit.SECONDS);
        assertEquals(0, awaitView(manager, v -> v.callsInFlight() == 0).parkedCalls());
      } finally {
        impl.unblock("x");
        impl.unblock("y");
      }
    }
  }

  /**
   * ConnectionView: "client: the client it belongs to (all connections of one ManagerClient share
   * it)", "address: the client's address", "since: when the connection was accepted"; ManagerView:
   * "connections: every authenticated connection, oldest first".
   */
  @Test
  void connectionsNameTheirClientAndComeOldestFirst() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false)
        .share(Gate.class, "gate", new GateImpl()).start()) {
      Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      try (ManagerClient first = connect(manager, key)) {
        Gate gate = first.shared(Gate.class, "gate");
        gate.quick();
        Background.run(gate::quick).get(30, TimeUnit.SECONDS); // another thread: a second connection
        try (ManagerClient second = connect(manager, key)) {
          second.shared(Gate.class, "gate").quick();
          Instant after = Instant.now();
          List<ConnectionView> connections = manager.introspect().connections();
          assertEquals(3, connections.size(), connections.toString());
          Map<String, Long> perClient = connections.stream()
              .collect(Collectors.groupingBy(ConnectionView::client, Collectors.counting()));
          assertEquals(Set.of(1L, 2L), new HashSet<>(perClient.values()), "first's two connections share its client: " + connections);
          Set<String> addresses = new HashSet<>();
          for (int i = 0; i < connections.size(); i++) {
            ConnectionView connection = connections.get(i);
            assertTrue(connection.address().startsWith("127.0.0.1:"), connection.address());
            addresses.add(connection.address());
            assertFalse(connection.since().isBefore(before) || connection.since().isAfter(after), connection.toString());
            if (i > 0) {
              assertFalse(connection.since().isBefore(connections.get(i - 1).since()), "oldest first: " + connections);
            }
          }
          assertEquals(3, addresses.size(), connections.toString());
          assertEquals(perClient.entrySet().stream().filter(e -> e.getValue() == 1).findFirst().orElseThrow().getKey(),
              connections.get(2).client(), "the second client's connection is the newest: " + connections);
        }
        ManagerView view = awaitView(manager, v -> v.connections().size() == 2);
        assertEquals(1, view.connections().stream().map(ConnectionView::client).distinct().count(), view.toText());
      }
    }
  }

  /**
   * "authenticationFailures: connections that failed to prove the auth key since start", in the
   * view (the Manager's and a client's), toText(), Manager.authenticationFailures() and the MXBean;
   * the failed connection is not among the connections.
   */
  @Test
  void aWrongKeyCountsAsAnAuthenticationFailureEverywhere() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).start()) {
      assertEquals(0, manager.introspect().authenticationFailures());
      assertThrows(AuthenticationException.class, () -> connect(manager, AuthKey.generate()));
      awaitView(manager, v -> v.authenticationFailures() == 1); // the client may learn it before the count moves
      assertThrows(AuthenticationException.class, () -> connect(manager, AuthKey.generate()));
      ManagerView view = awaitView(manager, v -> v.authenticationFailures() == 2);
      assertEquals(2, manager.authenticationFailures());
      assertTrue(view.toText().contains(", 2 failed authentications"), view.toText());
      assertEquals(List.of(), view.connections());
      try (ManagerClient client = connect(manager, key)) {
        ManagerView remote = client.introspect();
        assertEquals(2, remote.authenticationFailures());
        assertEquals(1, remote.connections().size(), remote.toText());
        assertEquals(2L, ManagementFactory.getPlatformMBeanServer().getAttribute(mxbean(manager), "AuthenticationFailures"));
      }
    }
  }

  /**
   * The README's JMX attributes, by name, each with the value of the view it is read from: with a
   * parked call and two connections.
   */
  @Test
  void theMXBeanHasTheReadmesAttributesWithTheViewsValues() throws Exception {
    AuthKey key = AuthKey.generate();
    GateImpl impl = new GateImpl();
    try (Manager manager = Manager.builder().address(0).authKey(key).share(Gate.class, "gate", impl).start();
        ManagerClient a = connect(manager, key);
        ManagerClient b = connect(manager, key)) {
      Gate gate = a.shared(Gate.class, "gate");
      gate.quick();
      CompletableFuture<String> parked = gate.park();
      try {
        readTheMXBean(manager, b);
      } finally {
        impl.release("v"); // else closing the Manager waits for park()
      }
      assertEquals("v", parked.get(30, TimeUnit.SECONDS));
    }
  }

  private static void readTheMXBean(Manager manager, ManagerClient b) throws Exception {
    MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    {
      b.shared(Gate.class, "gate").quick();
      ManagerView view = awaitView(manager, v -> v.parkedCalls() == 1 && v.callsInFlight() == 1);
      ObjectName name = mxbean(manager);
      Set<String> attributes = Arrays.stream(mbeans.getMBeanInfo(name).getAttributes())
          .map(MBeanAttributeInfo::getName).collect(Collectors.toSet());
      assertEquals(Set.of("Address", "Started", "ObjectCount", "ConnectionCount", "CallsInFlight", "ParkedCalls",
          "Calls", "Errors", "AuthenticationFailures", "Objects", "Connections", "Status"), attributes);
      assertEquals("127.0.0.1:" + manager.port(), mbeans.getAttribute(name, "Address"));
      assertEquals(view.started(), Instant.parse((String) mbeans.getAttribute(name, "Started")), "ISO-8601");
      assertEquals(3, mbeans.getAttribute(name, "ObjectCount"), "gate and the Manager's own two");
      assertEquals(2, mbeans.getAttribute(name, "ConnectionCount"));
      assertEquals(1, mbeans.getAttribute(name, "CallsInFlight"));
      assertEquals(1, mbeans.getAttribute(name, "ParkedCalls"));
      assertEquals(view.calls(), mbeans.getAttribute(name, "Calls"));
      assertEquals(view.errors(), mbeans.getAttribute(name, "Errors"));
      assertEquals(0L, mbeans.getAttribute(name, "AuthenticationFailures"));
      CompositeData[] connections = (CompositeData[]) mbeans.getAttribute(name, "Connections");
      assertEquals(2, connections.length);
      assertEquals(1, Arrays.stream(connections).mapToInt(c -> (Integer) c.get("parkedCalls")).sum());
      CompositeData[] objects = (CompositeData[]) mbeans.getAttribute(name, "Objects");
      CompositeData gateData = Arrays.stream(objects).filter(o -> o.get("name").equals("gate")).findFirst().orElseThrow();
      assertEquals("shared", gateData.get("kind"));
      assertEquals("SERIAL", gateData.get("dispatch"));
      CompositeData quick = Arrays.stream((CompositeData[]) gateData.get("methods"))
          .filter(m -> m.get("method").equals("quick()")).findFirst().orElseThrow();
      assertEquals(2L, quick.get("calls"));
      String status = (String) mbeans.getAttribute(name, "Status");
      assertTrue(status.contains("1 calls in flight (1 parked)") && status.contains("quick()"), status);
    }
  }

  /**
   * MethodView.errors, "the calls that threw or whose future completed exceptionally": a method
   * returning a CompletableFuture that returns null instead fails the call (the client gets an
   * exception), so it is one of the method's errors too.
   */
  @Test
  void anAsynchronousMethodReturningNullCountsAsAnError() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false)
            .share(Gate.class, "gate", new GateImpl()).start();
        ManagerClient client = connect(manager, key)) {
      CompletableFuture<String> failed = client.shared(Gate.class, "gate").nothing();
      assertThrows(ExecutionException.class, () -> failed.get(30, TimeUnit.SECONDS));
      MethodView nothing = method(manager.introspect().object("gate"), "nothing()");
      assertEquals(1, nothing.calls(), nothing.toString());
      assertEquals(1, nothing.errors(), "the call failed: " + nothing);
    }
  }

  /**
   * MethodView.calls, "calls that ran (returned, threw, or completed their future)": once a
   * client has the answer of an asynchronous call completed later, a view taken after counts it,
   * as it does a synchronous call's (counted before it is answered). The future is completed on
   * another thread than the one that reads the view, each time.
   */
  @Test
  void anAsynchronousCallIsCountedBeforeItsClientHasTheAnswer() throws Exception {
    AuthKey key = AuthKey.generate();
    GateImpl impl = new GateImpl();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false)
            .share(Gate.class, "gate", impl).start();
        ManagerClient client = connect(manager, key)) {
      Gate gate = client.shared(Gate.class, "gate");
      for (int i = 1; i <= 300; i++) {
        CompletableFuture<String> parked = gate.park();
        int n = i;
        while (impl.parkedCount() < n) {
          Thread.onSpinWait(); // the call runs in the Manager: a few microseconds
        }
        CompletableFuture<Void> released = Background.run(() -> impl.release("v" + n));
        assertEquals("v" + i, parked.get(30, TimeUnit.SECONDS));
        MethodView park = method(manager.introspect().object("gate"), "park()");
        assertEquals(i, park.calls(), "call " + i + " answered, not counted");
        released.get(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * ConnectionView.callsInFlight, "calls read and not yet answered (waiting for their object, ...)":
   * also a call read while its object's queue is full (maxQueuedCallsPerObject), which its
   * connection's reader holds until there is room.
   */
  @Test
  void aCallWaitingForRoomInAFullQueueIsInFlight() throws Exception {
    AuthKey key = AuthKey.generate();
    GateImpl impl = new GateImpl();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).maxQueuedCallsPerObject(1)
            .share(Gate.class, "gate", impl).start();
        ManagerClient a = connect(manager, key);
        ManagerClient b = connect(manager, key);
        ManagerClient c = connect(manager, key)) {
      Gate gateB = b.shared(Gate.class, "gate");
      Gate gateC = c.shared(Gate.class, "gate");
      CompletableFuture<Void> held = Background.run(a.shared(Gate.class, "gate")::hold);
      impl.awaitHeld();
      CompletableFuture<Void> queued = Background.run(gateB::quick);
      awaitView(manager, v -> v.object("gate").queuedCalls() == 1);
      CompletableFuture<Void> waiting = Background.run(gateC::quick);
      try {
        // c's call is read, then its reader waits for room: poll until the Manager holds it
        ManagerView view = awaitView(manager, v -> v.callsInFlight() == 3);
        assertEquals(List.of(1L, 1L, 1L), callsInFlightPerClient(view), view.toText());
        assertEquals(1, view.object("gate").queuedCalls(), "the queue holds one: " + view.toText());
      } finally {
        impl.open(); // else closing the Manager waits for hold()
      }
      held.get(30, TimeUnit.SECONDS);
      queued.get(30, TimeUnit.SECONDS);
      waiting.get(30, TimeUnit.SECONDS);
      assertEquals(0, awaitView(manager, v -> v.callsInFlight() == 0).parkedCalls());
    }
  }

  /**
   * README: "view.parkedCalls(); // waits parked in the Manager now (locks, ...)" and "a lock wait
   * counts as long as it waited": a built-in lock's waiter is parked on its own client's
   * connection, and once it gets the lock, the lock's longest call is at least the wait.
   */
  @Test
  void aLockWaitIsParkedAndCountsAsLongAsItWaited() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).lock("accounts").start();
        ManagerClient a = connect(manager, key);
        ManagerClient b = connect(manager, key)) {
      SharedLock held = a.lock("accounts");
      SharedLock waiter = b.lock("accounts");
      held.lock();
      long waitedAtLeast;
      CompletableFuture<Void> waiting;
      try {
        waiting = Background.run(() -> {
          waiter.lock();
          waiter.unlock();
        });
        ManagerView view = awaitView(manager, v -> v.parkedCalls() == 1);
        long parkedAt = System.nanoTime();
        assertEquals(List.of(0L, 1L), callsInFlightPerClient(view), view.toText());
        assertEquals(1, view.connections().stream().filter(c -> c.parkedCalls() == 1).count(), view.toText());
        Thread.sleep(300); // the time the wait stays parked: what its latency must count
        waitedAtLeast = System.nanoTime() - parkedAt;
      } finally {
        held.unlock();
      }
      waiting.get(30, TimeUnit.SECONDS);
      ManagerView view = awaitView(manager, v -> v.parkedCalls() == 0 && v.callsInFlight() == 0);
      ObjectView lock = view.object("accounts");
      assertEquals("builtin", lock.kind());
      long longest = lock.methods().stream().mapToLong(MethodView::maxNanos).max().orElse(0);
      assertTrue(longest >= waitedAtLeast, "the wait (at least " + waitedAtLeast + " ns) is a call's latency: "
          + lock.methods());
    }
  }

  /**
   * Across processes: a client in another JVM with two calls parked (a future and a lock wait) is
   * one connection with both in flight and parked; killed, it is no longer among the connections,
   * its calls no longer in flight, and the lock it waited for is left to the others.
   */
  @Test
  void aClientInAnotherJvmParksThenDiesAndLeavesTheView() throws Exception {
    AuthKey key = AuthKey.generate();
    GateImpl impl = new GateImpl();
    try (Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key).jmx(false)
            .share(Gate.class, "gate", impl).lock("accounts").start();
        ManagerClient holder = TestTransport.connect(manager.port(), key)) {
      SharedLock lock = holder.lock("accounts");
      lock.lock();
      try (ChildJvm child = ChildJvm.start(ParkedClientMain.class, key, Integer.toString(manager.port()))) {
        child.awaitLine("PARKING", java.time.Duration.ofSeconds(30));
        ManagerView view = awaitView(manager, v -> v.parkedCalls() == 2);
        ConnectionView parked = view.connections().stream().filter(c -> c.parkedCalls() == 2).findFirst()
            .orElseThrow(() -> new AssertionError("no connection with both calls parked:\n" + view.toText()));
        assertEquals(2, parked.callsInFlight(), view.toText());
        assertEquals(2, view.callsInFlight(), "the holder has none in flight:\n" + view.toText());
        assertEquals(2, view.connections().size(), view.toText());
        child.kill();
        ManagerView after = awaitView(manager, v -> v.connections().size() == 1);
        assertEquals(0, after.parkedCalls(), after.toText());
        assertEquals(0, after.callsInFlight(), after.toText());
        assertFalse(after.connections().stream().anyMatch(c -> c.client().equals(parked.client())), after.toText());
      } finally {
        lock.unlock();
        impl.release("v"); // the dead client's future: answered to no one
      }
      assertTrue(lock.tryLock(), "the dead waiter did not get the lock");
      lock.unlock();
    }
  }

  private static ManagerClient connect(Manager manager, AuthKey key) {
    return ManagerClient.connect("127.0.0.1", manager.port(), key);
  }

  private static ObjectName mxbean(Manager manager) throws Exception {
    return new ObjectName("io.typedipc:type=Manager,address=" + ObjectName.quote("127.0.0.1:" + manager.port()));
  }

  /** Each client's calls in flight (its connections summed), in ascending order. */
  private static List<Long> callsInFlightPerClient(ManagerView view) {
    List<Long> perClient = new ArrayList<>(view.connections().stream().collect(Collectors.groupingBy(
        ConnectionView::client, Collectors.summingLong(ConnectionView::callsInFlight))).values());
    perClient.sort(null);
    return perClient;
  }

  /** Column {@code index} (by whitespace) of the line of toText()'s tables that starts with {@code name}. */
  static String column(String text, String name, int index) {
    for (String line : text.split("\\R")) {
      String[] columns = line.trim().split("\\s+");
      if (columns[0].equals(name)) {
        return columns[index];
      }
    }
    throw new AssertionError(name + " not in\n" + text);
  }

  static MethodView method(ObjectView object, String signature) {
    return object.methods().stream().filter(m -> m.method().equals(signature)).findFirst()
        .orElseThrow(() -> new AssertionError(signature + " not in " + object.methods()));
  }

  static ManagerView awaitView(Manager manager, Predicate<ManagerView> ready) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    ManagerView view = manager.introspect();
    while (!ready.test(view)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the view never got there:\n" + view.toText());
      }
      Thread.sleep(10); // polling with a deadline
      view = manager.introspect();
    }
    return view;
  }
}
