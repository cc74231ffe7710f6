package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.AuthenticationException;
import io.typedipc.ConnectionLostException;
import io.typedipc.Caller;
import io.typedipc.Dispatch;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.Placement;
import io.typedipc.RemoteException;
import io.typedipc.SerializationException;
import io.typedipc.StandaloneManager;
import io.typedipc.annotation.Shared;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.testing.TestThreads;
import io.typedipc.spi.SharedBinding;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promises of the Javadoc of the core entry points (Manager, ManagerClient, AuthKey,
 * StandaloneManager, Caller, Dispatch, Placement, ReconnectPolicy, the exceptions) that other tests
 * do not try.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JavadocCoreTest {
  private final AuthKey key = AuthKey.generate();

  /** Hands the test the caller of its one method. */
  @Shared
  public interface Watcher {
    /** Registers three disconnect actions for the caller: the first and third record, the second throws. */
    void watch();
  }

  /** Records what the disconnect actions of {@link Watcher#watch} did, and the caller. */
  static final class WatcherImpl implements Watcher {
    final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    volatile Caller caller;

    @Override
    public void watch() {
      Caller c = Caller.current();
      caller = c;
      c.onDisconnect(() -> ran.add("first"));
      c.onDisconnect(() -> {
        throw new IllegalStateException("a failing disconnect action");
      });
      c.onDisconnect(() -> ran.add("third"));
    }
  }

  /**
   * Caller.onDisconnect: "Actions run in registration order, each at most once; an action that
   * throws does not stop the others." and "Runs at once, on this thread, if that has already
   * happened."; Caller.isConnected: "Whether the client still has a connection to the Manager."
   */
  @Test
  void disconnectActionsRunInOrderPastAFailingOneAndAtOnceOnceTheClientIsGone() throws Exception {
    WatcherImpl watcher = new WatcherImpl();
    try (Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key)
        .share(Watcher.class, "watcher", watcher).jmx(false).start()) {
      try (ManagerClient client = TestTransport.connect(manager.port(), key)) {
        client.shared(Watcher.class, "watcher").watch();
        assertTrue(watcher.caller.isConnected());
        assertEquals(List.of(), watcher.ran);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (watcher.ran.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(List.of("first", "third"), watcher.ran);
      assertFalse(watcher.caller.isConnected());
      Thread[] ranOn = new Thread[1];
      watcher.caller.onDisconnect(() -> ranOn[0] = Thread.currentThread());
      assertSame(Thread.currentThread(), ranOn[0], "an action registered after the disconnect runs at once, here");
      assertEquals(List.of("first", "third"), watcher.ran, "each action runs at most once");
    }
  }

  /**
   * Caller.id: "An id of the client's session with this Manager: the same for all its
   * connections, unique among the Manager's clients … A client that reconnects after losing its
   * Manager starts a new session, so it is a new caller with a new id". A client of two Managers,
   * moved from the first to the second when the first closes. (The Javadoc said the id was "the
   * same … on every Manager of a cluster", which a moved client is not: its old session, and what
   * it held, ended with the loss.)
   */
  @Test
  void aClientThatMovesToAnotherManagerIsANewCallerThere() throws Exception {
    try (Manager a = TestTransport.manager(Manager.builder()).address(0).authKey(key).jmx(false)
            .share(Presence.class, "presence", new PresenceImpl()).start();
        Manager b = TestTransport.manager(Manager.builder()).address(0).authKey(key).jmx(false)
            .share(Presence.class, "presence", new PresenceImpl()).start();
        ManagerClient client = TestTransport.client(ManagerClient.builder())
            .addresses(new InetSocketAddress("127.0.0.1", a.port()), new InetSocketAddress("127.0.0.1", b.port()))
            .authKey(key).connections(2)
            .reconnect(io.typedipc.ReconnectPolicy.standard().withLivenessCheck(Duration.ofMillis(100))).connect();
        ManagerClient onB = TestTransport.connect(b.port(), key)) {
      Presence presence = client.shared(Presence.class, "presence");
      String onA = presence.whoAmI();
      a.close();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!(client.isConnected() && client.managerAddress().getPort() == b.port()) && System.nanoTime() < deadline) {
        Thread.sleep(10); // polling with a deadline for the client to move
      }
      assertEquals(b.port(), client.managerAddress().getPort());
      String movedId = presence.whoAmI();
      assertFalse(onA.equals(movedId), "a new session, a new caller");
      CompletableFuture<String> fromOtherThread = new CompletableFuture<>();
      TestThreads.EACH.execute(() -> fromOtherThread.complete(presence.whoAmI()));
      assertEquals(movedId, fromOtherThread.get(30, TimeUnit.SECONDS), "one caller over its connections");
      assertFalse(movedId.equals(onB.shared(Presence.class, "presence").whoAmI()), "another client is another caller");
    }
  }

  /**
   * ManagerClient, "Reconnecting": "proxies of named objects (shared) keep working: the object is
   * opened again by name in the new Manager (which must share it: otherwise their calls fail with
   * NoSuchObjectException)". The failure is that proxy's alone: built-ins by name work on the new
   * Manager.
   */
  @Test
  void aNamedProxyFailsWithNoSuchObjectOnAManagerThatDoesNotShareItsName() throws Exception {
    Manager a = TestTransport.manager(Manager.builder()).address(0).authKey(key).jmx(false)
        .share(Presence.class, "presence", new PresenceImpl()).start();
    try (Manager b = TestTransport.manager(Manager.builder()).address(0).authKey(key).jmx(false).start();
        ManagerClient client = TestTransport.client(ManagerClient.builder())
            .addresses(new InetSocketAddress("127.0.0.1", a.port()), new InetSocketAddress("127.0.0.1", b.port()))
            .authKey(key)
            .reconnect(io.typedipc.ReconnectPolicy.standard().withLivenessCheck(Duration.ofMillis(100))).connect()) {
      Presence presence = client.shared(Presence.class, "presence");
      assertTrue(presence.whoAmI().startsWith("client-"));
      a.close();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!(client.isConnected() && client.managerAddress().getPort() == b.port()) && System.nanoTime() < deadline) {
        Thread.sleep(10); // polling with a deadline for the client to move
      }
      assertEquals(b.port(), client.managerAddress().getPort());
      assertThrows(io.typedipc.NoSuchObjectException.class, presence::whoAmI);
      assertThrows(io.typedipc.NoSuchObjectException.class, presence::whoAmI, "and again");
      client.map("m").put("k", "v");
      assertEquals("v", client.map("m").get("k"), "the client serves on");
      assertTrue(client.isConnected());
    } finally {
      a.close();
    }
  }

  /**
   * ManagerClient.Builder.addresses: "ReconnectPolicy.none() to use the others only when
   * connecting" — its first Manager closed, such a client stays lost: its calls fail though the
   * second Manager serves, with ManagerClosedException as the Manager closed gracefully
   * (ReconnectPolicy.none(): "after a loss every call fails with ConnectionLostException
   * (ManagerClosedException if the Manager closed gracefully) until the client is closed"; the
   * parenthesis is new: the Javadoc promised ConnectionLostException alone).
   */
  @Test
  void severalAddressesWithReconnectNoneAreUsedOnlyWhenConnecting() throws Exception {
    Manager a = TestTransport.manager(Manager.builder()).address(0).authKey(key).jmx(false)
        .share(Presence.class, "presence", new PresenceImpl()).start();
    try (Manager b = TestTransport.manager(Manager.builder()).address(0).authKey(key).jmx(false)
            .share(Presence.class, "presence", new PresenceImpl()).start();
        ManagerClient client = TestTransport.client(ManagerClient.builder())
            .addresses(new InetSocketAddress("127.0.0.1", a.port()), new InetSocketAddress("127.0.0.1", b.port()))
            .authKey(key).reconnect(io.typedipc.ReconnectPolicy.none()).connect()) {
      Presence presence = client.shared(Presence.class, "presence");
      presence.whoAmI();
      a.close();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (client.isConnected() && System.nanoTime() < deadline) {
        Thread.sleep(10); // polling with a deadline for the client to see the loss
      }
      assertFalse(client.isConnected());
      assertThrows(io.typedipc.ManagerClosedException.class, presence::whoAmI);
      assertThrows(io.typedipc.ManagerClosedException.class, () -> client.map("m"));
      assertFalse(client.isConnected(), "it did not move to the second Manager");
      assertEquals(a.port(), client.managerAddress().getPort());
    } finally {
      a.close();
    }
  }

  /**
   * ManagerClient.close: "calls still pending fail with ConnectionLostException" — also a call
   * waiting for the client to reconnect (its Manager gone, no other to move to), which ends at the
   * close, not at its 120 s deadline.
   */
  @Test
  void closeEndsACallWaitingForAReconnectWithConnectionLost() throws Exception {
    Manager a = TestTransport.manager(Manager.builder()).address(0).authKey(key).jmx(false)
        .share(Presence.class, "presence", new PresenceImpl()).start();
    try {
      ManagerClient client = TestTransport.client(ManagerClient.builder()).address("127.0.0.1", a.port()).authKey(key)
          .reconnect(io.typedipc.ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofMillis(200), Integer.MAX_VALUE))
          .connect();
      Presence patient = client.withTimeout(client.shared(Presence.class, "presence"), Duration.ofSeconds(120));
      patient.whoAmI();
      a.close();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (client.isConnected() && System.nanoTime() < deadline) {
        Thread.sleep(10); // polling with a deadline for the client to see the loss
      }
      CompletableFuture<String> waiting = new CompletableFuture<>();
      CompletableFuture<Thread> caller = new CompletableFuture<>();
      TestThreads.EACH.execute(() -> {
        caller.complete(Thread.currentThread());
        try {
          waiting.complete(patient.whoAmI());
        } catch (Throwable t) {
          waiting.completeExceptionally(t);
        }
      });
      Thread t = caller.get(30, TimeUnit.SECONDS);
      while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING
          && !waiting.isDone() && System.nanoTime() < deadline) {
        Thread.sleep(10); // polling with a deadline for the call to wait
      }
      assertFalse(waiting.isDone(), "the call waits for the reconnect: " + waiting);
      long closing = System.nanoTime();
      client.close();
      java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> waiting.get(30, TimeUnit.SECONDS));
      assertInstanceOf(ConnectionLostException.class, e.getCause());
      assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - closing) < 20, "it ended with the close");
    } finally {
      a.close();
    }
  }

  /** A placement that keeps everything in the Manager but refuses the built-in kind {@code refused}. */
  private static Placement refusing(String refusedKind, String refusedShare) {
    return new Placement() {
      @Override
      public void open(Collection<InterfaceDescriptor> interfaces, Collection<Class<?>> userTypes,
          Collection<Class<?>> stateClasses) {}

      @Override
      public Hosted share(String name, SharedBinding binding, Object target, Dispatch dispatch) {
        if (name.equals(refusedShare)) {
          throw new IllegalArgumentException("this placement cannot keep " + name);
        }
        return new Hosted(target, dispatch);
      }

      @Override
      public Object builtin(String name, String kind, List<Long> parameters) {
        if (kind.equals(refusedKind)) {
          throw new IllegalArgumentException("this placement offers no " + kind);
        }
        return null;
      }

      @Override
      public Object channel(String name, String messageType, String fingerprint, int capacity) {
        if (name.startsWith("refused")) {
          throw new IllegalArgumentException("this placement cannot keep the channel " + name);
        }
        return null;
      }
    };
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Records what the Manager asks of it; keeps everything in the Manager; finds "elsewhere". */
  static final class RecordingPlacement implements Placement {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    volatile Collection<Class<?>> stateClasses;
    volatile Collection<Class<?>> userTypes;
    volatile boolean interfacesHoldTestService;
    final TestServiceImpl elsewhere = new TestServiceImpl();

    @Override
    public void open(Collection<InterfaceDescriptor> interfaces, Collection<Class<?>> userTypes,
        Collection<Class<?>> stateClasses) {
      calls.add("open");
      this.userTypes = List.copyOf(userTypes);
      this.stateClasses = List.copyOf(stateClasses);
      interfacesHoldTestService = interfaces.stream().anyMatch(d -> d.name().equals(TestService.class.getName()));
    }

    @Override
    public Hosted share(String name, SharedBinding binding, Object target, Dispatch dispatch) {
      calls.add("share " + name + " " + dispatch);
      return new Hosted(target, dispatch);
    }

    @Override
    public Object builtin(String name, String kind, List<Long> parameters) {
      calls.add("builtin " + name + " " + kind + " " + parameters);
      return null;
    }

    @Override
    public Object channel(String name, String messageType, String fingerprint, int capacity) {
      calls.add("channel " + name + " " + messageType + " " + capacity);
      return null;
    }

    @Override
    public Found find(String name) {
      calls.add("find " + name);
      return name.equals("elsewhere") ? new Found(TestService.class, elsewhere, Dispatch.SERIAL) : null;
    }
  }

  /**
   * Placement: "Manager.Builder.start calls open once, then share for each object and channel for
   * each channel given to the builder; later the Manager calls builtin for each built-in object
   * created by name (at start or by a client) and channel for each channel a client creates";
   * open's stateClasses are "the classes of the objects shared with share (and the built-in
   * containers created with an initial value)"; null from builtin or channel is "the Manager's own
   * in-memory one"; find: "The Manager asks when a client opens a name it does not host, then
   * hosts what this returns under it" — and before it creates a name (get-or-create), at start too.
   */
  @Test
  void theManagerAsksItsPlacementWhatItsJavadocSays() throws Exception {
    RecordingPlacement placement = new RecordingPlacement();
    try (Manager manager = Manager.builder().address(0).authKey(key).jmx(false).placement(placement)
        .register(Money.class)
        .share(TestService.class, "svc", new TestServiceImpl(), Dispatch.CONCURRENT)
        .channel(io.typedipc.channel.Events.class, "events", 10)
        .list("lst", List.of(1, 2))
        .lock("l")
        .start();
        ManagerClient client = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key)
            .register(Money.class).connect()) {
      assertEquals(List.of("open", "share svc CONCURRENT", "channel events io.typedipc.channel.Events 10",
          "share lst SERIAL", "find l", "builtin l lock []"), placement.calls);
      assertTrue(placement.interfacesHoldTestService);
      assertEquals(List.of(Money.class), List.copyOf(placement.userTypes));
      assertEquals(2, placement.stateClasses.size(), placement.stateClasses.toString());
      assertTrue(placement.stateClasses.contains(TestServiceImpl.class), placement.stateClasses.toString());
      placement.calls.clear();

      assertEquals(1, client.shared(TestService.class, "svc").increment());
      client.map("m").put("k", 1);
      client.channel(io.typedipc.channel.Events.class, "more", 3);
      assertEquals(List.of("find m", "builtin m map []", "find more", "channel more io.typedipc.channel.Events 3"),
          placement.calls);
      assertEquals(3, client.channel(io.typedipc.channel.Events.class, "more").capacity(), "the Manager's own channel");

      placement.elsewhere.increment();
      assertEquals(2, client.shared(TestService.class, "elsewhere").increment(), "found and hosted");
      assertTrue(placement.calls.contains("find elsewhere"), placement.calls.toString());
      assertThrows(io.typedipc.NoSuchObjectException.class, () -> client.shared(TestService.class, "nowhere"));
      assertTrue(placement.calls.contains("find nowhere"), placement.calls.toString());
    }
  }

  /**
   * Placement.startFailed: "The start of the Manager this placement was opened for failed after
   * open returned … (Not called when open itself throws …)". Counted: once after a share the
   * placement refused, never when open threw, never for a start that succeeded.
   */
  @Test
  void aStartThatFailsAfterOpenHandsThePlacementBackOnce() {
    AtomicInteger failedStarts = new AtomicInteger();
    AtomicBoolean openThrows = new AtomicBoolean();
    Placement delegate = refusing(null, "refused");
    Placement counting = new Placement() {
      @Override
      public void open(Collection<InterfaceDescriptor> interfaces, Collection<Class<?>> userTypes,
          Collection<Class<?>> stateClasses) {
        if (openThrows.get()) {
          throw new IllegalStateException("this placement serves another Manager");
        }
      }

      @Override
      public Hosted share(String name, SharedBinding binding, Object target, Dispatch dispatch) {
        return delegate.share(name, binding, target, dispatch);
      }

      @Override
      public Object builtin(String name, String kind, List<Long> parameters) {
        return null;
      }

      @Override
      public Object channel(String name, String messageType, String fingerprint, int capacity) {
        return null;
      }

      @Override
      public void startFailed() {
        failedStarts.incrementAndGet();
      }
    };
    assertThrows(IllegalArgumentException.class, () -> Manager.builder().authKey(key).jmx(false).placement(counting)
        .share(Watcher.class, "refused", new WatcherImpl()).start());
    assertEquals(1, failedStarts.get(), "a refusal after open");
    openThrows.set(true);
    assertThrows(IllegalStateException.class, () -> Manager.builder().authKey(key).jmx(false).placement(counting)
        .share(Watcher.class, "kept", new WatcherImpl()).start());
    assertEquals(1, failedStarts.get(), "open threw: nothing to hand back");
    openThrows.set(false);
    try (Manager manager = Manager.builder().authKey(key).jmx(false).placement(counting)
        .share(Watcher.class, "kept", new WatcherImpl()).start()) {
      assertEquals(1, failedStarts.get(), "a start that succeeded");
    }
  }

  /**
   * Placement: "A placement that refuses something (an exception from any of these) stops the
   * start, or fails the client's call, with its message." A start it stops leaves nothing behind:
   * the address is free for the next Manager. A built-in the placement refused at start kept the
   * refused Manager's socket bound (its server was not closed).
   */
  @Test
  void aPlacementThatRefusesAnObjectAtStartStopsTheStartAndLeavesTheAddressFree() throws Exception {
    int port = freePort();
    IllegalArgumentException refusedBuiltin = assertThrows(IllegalArgumentException.class,
        () -> Manager.builder().address(port).authKey(key).jmx(false).placement(refusing("lock", null))
            .lock("l").start());
    assertTrue(refusedBuiltin.getMessage().contains("this placement offers no lock"), refusedBuiltin.getMessage());
    IllegalArgumentException refusedShare = assertThrows(IllegalArgumentException.class,
        () -> Manager.builder().address(port).authKey(key).jmx(false).placement(refusing(null, "watcher"))
            .share(Watcher.class, "watcher", new WatcherImpl()).start());
    assertTrue(refusedShare.getMessage().contains("this placement cannot keep watcher"), refusedShare.getMessage());
    try (Manager manager = Manager.builder().address(port).authKey(key).jmx(false).placement(refusing("lock", null))
        .map("m").start();
        ManagerClient client = TestTransport.connect(manager.port(), key)) {
      assertEquals(port, manager.port());
      client.map("m").put("k", "v");
      IllegalArgumentException refusedCreate = assertThrows(IllegalArgumentException.class, () -> client.lock("l"));
      assertTrue(refusedCreate.getMessage().contains("this placement offers no lock"), refusedCreate.getMessage());
      assertEquals("v", client.<String, String>map("m").get("k"), "the refusal cost the client nothing else");
      IllegalArgumentException refusedChannel = assertThrows(IllegalArgumentException.class,
          () -> client.channel(io.typedipc.channel.Events.class, "refused-events", 4));
      assertTrue(refusedChannel.getMessage().contains("cannot keep the channel refused-events"), refusedChannel.getMessage());
      assertEquals(4, client.channel(io.typedipc.channel.Events.class, "events", 4).capacity(), "another channel is kept");
    }
    IllegalArgumentException refusedAtStart = assertThrows(IllegalArgumentException.class,
        () -> Manager.builder().address(port).authKey(key).jmx(false).placement(refusing(null, null))
            .channel(io.typedipc.channel.Events.class, "refused-at-start", 4).start());
    assertTrue(refusedAtStart.getMessage().contains("cannot keep the channel refused-at-start"), refusedAtStart.getMessage());
    try (Manager again = Manager.builder().address(port).authKey(key).jmx(false).start()) {
      assertEquals(port, again.port(), "the address is free after the refused start");
    }
  }

  /**
   * ManagerClient.Builder.connect: "@throws AuthenticationException if the auth keys differ" —
   * also with several addresses, when every Manager refuses the key (the other refusals attached as
   * suppressed); a ConnectionLostException naming them all when they fail in different ways. With
   * several addresses every failure was a ConnectionLostException, a wrong key's too.
   */
  @Test
  void aKeyEveryManagerRefusesIsAnAuthenticationFailureWhateverTheNumberOfAddresses() throws Exception {
    AuthKey wrong = AuthKey.generate();
    int closedPort = freePort();
    try (Manager a = Manager.builder().address(0).authKey(key).jmx(false).start();
        Manager b = Manager.builder().address(0).authKey(key).jmx(false).start()) {
      AuthenticationException refused = assertThrows(AuthenticationException.class, () -> ManagerClient.builder()
          .addresses(new InetSocketAddress("127.0.0.1", a.port()), new InetSocketAddress("127.0.0.1", b.port()))
          .authKey(wrong).connect());
      assertEquals(1, refused.getSuppressed().length, "the second Manager's refusal is attached");
      assertTrue(refused.getSuppressed()[0] instanceof AuthenticationException, refused.getSuppressed()[0].toString());
      assertTrue(refused.getCause() instanceof AuthenticationException, "the first Manager's refusal is its cause");
      assertEquals("every Manager at 127.0.0.1:" + a.port() + ", 127.0.0.1:" + b.port() + " refused this client: "
          + "the Manager at /127.0.0.1:" + a.port() + " rejected this client's auth key; "
          + "the Manager at /127.0.0.1:" + b.port() + " rejected this client's auth key", refused.getMessage());
      ConnectionLostException mixed = assertThrows(ConnectionLostException.class, () -> ManagerClient.builder()
          .addresses(new InetSocketAddress("127.0.0.1", a.port()), new InetSocketAddress("127.0.0.1", closedPort))
          .authKey(wrong).connect());
      assertTrue(mixed.getMessage().contains("cannot connect to any of the Managers"), mixed.getMessage());
      assertTrue(mixed.getCause() instanceof AuthenticationException, String.valueOf(mixed.getCause()));
      try (ManagerClient client = ManagerClient.builder()
          .addresses(new InetSocketAddress("127.0.0.1", closedPort), new InetSocketAddress("127.0.0.1", b.port()))
          .authKey(key).connect()) {
        assertEquals(b.port(), client.managerAddress().getPort(), "the first that accepts");
      }
    }
    // "@throws ManagerBusyException if the Manager serves its maximum number of connections": every one
    try (Manager a = Manager.builder().address(0).authKey(key).jmx(false).maxConnections(1).start();
        Manager b = Manager.builder().address(0).authKey(key).jmx(false).maxConnections(1).start();
        ManagerClient onA = ManagerClient.connect("127.0.0.1", a.port(), key);
        ManagerClient onB = ManagerClient.connect("127.0.0.1", b.port(), key)) {
      io.typedipc.ManagerBusyException busy = assertThrows(io.typedipc.ManagerBusyException.class, () -> ManagerClient.builder()
          .addresses(new InetSocketAddress("127.0.0.1", a.port()), new InetSocketAddress("127.0.0.1", b.port()))
          .authKey(key).connect());
      assertEquals(1, busy.getSuppressed().length);
      assertTrue(busy.getCause() instanceof io.typedipc.ManagerBusyException, String.valueOf(busy.getCause()));
      assertTrue(busy.getMessage().startsWith("every Manager at 127.0.0.1:" + a.port() + ", 127.0.0.1:" + b.port()
          + " refused this client: "), busy.getMessage());
      assertTrue(onA.isConnected() && onB.isConnected());
    }
  }

  /**
   * ManagerClient.Builder.maxFrameSize: "A call whose message exceeds it (or the Manager's limit)
   * fails with SerializationException before anything is sent … Either way the connection serves
   * the next call." The Manager's own limit (Manager.Builder.maxFrameSize), smaller than the
   * client's, with the Manager in its own JVM.
   */
  @Test
  void aCallOverTheManagersSmallerFrameLimitFailsBeforeItIsSentAndTheConnectionServesOn() throws Exception {
    int limit = 64 * 1024;
    try (BoundedManager manager = BoundedManager.start("maxFrameSize=" + limit);
        ManagerClient client = TestTransport.connect(manager.port, manager.key)) {
      TestService service = client.shared(TestService.class, "service");
      SerializationException tooLarge = assertThrows(SerializationException.class, () -> service.echoBytes(new byte[2 * limit]));
      assertTrue(tooLarge.getMessage().contains("frame limit"), tooLarge.getMessage());
      assertEquals(limit / 2, service.echoBytes(new byte[limit / 2]).length);
      assertEquals("still served", service.echo("still served"));
      assertTrue(client.isConnected());
      assertTrue(manager.jvm.isAlive(), "the Manager JVM lives on");
    }
  }

  /**
   * RemoteException: "Carries the remote exception's class name, message and stack trace; the
   * remote cause, if any, is this exception's cause, as another RemoteException. The remote class
   * is never loaded on the client: only its name travels." The Manager's JVM throws an exception
   * class compiled for it alone, absent from the client's class path.
   */
  @Test
  void anUndeclaredExceptionOfAClassOnlyTheManagerHasArrivesByName(@TempDir Path dir) throws Exception {
    Path source = Files.createDirectories(dir.resolve("src/example")).resolve("OnlyInManagerException.java");
    Files.writeString(source, """
        package example;
        public class OnlyInManagerException extends RuntimeException {
          public OnlyInManagerException(String message, Throwable cause) {
            super(message, cause);
          }
        }
        """);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), source.toString()), "compiled");
    String remoteClass = "example.OnlyInManagerException";
    assertThrows(ClassNotFoundException.class, () -> Class.forName(remoteClass), "the client has no such class");
    String classpath = System.getProperty("java.class.path") + java.io.File.pathSeparator + classes;
    try (ChildJvm managerJvm = ChildJvm.start(classpath, JavadocCoreManagerMain.class, key);
        ManagerClient client = TestTransport.connect(
            Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(60))), key)) {
      TestService service = client.shared(TestService.class, "service");
      RemoteException e = assertThrows(RemoteException.class, () -> service.failUnchecked(remoteClass));
      assertEquals(remoteClass, e.remoteType());
      assertEquals("from the Manager", e.remoteMessage());
      assertEquals(remoteClass + ": from the Manager", e.getMessage());
      assertTrue(java.util.Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getClassName().startsWith(
          JavadocCoreManagerMain.class.getName())), "the Manager's stack trace");
      RemoteException cause = assertInstanceOf(RemoteException.class, e.getCause());
      assertEquals(remoteClass, cause.remoteType());
      assertEquals("the cause", cause.remoteMessage());
      assertEquals(null, cause.getCause());
      assertEquals(5, service.increment() + 4, "the connection serves on");
    }
  }

  /**
   * ManagerClient.Builder.maxPendingCalls: "A call beyond it waits until an earlier one completes,
   * up to its own deadline, then fails with CallTimeoutException (an asynchronous call waits in the
   * method that makes it, before its future is returned)." Two calls pending on the one connection
   * of a client with maxPendingCalls(2), the Manager in its own JVM.
   */
  @Test
  void anAsynchronousCallBeyondMaxPendingCallsWaitsInTheMethodForRoom() throws Exception {
    try (ChildJvm managerJvm = ChildJvm.start(DeferredManagerMain.class, key)) {
      int port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(60)));
      try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key).connections(1)
              .maxPendingCalls(2).callTimeout(Duration.ofSeconds(60)).connect();
          ManagerClient other = ManagerClient.connect("127.0.0.1", port, key)) {
        Deferred deferred = client.shared(Deferred.class, "deferred");
        Deferred completer = other.shared(Deferred.class, "deferred");
        CompletableFuture<String> a = deferred.await("a");
        CompletableFuture<String> b = deferred.await("b");

        CompletableFuture<Thread> caller = new CompletableFuture<>();
        CompletableFuture<CompletableFuture<String>> third = new CompletableFuture<>();
        TestThreads.EACH.execute(() -> {
          caller.complete(Thread.currentThread());
          try {
            third.complete(deferred.await("c"));
          } catch (Throwable t) {
            third.completeExceptionally(t);
          }
        });
        Thread t = caller.get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING
            && System.nanoTime() < deadline) {
          Thread.sleep(10); // polling with a deadline for the caller to block
        }
        assertFalse(third.isDone(), "the third call returned while two were pending");

        assertEquals(1, completeOnceRead(completer, "a", "A"));
        assertEquals("A", a.get(30, TimeUnit.SECONDS));
        CompletableFuture<String> c = third.get(30, TimeUnit.SECONDS);
        assertEquals(1, completeOnceRead(completer, "c", "C"));
        assertEquals("C", c.get(30, TimeUnit.SECONDS));

        // b and one more pending: a call with a 1 s deadline waits for room, then fails
        CompletableFuture<String> d = deferred.await("d");
        Deferred impatient = client.withTimeout(deferred, Duration.ofSeconds(1));
        long start = System.nanoTime();
        CompletableFuture<String> refused = impatient.await("e");
        long inTheMethod = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(inTheMethod >= 900, "it returned after " + inTheMethod + " ms, before its deadline");
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
            () -> refused.get(30, TimeUnit.SECONDS));
        assertInstanceOf(io.typedipc.CallTimeoutException.class, e.getCause());
        assertEquals(1, completeOnceRead(completer, "b", "B"));
        assertEquals(1, completeOnceRead(completer, "d", "D"));
        assertEquals("B", b.get(30, TimeUnit.SECONDS));
        assertEquals("D", d.get(30, TimeUnit.SECONDS));
      }
    }
  }

  /**
   * Completes the call awaiting {@code key} once the Manager has read it (it may arrive after a
   * complete sent over another connection, which then completes none); how many it completed.
   */
  private static int completeOnceRead(Deferred completer, String key, String value) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int completed;
    while ((completed = completer.complete(key, value)) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10); // polling with a deadline
    }
    return completed;
  }

  /**
   * ManagerClient.withTimeout: "proxy is one this client made: by shared, by map, list, value, the
   * arrays or namespace, or returned by a call. The built-ins that wait (locks, queues, semaphores,
   * events, conditions, barriers) are not proxies: their waits take a timeout of their own.
   * @throws IllegalArgumentException if … timeout is negative or longer than 36,500 days".
   */
  @Test
  void withTimeoutTakesEveryProxyKindItNamesAndRefusesTheWaitingBuiltIns() throws Exception {
    try (Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key).jmx(false)
        .share(Cells.class, "cells", new CellsImpl()).start();
        ManagerClient client = TestTransport.connect(manager.port(), key)) {
      Cells.Cell cell = client.shared(Cells.class, "cells").newCell(7);
      assertEquals(7, client.withTimeout(cell, Duration.ofSeconds(5)).get(), "a proxy returned by a call");
      assertEquals(0, client.withTimeout(client.list("l"), Duration.ofSeconds(5)).size());
      assertEquals(3, client.withTimeout(client.value("v", 3), Duration.ofSeconds(5)).get());
      assertEquals(2, client.withTimeout(client.intArray("a", 2), Duration.ofSeconds(5)).length());
      assertEquals(2, client.withTimeout(client.longArray("la", 2), Duration.ofSeconds(5)).length());
      assertEquals(2, client.withTimeout(client.doubleArray("da", 2), Duration.ofSeconds(5)).length());
      assertEquals(null, client.withTimeout(client.<Object>namespace("n"), Duration.ofSeconds(5)).get("x"));
      for (Object waiting : List.of(client.lock("lk"), client.rlock("rl"), client.queue("q", String.class),
          client.joinableQueue("jq", String.class, 0), client.semaphore("s", 1), client.boundedSemaphore("bs", 1),
          client.event("e"), client.condition("c"), client.barrier("b", 2))) {
        assertThrows(IllegalArgumentException.class, () -> client.withTimeout(waiting, Duration.ofSeconds(5)),
            waiting.getClass().getName());
      }
      assertThrows(IllegalArgumentException.class, () -> client.withTimeout(cell, Duration.ofDays(36_501)));
      assertEquals(7, client.withTimeout(cell, Duration.ofDays(36_500)).get(), "36,500 days is allowed");
    }
  }

  /**
   * Manager.close: "refuses new calls with ManagerClosedException … lets running calls finish and
   * send their replies (up to the builder's close timeout: a call still running then fails with
   * ManagerClosedException at its client)" — for a call parked in a CompletableFuture the
   * implementation never completes.
   */
  @Test
  void aParkedFutureCallStillPendingAtTheCloseTimeoutFailsWithManagerClosed() throws Exception {
    Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key).jmx(false)
        .closeTimeout(Duration.ofSeconds(2)).share(Deferred.class, "deferred", new DeferredImpl()).start();
    try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key)
        .callTimeout(Duration.ZERO).connect()) {
      Deferred deferred = client.shared(Deferred.class, "deferred");
      CompletableFuture<String> never = deferred.await("never");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (manager.introspect().callsInFlight() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(5); // polling the Manager's view with a deadline
      }
      CompletableFuture<Void> closed = new CompletableFuture<>();
      long closing = System.nanoTime();
      TestThreads.EACH.execute(() -> {
        manager.close();
        closed.complete(null);
      });
      java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
          () -> never.get(60, TimeUnit.SECONDS));
      assertInstanceOf(io.typedipc.ManagerClosedException.class, e.getCause());
      closed.get(60, TimeUnit.SECONDS);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
      assertTrue(millis < 20_000, "close() took " + millis + " ms with a 2 s close timeout");
    } finally {
      manager.close();
    }
  }

  /**
   * Manager.Builder.start: "@throws UncheckedIOException if the address cannot be bound" — also
   * when its host name does not resolve (an UnresolvedAddressException without a message, before),
   * saying which; a host that is not this machine's fails the same way.
   */
  @Test
  void anAddressThatCannotBeBoundIsAnUncheckedIOExceptionNamingIt() {
    UncheckedIOException unknown = assertThrows(UncheckedIOException.class,
        () -> Manager.builder().address("no-such-host.invalid", 0).authKey(key).jmx(false).start());
    assertTrue(unknown.getMessage().contains("no-such-host.invalid"), unknown.getMessage());
    UncheckedIOException notHere = assertThrows(UncheckedIOException.class,
        () -> Manager.builder().address("192.0.2.1", 0).authKey(key).jmx(false).start()); // TEST-NET-1
    assertTrue(notHere.getMessage().contains("192.0.2.1"), notHere.getMessage());
  }

  /** AuthKey.fromBase64: "@throws IllegalArgumentException if it is not Base64, or decodes to fewer than 16 bytes". */
  @Test
  void aBase64KeyShorterThanSixteenBytesIsRefused() {
    String fifteen = java.util.Base64.getEncoder().encodeToString(new byte[15]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthKey.fromBase64(fifteen));
    assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
    assertEquals(16, AuthKey.fromBase64(" " + java.util.Base64.getEncoder().encodeToString(new byte[16]) + "\n").length());
  }

  /**
   * Manager.Builder: idleTimeout "Duration.ZERO for no limit, otherwise at least 100 ms";
   * maxCallBytesInFlight and maxReplyBytes "at least 1 KiB, and raised to the frame limit if
   * lower" — a call and a reply of 32 KiB pass a Manager whose two byte bounds are 1 KiB and whose
   * frame limit is 64 KiB; the durations refuse zero.
   */
  @Test
  void theByteBoundsBelowTheFrameLimitAreRaisedToItAndTheDurationsRefuseWhatTheySay() throws Exception {
    Manager.Builder builder = Manager.builder();
    assertThrows(IllegalArgumentException.class, () -> builder.idleTimeout(Duration.ofMillis(99)));
    assertThrows(IllegalArgumentException.class, () -> builder.idleTimeout(Duration.ofMillis(-1)));
    builder.idleTimeout(Duration.ZERO).idleTimeout(Duration.ofMillis(100));
    assertThrows(IllegalArgumentException.class, () -> builder.maxCallBytesInFlight(1023));
    assertThrows(IllegalArgumentException.class, () -> builder.maxReplyBytes(1023));
    assertThrows(IllegalArgumentException.class, () -> builder.writeStallTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> builder.closeTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> builder.handshakeTimeout(Duration.ofMillis(-1)));
    try (Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key).jmx(false)
        .maxFrameSize(64 * 1024).maxCallBytesInFlight(1024).maxReplyBytes(1024).idleTimeout(Duration.ZERO)
        .share(TestService.class, "service", new TestServiceImpl()).start();
        ManagerClient client = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key)
            .callTimeout(Duration.ofSeconds(30)).connect()) {
      TestService service = client.shared(TestService.class, "service");
      for (int i = 0; i < 3; i++) {
        assertEquals(32 * 1024, service.echoBytes(new byte[32 * 1024]).length);
      }
      assertTrue(client.isConnected());
    }
  }

  /**
   * Dispatch.SERIAL: "calls run one at a time, in the order they arrive, whatever client or thread
   * sent them. A plain, non-thread-safe implementation is safe, and a read-modify-write inside one
   * method never loses an update." Four clients of four threads each increment a plain int field
   * in a Manager in another JVM: every increment counts, and each returns a value no other got.
   */
  @Test
  void serialDispatchKeepsANonThreadSafeCounterExactAcrossClientsAndThreads() throws Exception {
    int clients = 4;
    int threads = 4;
    int each = 250;
    try (ChildJvm managerJvm = ChildJvm.start(JavadocCoreManagerMain.class, key)) {
      int port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(60)));
      List<ManagerClient> open = new ArrayList<>();
      try {
        List<CompletableFuture<List<Integer>>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          ManagerClient client = TestTransport.connect(port, key);
          open.add(client);
          TestService racy = client.shared(TestService.class, "racy");
          for (int t = 0; t < threads; t++) {
            CompletableFuture<List<Integer>> seen = new CompletableFuture<>();
            results.add(seen);
            TestThreads.EACH.execute(() -> {
              try {
                List<Integer> values = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                  values.add(racy.increment());
                }
                seen.complete(values);
              } catch (Throwable e) {
                seen.completeExceptionally(e);
              }
            });
          }
        }
        java.util.Set<Integer> all = new java.util.HashSet<>();
        for (CompletableFuture<List<Integer>> r : results) {
          List<Integer> values = r.get(120, TimeUnit.SECONDS);
          for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i) > values.get(i - 1), "a thread's calls ran out of order: " + values);
          }
          all.addAll(values);
        }
        int total = clients * threads * each;
        assertEquals(total, all.size(), "two increments returned the same value: an update was lost");
        assertEquals(total, open.get(0).shared(TestService.class, "racy").get());
      } finally {
        open.forEach(ManagerClient::close);
      }
    }
  }

  /**
   * AuthKey.writeTo(file, true): "A replacement is written to a new file beside it and then moved
   * over it (atomically where the file system can), so a reader sees the old key or the new one,
   * never part of one." A reader on another thread reads while the file is replaced 300
   * times.
   */
  @Test
  void aReaderOfAKeyFileBeingReplacedSeesWholeKeysOnly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("manager.key");
    List<AuthKey> written = Collections.synchronizedList(new ArrayList<>());
    AuthKey first = AuthKey.generate();
    first.writeTo(file);
    written.add(first);
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    CompletableFuture<Integer> reader = new CompletableFuture<>();
    CompletableFuture<Void> firstRead = new CompletableFuture<>();
    TestThreads.EACH.execute(() -> {
      int reads = 0;
      try {
        while (!stop.get()) {
          AuthKey read = AuthKey.fromFile(file); // throws on a partial or empty file
          if (!written.contains(read)) {
            throw new AssertionError("read a key that was never written");
          }
          reads++;
          firstRead.complete(null);
        }
        reader.complete(reads);
      } catch (Throwable t) {
        reader.completeExceptionally(t);
        firstRead.complete(null);
      }
    });
    firstRead.get(30, TimeUnit.SECONDS); // the reader is reading
    for (int i = 0; i < 300 && !reader.isDone(); i++) {
      AuthKey next = AuthKey.generate();
      written.add(next); // before it can be read
      next.writeTo(file, true);
    }
    stop.set(true);
    assertTrue(reader.get(60, TimeUnit.SECONDS) > 0, "the reader read");
    assertEquals(written.get(written.size() - 1), AuthKey.fromFile(file));
  }

  /**
   * StandaloneManager --help: "--limit NAME=VALUE … idleTimeout, writeStallTimeout,
   * handshakeTimeout, closeTimeout (durations …)". Zero turns off only the idle timeout (as
   * Manager.Builder.idleTimeout says); the other three must be positive, and zero is a bad setting
   * (exit 2) naming it.
   */
  @Test
  void onlyTheIdleTimeoutTakesZeroFromTheCommandLine() throws Exception {
    for (String limit : List.of("closeTimeout", "handshakeTimeout", "writeStallTimeout")) {
      try (ChildJvm jvm = ChildJvm.start(StandaloneManager.class, key,
          "--port", "0", "--auth-key-env", ChildJvm.KEY_ENV, "--jmx", "false", "--limit", limit + "=0")) {
        assertEquals(StandaloneManager.EXIT_USAGE, jvm.waitFor(Duration.ofSeconds(60)), jvm.output());
        assertTrue(jvm.output().contains("must be positive"), jvm.output());
      }
    }
    try (ChildJvm jvm = ChildJvm.start(StandaloneManager.class, key,
        "--port", "0", "--auth-key-env", ChildJvm.KEY_ENV, "--jmx", "false", "--limit", "idleTimeout=0")) {
      String line = jvm.awaitLine("typedipc manager listening on", Duration.ofSeconds(60));
      int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).strip());
      try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, key)) {
        assertTrue(client.isConnected());
      }
    }
    try (ChildJvm help = ChildJvm.start(StandaloneManager.class, key, "--help")) {
      assertEquals(StandaloneManager.EXIT_OK, help.waitFor(Duration.ofSeconds(60)));
      assertTrue(help.output().contains("0 = none, idleTimeout only"), help.output());
    }
  }

  /** A TestService without the public no-arg constructor --share needs. */
  public static final class WithoutNoArgConstructor extends TestServiceImpl {
    public WithoutNoArgConstructor(int ignored) {}
  }

  /**
   * StandaloneManager --help: "--share NAME=IFACE:IMPL[:concurrent] host a new IMPL (public no-arg
   * constructor) as the @Shared IFACE": an IMPL without one cannot start (exit 3, saying so); one
   * that does not implement IFACE is a bad configuration (exit 2, saying so).
   */
  @Test
  void aShareWhoseImplementationCannotBeMadeOrDoesNotFitIsRefused() throws Exception {
    try (ChildJvm jvm = ChildJvm.start(StandaloneManager.class, key, "--port", "0", "--auth-key-env", ChildJvm.KEY_ENV,
        "--jmx", "false", "--share", "s=io.typedipc.it.TestService:" + WithoutNoArgConstructor.class.getName())) {
      assertEquals(StandaloneManager.EXIT_CANNOT_START, jvm.waitFor(Duration.ofSeconds(60)), jvm.output());
      assertTrue(jvm.output().contains("public no-arg constructor"), jvm.output());
    }
    try (ChildJvm jvm = ChildJvm.start(StandaloneManager.class, key, "--port", "0", "--auth-key-env", ChildJvm.KEY_ENV,
        "--jmx", "false", "--share", "s=io.typedipc.it.TestService:io.typedipc.it.CellsImpl")) {
      assertEquals(StandaloneManager.EXIT_USAGE, jvm.waitFor(Duration.ofSeconds(60)), jvm.output());
      assertTrue(jvm.output().contains("does not implement io.typedipc.it.TestService"), jvm.output());
    }
  }

  /**
   * StandaloneManager: "configured by a properties file, by command-line options, or both (options
   * override the file)" — the port, the key (a file's authKeyFile replaced by --auth-key-env) and a
   * shared object of the same name; and exit {@value StandaloneManager#EXIT_CANNOT_START} "when the
   * Manager cannot start (… a key or key store cannot be read …)".
   */
  @Test
  void commandLineOptionsOverrideTheFileAndAnUnreadableKeyStoreCannotStart(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("manager.properties"), String.join("\n",
        "port = 1",
        "authKeyFile = " + dir.resolve("absent.key"),
        "share.svc = com.example.Missing:com.example.MissingImpl",
        "jmx = false",
        ""));
    try (ChildJvm jvm = ChildJvm.start(StandaloneManager.class, key, "--config", config.toString(),
        "--port", "0", "--auth-key-env", ChildJvm.KEY_ENV,
        "--share", "svc=io.typedipc.it.TestService:io.typedipc.it.TestServiceImpl")) {
      String line = jvm.awaitLine("typedipc manager listening on", Duration.ofSeconds(60));
      int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).strip());
      try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, key)) {
        assertEquals(1, client.shared(TestService.class, "svc").increment());
      }
    }
    try (ChildJvm jvm = ChildJvm.start(StandaloneManager.class, key, "--port", "0", "--auth-key-env", ChildJvm.KEY_ENV,
        "--jmx", "false", "--tls-key-store", dir.resolve("absent.p12").toString())) {
      assertEquals(StandaloneManager.EXIT_CANNOT_START, jvm.waitFor(Duration.ofSeconds(60)), jvm.output());
      assertTrue(jvm.output().contains("tls.keyStore"), jvm.output());
    }
  }

  /**
   * StandaloneManager --help: the key store's password "from [tls.keyStorePasswordEnv] (a
   * variable)", the trust store's from [tls.trustStorePasswordEnv] for --status. The variable used
   * is the one the child JVM gets its auth key in, so the password is the key's Base64. A variable
   * that is not set is a bad configuration (exit 2).
   */
  @Test
  void keyStorePasswordsFromEnvironmentVariables(@TempDir Path dir) throws Exception {
    String password = key.toBase64();
    TestCertificates.Stores stores = TestCertificates.create(dir, password, true);
    Path store = stores.keyStore();
    Path trust = stores.trustStore();
    Path config = Files.writeString(dir.resolve("tls.properties"), String.join("\n",
        "port = 0", "authKeyEnv = " + ChildJvm.KEY_ENV, "jmx = false",
        "tls.keyStore = " + store, "tls.keyStorePasswordEnv = " + ChildJvm.KEY_ENV,
        "tls.trustStore = " + trust, "tls.trustStorePasswordEnv = " + ChildJvm.KEY_ENV,
        "builtin.d = map", ""));
    try (ChildJvm manager = ChildJvm.start(StandaloneManager.class, key, "--config", config.toString())) {
      String line = manager.awaitLine("typedipc manager listening on", Duration.ofSeconds(60));
      String port = line.substring(line.lastIndexOf(':') + 1).strip();
      try (ChildJvm status = ChildJvm.start(StandaloneManager.class, key,
          "--config", config.toString(), "--port", port, "--status")) {
        assertEquals(StandaloneManager.EXIT_OK, status.waitFor(Duration.ofSeconds(60)), status.output());
        assertTrue(status.output().contains("builtin"), status.output());
      }
    }
    Path unset = Files.writeString(dir.resolve("unset.properties"), String.join("\n",
        "port = 0", "authKeyEnv = " + ChildJvm.KEY_ENV, "jmx = false",
        "tls.keyStore = " + store, "tls.keyStorePasswordEnv = TYPEDIPC_TEST_NO_SUCH_VARIABLE", ""));
    try (ChildJvm jvm = ChildJvm.start(StandaloneManager.class, key, "--config", unset.toString())) {
      assertEquals(StandaloneManager.EXIT_USAGE, jvm.waitFor(Duration.ofSeconds(60)), jvm.output());
      assertTrue(jvm.output().contains("TYPEDIPC_TEST_NO_SUCH_VARIABLE, which is not set"), jvm.output());
    }
  }
}
