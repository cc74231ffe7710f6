package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.typedipc.AuthKey;
import io.typedipc.ChannelHandle;
import io.typedipc.ConnectionLostException;
import io.typedipc.LoggerNames;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.NoSuchObjectException;
import io.typedipc.Producer;
import io.typedipc.Receiver;
import io.typedipc.ReconnectPolicy;
import io.typedipc.TypedIpcException;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.builtin.SharedValue;
import io.typedipc.channel.Events;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that reconnects ({@link ManagerClient.Builder#reconnect}, {@link
 * ManagerClient.Builder#addresses}) after its Manager, in another JVM, is killed with kill -9:
 * restarted on the same port, or replaced by a second Manager on another port.
 */
class ReconnectTest {
  private static final Duration START = Duration.ofSeconds(60);

  /** Quick attempts, many of them: the restarted JVM takes a few seconds on a loaded machine. */
  private static final ReconnectPolicy PATIENT =
      ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofMillis(500), 1_000).withLivenessCheck(Duration.ofMillis(200));

  @Test
  @Timeout(180)
  void aManagerKilledAndRestartedOnItsPortIsReachedAgainThroughTheSameProxiesAndHandles() throws Exception {
    AuthKey key = AuthKey.generate();
    ChildJvm first = ChildJvm.start(ReconnectManagerMain.class, key, "0");
    ChildJvm second = null;
    try {
      int port = port(first);
      try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
              .address("127.0.0.1", port).authKey(key).reconnect(PATIENT).connect());
          ManagerClient plain = TestTransport.connect(port, key);
          ManagerClient probe = TestTransport.connect(port, key)) {
        TestService service = client.shared(TestService.class, "service");
        TestService patient = client.withTimeout(service, Duration.ZERO);
        assertEquals(1, service.increment());
        SharedQueue<Integer> queue = client.queue("q", Integer.class);
        queue.put(7);
        SharedLock lock = client.lock("l");
        lock.lock();
        SharedMap<String, Integer> map = client.map("m");
        map.put("a", 1);
        SharedValue<String> value = client.value("v", "initial");
        value.set("changed");
        SharedList<String> onTheFly = client.shared(Library.class, "library").freshShelf();
        onTheFly.add("x");
        ChannelHandle<Events> events = client.channel(Events.class, "events");
        Receiver<Events> oldReceiver = events.receiver();
        Producer<Events> oldProducer = events.producer();
        oldProducer.send().text("before");
        oldProducer.flush();
        TestService plainService = plain.shared(TestService.class, "service");

        // in flight at the kill: a long call running, and an increment queued behind it
        CompletableFuture<Void> running = Background.run(() -> patient.sleep(120_000));
        Busy.awaitBusy(probe, "service");
        CompletableFuture<Integer> queued = service.incrementAsync();
        first.kill();
        assertLost(running);
        assertLost(queued);

        second = ChildJvm.start(ReconnectManagerMain.class, key, Integer.toString(port));
        assertEquals(port, port(second));

        // the next calls go to the restarted Manager, through the same proxies
        assertEquals(0, service.get(), "the increment in flight at the kill was not sent again");
        assertEquals(1, service.increment());
        assertEquals(2, patient.increment());
        assertTrue(client.isConnected());
        assertEquals(port, client.managerAddress().getPort());
        assertEquals(TestTransport.sharedMemory(), client.usesSharedMemory(), "the new connection uses the run's transport");

        // built-in handles are found again by name; the restarted Manager's objects start afresh
        queue.put(8);
        assertEquals(8, queue.get(Duration.ofSeconds(30)));
        assertFalse(lock.isLocked(), "the lock held in the killed Manager is not held in the new one");
        assertTrue(lock.tryLock());
        lock.unlock();
        assertNull(map.get("a"));
        map.put("b", 2);
        assertEquals(2, client.map("m").get("b"));
        assertEquals("initial", value.get(), "the value is created again with its initial value");

        // an object hosted on the fly by the killed Manager cannot be reached
        NoSuchObjectException gone = assertThrows(NoSuchObjectException.class, () -> onTheFly.add("y"));
        assertTrue(gone.getMessage().contains("hosted on the fly"), gone.getMessage());
        SharedList<String> fresh = client.shared(Library.class, "library").freshShelf();
        fresh.add("z");
        assertEquals(List.of("z"), fresh.toList());

        // channel handles belong to their Manager; new ones work
        NoSuchObjectException oldChannel = assertThrows(NoSuchObjectException.class,
            () -> oldReceiver.get(new Recorder(), false, null));
        assertTrue(oldChannel.getMessage().contains("open it again"), oldChannel.getMessage());
        TypedIpcException oldSend = assertThrows(TypedIpcException.class, () -> {
          oldProducer.send().text("lost");
          oldProducer.flush();
        });
        assertTrue(oldSend instanceof NoSuchObjectException || oldSend instanceof ConnectionLostException, oldSend.toString());
        try (Receiver<Events> receiver = client.receiver(Events.class, "events")) {
          Producer<Events> producer = client.producer(Events.class, "events");
          producer.send().text("after");
          Recorder seen = new Recorder();
          receiver.get(seen, true, Duration.ofSeconds(30));
          assertEquals(List.of("after"), seen.texts);
          producer.close();
        }

        // a client without reconnect stays lost, as ever
        assertThrows(ConnectionLostException.class, plainService::get);
        assertFalse(plain.isConnected());
      }
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  @Test
  @Timeout(120)
  void whenTheAttemptsRunOutCallsFailSayingSo() throws Exception {
    AuthKey key = AuthKey.generate();
    try (ChildJvm manager = ChildJvm.start(ReconnectManagerMain.class, key, "0")) {
      int port = port(manager);
      ReconnectPolicy threeAttempts = ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(50), 3)
          .withLivenessCheck(Duration.ofMillis(100));
      try (ClientLog log = new ClientLog();
          ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
          .address("127.0.0.1", port).authKey(key).reconnect(threeAttempts).connect())) {
        TestService service = client.shared(TestService.class, "service");
        assertEquals(1, service.increment());
        manager.kill();
        awaitTrue(() -> !client.isConnected(), "the client noticed the loss by itself");

        ConnectionLostException gaveUp = assertThrows(ConnectionLostException.class, service::get);
        assertTrue(gaveUp.getMessage().contains("gave up reconnecting after 3 attempts"), gaveUp.getMessage());
        long t0 = System.nanoTime();
        ConnectionLostException again = assertThrows(ConnectionLostException.class, service::increment);
        assertEquals(gaveUp.getMessage(), again.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "once given up, calls fail at once");
        assertThrows(ConnectionLostException.class, () -> client.queue("q", Integer.class));
        assertTrue(log.has(Level.WARNING, "gave up reconnecting after 3 attempts"), "giving up is logged");
      }
    }
  }

  @Test
  @Timeout(180)
  void aClientOfTwoManagersMovesToTheSecondWhenTheFirstIsKilled() throws Exception {
    AuthKey key = AuthKey.generate();
    try (ChildJvm a = ChildJvm.start(ReconnectManagerMain.class, key, "0");
        ChildJvm b = ChildJvm.start(ReconnectManagerMain.class, key, "0")) {
      int portA = port(a);
      int portB = port(b);
      // several addresses: reconnecting is on by default
      try (ClientLog log = new ClientLog();
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
        awaitTrue(() -> client.isConnected() && client.managerAddress().getPort() == portB,
            "the client moved to the second Manager by itself");
        awaitTrue(() -> log.has(Level.WARNING, "lost the connection to the Manager at 127.0.0.1:" + portA)
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
      int portA = port(a);
      int portB = port(b);
      try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
          .addresses(new InetSocketAddress("127.0.0.1", portA), new InetSocketAddress("127.0.0.1", portB))
          .authKey(key).callTimeout(Duration.ofSeconds(2))
          .reconnect(ReconnectPolicy.standard().withLivenessCheck(Duration.ofMillis(200))).connect())) {
        TestService service = client.shared(TestService.class, "service");
        assertEquals(1, service.increment());
        signal(a, "STOP"); // like a host that vanished: its connections stay open, nothing answers
        try {
          awaitTrue(() -> client.isConnected() && client.managerAddress().getPort() == portB,
              "the client moved to the second Manager by itself");
          assertTrue(service.increment() >= 1, "calls go to the second Manager");
        } finally {
          signal(a, "CONT");
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
      awaitTrue(() -> client.isConnected() && client.managerAddress().getPort() == b.port(), "moved to the second Manager");

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
      int portA = port(a);
      int portB = port(impostor);
      ReconnectPolicy threeAttempts = ReconnectPolicy.backoff(Duration.ofMillis(20), Duration.ofMillis(50), 3);
      try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
          .addresses(new InetSocketAddress("127.0.0.1", portA), new InetSocketAddress("127.0.0.1", portB))
          .authKey(key).reconnect(threeAttempts).connect())) {
        TestService service = client.shared(TestService.class, "service");
        assertEquals(1, service.increment());
        a.kill();
        awaitTrue(() -> !client.isConnected(), "the client noticed the loss by itself");
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

  private static void signal(ChildJvm child, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(child.pid())).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -" + signal);
  }

  private static int port(ChildJvm manager) throws InterruptedException {
    return Integer.parseInt(manager.awaitLine("PORT", START));
  }

  private static void assertLost(CompletableFuture<?> call) throws InterruptedException {
    ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS));
    assertInstanceOf(ConnectionLostException.class, e.getCause());
  }

  /** Polls {@code condition} with a deadline (a state change of the client in the background). */
  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within 60 s: " + what);
      }
      Thread.sleep(10); // polling with a deadline, not synchronisation
    }
  }

  /** The records of the {@value LoggerNames#CLIENT} logger while open. */
  static final class ClientLog extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger(LoggerNames.CLIENT); // held: JUL keeps loggers weakly
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    ClientLog() {
      logger.addHandler(this);
    }

    boolean has(Level level, String text) {
      return records.stream().anyMatch(r -> r.getLevel() == level && r.getMessage().contains(text));
    }

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }

  /** Records the texts received. */
  static final class Recorder implements Events {
    final List<String> texts = new ArrayList<>();

    @Override
    public void item(int producer, long seq) {}

    @Override
    public void text(String text) {
      texts.add(text);
    }

    @Override
    public void payload(byte[] data) {}

    @Override
    public void unregistered(io.typedipc.channel.Shape value) {}
  }
}
