package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.introspect.ConnectionView;
import io.typedipc.introspect.ManagerView;
import io.typedipc.introspect.MethodView;
import io.typedipc.introspect.ObjectView;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Manager's view of itself, as the README describes it: read by a client (the Manager in its
 * own JVM), in the Manager's JVM, and over JMX.
 */
@Timeout(120)
class IntrospectionTest {

  @Test
  void aClientReadsObjectsConnectionsParkedCallsAndMethodStatistics() throws Exception {
    AuthKey key = AuthKey.generate();
    try (ChildJvm managerJvm = ChildJvm.start(DeferredManagerMain.class, key)) {
      int port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(30)));
      try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, key)) {
        Deferred deferred = client.shared(Deferred.class, "deferred");
        for (int i = 0; i < 10; i++) {
          deferred.now("x").get(30, TimeUnit.SECONDS);
        }
        CompletableFuture<String> failed = deferred.await("bad");
        deferred.fail("bad", "boom");
        assertTrue(failed.handle((v, e) -> e != null).get(30, TimeUnit.SECONDS));
        CompletableFuture<String> parked = deferred.await("parked");
        Instant before = Instant.now();

        ManagerView view = awaitView(client, v -> v.parkedCalls() == 1);
        assertEquals("127.0.0.1:" + port, view.address());
        assertFalse(view.started().isAfter(view.at()));

        ObjectView object = view.object("deferred");
        assertEquals("shared", object.kind());
        assertEquals(Deferred.class.getName(), object.type());
        assertEquals("SERIAL", object.dispatch());
        MethodView now = method(object, "now(java.lang.String)");
        assertEquals(10, now.calls());
        assertEquals(0, now.errors());
        assertTrue(now.p50Nanos() > 0 && now.p50Nanos() <= now.p99Nanos() && now.p99Nanos() <= now.maxNanos(), now.toString());
        MethodView await = method(object, "await(java.lang.String)");
        assertEquals(1, await.calls(), "the parked await has not completed: not counted yet");
        assertEquals(1, await.errors());
        assertEquals(0, method(object, "nothing()").calls());

        assertEquals("builtin", view.object("accounts").kind());
        assertEquals("system", view.object("typedipc.control").kind());

        assertEquals(1, view.connections().size(), view.toText());
        ConnectionView connection = view.connections().get(0);
        assertTrue(connection.address().contains("127.0.0.1"), connection.address());
        assertNotNull(connection.client());
        assertFalse(connection.since().isAfter(before));
        assertEquals(1, connection.parkedCalls());
        // calls read and not yet answered: the parked call, and this view's own call
        assertEquals(2, connection.callsInFlight(), connection.toString());
        assertEquals(2, view.callsInFlight());

        String text = view.toText();
        assertTrue(text.contains("deferred") && text.contains("now(java.lang.String)") && text.contains("1 parked"), text);

        deferred.complete("parked", "done");
        assertEquals("done", parked.get(30, TimeUnit.SECONDS));
        ManagerView after = awaitView(client, v -> v.parkedCalls() == 0);
        assertEquals(2, method(after.object("deferred"), "await(java.lang.String)").calls());
      }
    }
  }

  @Test
  void callStatisticsPropertyFalseTurnsOffOnlyThePerMethodStatistics() throws Exception {
    AuthKey key = AuthKey.generate();
    for (String value : List.of("false", "true")) {
      try (ChildJvm managerJvm = ChildJvm.start(List.of("-Dtypedipc.callStatistics=" + value), DeferredManagerMain.class, key)) {
        int port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(30)));
        try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, key)) {
          Deferred deferred = client.shared(Deferred.class, "deferred");
          for (int i = 0; i < 3; i++) {
            deferred.now("x").get(30, TimeUnit.SECONDS);
          }
          CompletableFuture<String> parked = deferred.await("parked");
          ManagerView view = awaitView(client, v -> v.parkedCalls() == 1);

          ObjectView object = view.object("deferred");
          assertEquals("shared", object.kind(), "objects are shown either way");
          assertEquals(1, view.connections().size(), "connections are shown either way: " + view.toText());
          assertEquals(1, view.connections().get(0).parkedCalls(), "parked calls are shown either way");
          String text = view.toText();
          if (value.equals("false")) {
            assertEquals(List.of(), object.methods(), "no per-method statistics with " + value + ":\n" + text);
            assertTrue(view.objects().stream().allMatch(o -> o.methods().isEmpty()), text);
            // toText() does not claim the Manager served no calls: it says the statistics are off
            assertFalse(text.contains("0 calls (0 failed) since start"), text);
            assertTrue(text.contains("call statistics off"), text);
            assertEquals("-", IntrospectionCountsTest.column(text, "deferred", 4), "CALLS column:\n" + text);
          } else {
            assertEquals(3, method(object, "now(java.lang.String)").calls(), view.toText());
            assertFalse(text.contains("call statistics off"), text);
            assertEquals("3", IntrospectionCountsTest.column(text, "deferred", 4), "CALLS column:\n" + text);
          }
          deferred.complete("parked", "done");
          assertEquals("done", parked.get(30, TimeUnit.SECONDS));
        }
      }
    }
  }

  @Test
  void theManagerSeesItselfAndRegistersAnMXBeanUnlessToldNot() throws Exception {
    AuthKey key = AuthKey.generate();
    MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    ObjectName name;
    try (Manager manager = Manager.builder().address(0).authKey(key)
            .share(Deferred.class, "deferred", new DeferredImpl()).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      client.shared(Deferred.class, "deferred").complete("k", "v");
      ManagerView view = manager.introspect();
      assertEquals(1, method(view.object("deferred"), "complete(java.lang.String,java.lang.String)").calls());

      name = new ObjectName("io.typedipc:type=Manager,address=" + ObjectName.quote("127.0.0.1:" + manager.port()));
      assertEquals(1L, mbeans.getAttribute(name, "Calls"));
      assertEquals(1, mbeans.getAttribute(name, "ConnectionCount"));
      CompositeData[] objects = (CompositeData[]) mbeans.getAttribute(name, "Objects");
      assertTrue(List.of(objects).stream().anyMatch(o -> o.get("name").equals("deferred")));
      assertTrue(((String) mbeans.getAttribute(name, "Status")).contains("deferred"));
    }
    ObjectName closed = name;
    assertThrows(InstanceNotFoundException.class, () -> mbeans.getAttribute(closed, "Calls"),
        "unregistered when the Manager closes");

    try (Manager quiet = Manager.builder().address(0).authKey(key).jmx(false).start()) {
      ObjectName off = new ObjectName("io.typedipc:type=Manager,address=" + ObjectName.quote("127.0.0.1:" + quiet.port()));
      assertFalse(mbeans.isRegistered(off));
      assertEquals(2, quiet.introspect().objects().size(), "its two system objects");
    }
  }

  /**
   * "kind (shared, builtin, channel, returned, system)": an object the Manager hosts because a call
   * returned it is listed as {@code returned}, of its interface, with its own method statistics.
   */
  @Test
  void anObjectACallReturnedIsListedAsReturned() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false)
            .share(Cells.class, "cells", new CellsImpl()).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      Cells.Cell cell = client.shared(Cells.class, "cells").newCell(5);
      assertEquals(5, cell.get());
      List<ObjectView> returned = manager.introspect().objects().stream()
          .filter(o -> o.kind().equals("returned")).toList();
      assertEquals(1, returned.size(), manager.introspect().toText());
      assertEquals(Cells.Cell.class.getName(), returned.get(0).type());
      assertEquals(1, method(returned.get(0), "get()").calls());
      assertEquals(1, client.introspect().objects().stream().filter(o -> o.kind().equals("returned")).count(),
          "a client sees it too");
    }
  }

  /**
   * "A method's latency runs from when it starts (after waiting for its object's turn) until it
   * returns or its CompletableFuture completes": a parked async call counts until its future
   * completes; a call that waited for a serial object's turn does not count that wait.
   */
  @Test
  void latencyRunsFromTheObjectsTurnUntilTheFutureCompletes() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false)
            .share(Deferred.class, "deferred", new DeferredImpl())
            .share(TestService.class, "service", new TestServiceImpl()).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      Deferred deferred = client.shared(Deferred.class, "deferred");
      CompletableFuture<String> parked = deferred.await("k");
      awaitView(client, v -> v.parkedCalls() == 1);
      long parkedAt = System.nanoTime();
      Thread.sleep(1_000); // the time the call stays parked: what the statistics must count
      deferred.complete("k", "v");
      assertEquals("v", parked.get(30, TimeUnit.SECONDS));
      long parkedFor = System.nanoTime() - parkedAt;
      MethodView await = method(manager.introspect().object("deferred"), "await(java.lang.String)");
      assertTrue(await.maxNanos() >= TimeUnit.MILLISECONDS.toNanos(1_000) * 7 / 8, await.toString()); // buckets: 12.5 %
      assertTrue(await.maxNanos() <= parkedFor + TimeUnit.SECONDS.toNanos(5), await.toString());

      // two 1 s calls to one serial object at once: the second waits ~1 s for its turn, not counted
      TestService service = client.shared(TestService.class, "service");
      CompletableFuture<Void> first = Background.run(() -> service.sleep(1_000));
      CompletableFuture<Void> second = Background.run(() -> service.sleep(1_000));
      long started = System.nanoTime();
      first.get(60, TimeUnit.SECONDS);
      second.get(60, TimeUnit.SECONDS);
      long both = System.nanoTime() - started;
      MethodView sleep = method(manager.introspect().object("service"), "sleep(long)");
      assertEquals(2, sleep.calls());
      assertTrue(both >= TimeUnit.MILLISECONDS.toNanos(1_900), "the calls ran one after the other");
      // counted, the second call's wait would make its latency about both calls' time
      assertTrue(sleep.maxNanos() <= both - TimeUnit.MILLISECONDS.toNanos(500),
          "the wait for the object's turn is not counted: " + sleep + " while both took " + TimeUnit.NANOSECONDS.toMillis(both) + " ms");
    }
  }

  private static MethodView method(ObjectView object, String signature) {
    return object.methods().stream().filter(m -> m.method().equals(signature)).findFirst()
        .orElseThrow(() -> new AssertionError(signature + " not in " + object.methods()));
  }

  /**
   * "connections (client, address, since, …)": once {@code close()} has returned, the Manager's
   * view lists none, though its readers may not have noticed their closed sockets yet. Five rounds
   * of eight clients, read at once after each close.
   */
  @Test
  void aClosedManagerListsNoConnections() throws Exception {
    AuthKey key = AuthKey.generate();
    for (int round = 0; round < 5; round++) {
      Manager manager = Manager.builder().address(0).authKey(key).jmx(false)
          .share(Deferred.class, "deferred", new DeferredImpl()).start();
      List<ManagerClient> clients = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key);
          clients.add(client);
          client.shared(Deferred.class, "deferred").complete("k" + i, "v");
        }
        assertEquals(8, manager.introspect().connections().size());
        manager.close();
        ManagerView after = manager.introspect();
        assertEquals(List.of(), after.connections(), "round " + round + ":\n" + after.toText());
      } finally {
        manager.close();
        for (ManagerClient client : clients) {
          client.close();
        }
      }
    }
  }

  /**
   * "parked calls": a connection that closed while a call it made is parked stays in the view, its
   * parked call counted, until that call completes or its client leaves — its client's other
   * connections may keep the session, and the call, alive. (A put parked on a full queue by a
   * closing client used to leave the view first and take room made after.) Raw connections of one
   * session, so that one can close while the other stays.
   */
  @Test
  void aClosedConnectionsParkedCallStaysInTheViewUntilItEndsOrItsClientLeaves() throws Exception {
    AuthKey key = AuthKey.generate();
    String session = "client-" + java.util.UUID.randomUUID();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false)
            .closeTimeout(Duration.ofMillis(100)) // the call left parked need not hold up the close
            .share(TestService.class, "service", new TestServiceImpl()).start();
        RawConnection staying = RawConnection.joined(manager.port(), key, session)) {
      staying.openService("service");

      RawConnection soon = RawConnection.joined(manager.port(), key, session);
      soon.send(RawConnection.call(2, soon.openService("service"), "later", 1_000L, "soon"));
      awaitView(manager::introspect, v -> v.parkedCalls() == 1);
      soon.close();
      ManagerView ended = awaitView(manager::introspect, IntrospectionTest::oneConnectionClosedOrGone);
      assertEquals(1, ended.parkedCalls(), "the closed connection's call still waits:\n" + ended.toText());
      awaitView(manager::introspect, v -> v.connections().size() == 1 && v.parkedCalls() == 0); // it completed

      RawConnection late = RawConnection.joined(manager.port(), key, session);
      late.send(RawConnection.call(2, late.openService("service"), "later", 60_000L, "late"));
      awaitView(manager::introspect, v -> v.parkedCalls() == 1);
      late.close();
      ended = awaitView(manager::introspect, IntrospectionTest::oneConnectionClosedOrGone);
      assertEquals(1, ended.parkedCalls(), "the closed connection's call still waits:\n" + ended.toText());
      staying.close();
      awaitView(manager::introspect, v -> v.connections().isEmpty()); // its client left; the call may never end
    }
  }


  /** Whether the view lists one of two connections as closed, or only one. */
  private static boolean oneConnectionClosedOrGone(ManagerView view) {
    return view.connections().size() < 2 || view.connections().stream().anyMatch(c -> !c.address().startsWith("127.0.0.1:"));
  }

  private static ManagerView awaitView(ManagerClient client, java.util.function.Predicate<ManagerView> ready)
      throws InterruptedException {
    return awaitView(client::introspect, ready);
  }

  private static ManagerView awaitView(java.util.function.Supplier<ManagerView> views,
      java.util.function.Predicate<ManagerView> ready) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    ManagerView view = views.get();
    while (!ready.test(view)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the view never got there:\n" + view.toText());
      }
      Thread.sleep(20); // polling with a deadline
      view = views.get();
    }
    return view;
  }
}
