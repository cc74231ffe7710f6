package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.typedipc.AuthKey;
import io.typedipc.ConnectionLostException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.NoSuchObjectException;
import io.typedipc.ReconnectPolicy;
import io.typedipc.builtin.SharedQueue;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that reconnect to another Manager ({@link ManagerClient.Builder#addresses}), or give up:
 * the first of two Managers killed, stopped or closed; attempts exhausted; a key the other Manager
 * refuses; bad settings.
 */
class FailoverTest {
  @Test
  @Timeout(120)
  void whenTheAttemptsRunOutCallsFailSayingSo() throws Exception {
    AuthKey key = AuthKey.generate();
    try (ChildJvm manager = ChildJvm.start(ReconnectManagerMain.class, key, "0")) {
      int port = Reconnects.port(manager);
      ReconnectPolicy threeAttempts = ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(50), 3)
          .withLivenessCheck(Duration.ofMillis(100));
      try (Reconnects.ClientLog log = new Reconnects.ClientLog();
          ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
          .address("127.0.0.1", port).authKey(key).reconnect(threeAttempts).connect())) {
        TestService service = client.shared(TestService.class, "service");
        assertEquals(1, service.increment());
        manager.kill();
        Reconnects.awaitTrue(() -> !client.isConnected(), "the client noticed the loss by itself");

        ConnectionLostException gaveUp = assertThrows(ConnectionLostException.class, service::get);
        assertTrue(gaveUp.getMessage().contains("gave up reconnecting after 3 attempts"), gaveUp.getMessage());
        long t0 = System.nanoTime();
        ConnectionLostException again = assertThrows(ConnectionLostException.class, service::increment);
        assertEquals(gaveUp.getMessage(), again.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "once given up, calls fail at once");
        assertThrows(ConnectionLostException.class, () -> client.queue("q", Integer.class));
        assertTrue(log.has(Level.WARNING, "gave up reconnecting after 3 attempts"), "giving up is logged");
        // the log line is not a call's failure: the supervisor may give up while no call is made
        assertTrue(log.has(Level.WARNING, "Every later call fails"), "the log says what follows");
        assertFalse(log.has(Level.WARNING, "the call was not sent"), "the log speaks of no call");
      }
    }
  }

  @Test
  @Timeout(180)
  void aClientOfTwoManagersMovesToTheSecondWhenTheFirstIsKilled() throws Exception {
    AuthKey key = AuthKey.generate();
    try (ChildJvm a = ChildJvm.start(ReconnectManagerMain.class, key, "0");
        ChildJvm b = ChildJvm.start(ReconnectManagerMain.class, key, "0")) {
      int portA = Reconnects.port(a);
      int portB = Reconnects.port(b);
      // several addresses: reconnecting is on by default
      try (Reconnects.ClientLog log = new Reconnects.ClientLog();
          ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
              .addresses(new InetSocketAddress("127.0.0.1", portA), new InetSocketAddress("127.0.0.1", portB))
              .authKey(key).connect());
          ManagerClient onB = TestTransport.connect(portB, key)) {
        assertEquals(portA, client.managerAddress().getPort(), "the first address that accepts");
        TestService service = client.shared(TestService.class, "service");
        SharedQueue<Integer> jobs = client.queue("jobs", Integer.class);
        assertEquals(1, service.increment());
        jobs.put(1);

        a.kill();
        Reconnects.awaitTrue(() -> client.isConnected() && client.managerAddress().getPort() == portB,
            "the client moved to the second Manager by itself");
        Reconnects.awaitTrue(() -> log.has(Level.WARNING, "lost the connection to the Manager at 127.0.0.1:" + portA)
            && log.has(Level.INFO, "connected to the Manager at 127.0.0.1:" + portB + " again"), "the move was logged");

        assertEquals(1, service.increment());
        assertEquals(1, onB.shared(TestService.class, "service").get(), "the call went to the second Manager");
        jobs.put(2);
        assertEquals(2, onB.queue("jobs", Integer.class).get(Duration.ofSeconds(30)));
      }
    }
  }

  @Test
  @Timeout(180)
  void aManagerThatStopsAnsweringCountsAsLostAfterTheCallTimeout() throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "needs kill -STOP");
    AuthKey key = AuthKey.generate();
    try (ChildJvm a = ChildJvm.start(ReconnectManagerMain.class, key, "0");
        ChildJvm b = ChildJvm.start(ReconnectManagerMain.class, key, "0")) {
      int portA = Reconnects.port(a);
      int portB = Reconnects.port(b);
      try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
          .addresses(new InetSocketAddress("127.0.0.1", portA), new InetSocketAddress("127.0.0.1", portB))
          .authKey(key).callTimeout(Duration.ofSeconds(2))
          .reconnect(ReconnectPolicy.standard().withLivenessCheck(Duration.ofMillis(200))).connect())) {
        TestService service = client.shared(TestService.class, "service");
        assertEquals(1, service.increment());
        a.signal("STOP"); // like a host that vanished: its connections stay open, nothing answers
        try {
          Reconnects.awaitTrue(() -> client.isConnected() && client.managerAddress().getPort() == portB,
              "the client moved to the second Manager by itself");
          assertTrue(service.increment() >= 1, "calls go to the second Manager");
        } finally {
          a.signal("CONT");
        }
      }
    }
  }

  @Test
  @Timeout(120)
  void afterAMoveObjectsTheNewManagerHostsOnTheFlyLiveAndGoAsUsual() throws Exception {
    AuthKey key = AuthKey.generate();
    CellsImpl cellsA = new CellsImpl();
    CellsImpl cellsB = new CellsImpl();
    try (Manager a = Manager.builder().address(0).authKey(key).share(Cells.class, "cells", cellsA).start();
        Manager b = Manager.builder().address(0).authKey(key).share(Cells.class, "cells", cellsB).start();
        ManagerClient client = ManagerClient.builder()
            .addresses(new InetSocketAddress("127.0.0.1", a.port()), new InetSocketAddress("127.0.0.1", b.port()))
            .authKey(key).reconnect(ReconnectPolicy.standard().withLivenessCheck(Duration.ofMillis(200))).connect()) {
      Cells remote = client.shared(Cells.class, "cells");
      Cells.Cell onA = remote.newCell(1);
      a.close(); // an orderly shutdown is a loss too
      Reconnects.awaitTrue(() -> client.isConnected() && client.managerAddress().getPort() == b.port(), "moved to the second Manager");

      Cells.Cell kept = remote.newCell(2);
      for (int i = 0; i < 20; i++) {
        remote.newCell(100 + i).set(i); // dropped at once
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (cellsB.reachable() != 1) { // the leases of the new connection are reported to the new Manager
        assertTrue(System.nanoTime() < deadline, "the 20 dropped cells were not released: " + cellsB.reachable());
        System.gc();
        Thread.sleep(20); // polling with a deadline, not synchronisation
      }
      assertEquals(2, kept.get());
      assertThrows(NoSuchObjectException.class, onA::get);
    }
  }

  @Test
  @Timeout(120)
  void aNewConnectionProvesTheAuthKeyAsTheFirstDid() throws Exception {
    AuthKey key = AuthKey.generate();
    try (ChildJvm a = ChildJvm.start(ReconnectManagerMain.class, key, "0");
        ChildJvm impostor = ChildJvm.start(ReconnectManagerMain.class, AuthKey.generate(), "0")) {
      int portA = Reconnects.port(a);
      int portB = Reconnects.port(impostor);
      ReconnectPolicy threeAttempts = ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(50), 3);
      try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
          .addresses(new InetSocketAddress("127.0.0.1", portA), new InetSocketAddress("127.0.0.1", portB))
          .authKey(key).reconnect(threeAttempts).connect())) {
        TestService service = client.shared(TestService.class, "service");
        assertEquals(1, service.increment());
        a.kill();
        Reconnects.awaitTrue(() -> !client.isConnected(), "the client noticed the loss by itself");
        ConnectionLostException gaveUp = assertThrows(ConnectionLostException.class, service::get);
        assertTrue(gaveUp.getMessage().contains("127.0.0.1:" + portB + " rejected this client's auth key"),
            gaveUp.getMessage());
        assertTrue(gaveUp.getMessage().contains("cannot connect to the Manager at 127.0.0.1:" + portA), gaveUp.getMessage());
      }
    }
  }

  @Test
  @Timeout(60)
  void badSettingsAreRefusedClearly() {
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> ReconnectPolicy.backoff(Duration.ofMillis(10), Duration.ofSeconds(1), 0));
    assertTrue(none.getMessage().contains("ReconnectPolicy.none()"), none.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.backoff(Duration.ZERO, Duration.ofSeconds(1), 3));
    assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 3));
    assertThrows(IllegalArgumentException.class, () -> ReconnectPolicy.none().withLivenessCheck(Duration.ofSeconds(1)));
    InetSocketAddress one = new InetSocketAddress("127.0.0.1", 6000);
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> ManagerClient.builder().addresses(one, new InetSocketAddress("127.0.0.1", 6000)));
    assertTrue(twice.getMessage().contains("given twice"), twice.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ManagerClient.builder().addresses(List.of()));
    assertThrows(IllegalArgumentException.class, () -> ManagerClient.builder().addresses(new InetSocketAddress("127.0.0.1", 0)));

    ReconnectPolicy p = ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofMillis(350), 5);
    List<Duration> delays = new ArrayList<>();
    for (int attempt = 1; attempt <= 5; attempt++) {
      delays.add(p.delayBefore(attempt));
    }
    assertEquals(List.of(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(350),
        Duration.ofMillis(350)), delays);
  }

  @Test
  @Timeout(60)
  void withNoManagerAtAnyAddressConnectFailsNamingThemAll() throws Exception {
    int[] ports = new int[2];
    for (int i = 0; i < 2; i++) {
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        ports[i] = s.getLocalPort(); // closed again: nothing listens there
      }
    }
    ConnectionLostException e = assertThrows(ConnectionLostException.class, () -> ManagerClient.builder()
        .addresses(new InetSocketAddress("127.0.0.1", ports[0]), new InetSocketAddress("127.0.0.1", ports[1]))
        .authKey(AuthKey.generate()).connect());
    assertTrue(e.getMessage().contains("cannot connect to any of the Managers at 127.0.0.1:" + ports[0]
        + ", 127.0.0.1:" + ports[1]), e.getMessage());
  }
}
