package io.typedipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.it.TestService;
import io.typedipc.it.TestServiceImpl;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad configuration fails at once, with a message that says what to do. */
class BuildersTest {

  @Test
  void aManagerNeedsAKey() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Manager.builder().share(TestService.class, "s", new TestServiceImpl()).start());
    assertTrue(e.getMessage().contains("authKey"), e.getMessage());
  }

  @Test
  void sharedNamesAreUniqueAndNotBlank() {
    Manager.Builder b = Manager.builder().share(TestService.class, "s", new TestServiceImpl());
    assertThrows(IllegalArgumentException.class, () -> b.share(TestService.class, "s", new TestServiceImpl()));
    assertThrows(IllegalArgumentException.class, () -> b.share(TestService.class, " ", new TestServiceImpl()));
  }

  @Test
  void aSharedTypeMustBeAnInterfaceTheTargetImplements() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<Object> notImplemented = (Class) Runnable.class;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Manager.builder().share(notImplemented, "s", new TestServiceImpl()));
    assertTrue(e.getMessage().contains("does not implement java.lang.Runnable"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Manager.builder().share(TestServiceImpl.class, "s", new TestServiceImpl()));
  }

  @Test
  void anInterfaceWithoutGeneratedBindingIsExplained() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Manager.builder().authKey(AuthKey.generate()).share(Runnable.class, "r", () -> { }).start());
    assertTrue(e.getMessage().contains("annotated @io.typedipc.annotation.Shared"), e.getMessage());
  }

  @Test
  void limitsAndTimeoutsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> Manager.builder().maxFrameSize(10));
    assertThrows(IllegalArgumentException.class, () -> Manager.builder().address(70_000));
    assertThrows(IllegalArgumentException.class, () -> Manager.builder().handshakeTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> ManagerClient.builder().callTimeout(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> ManagerClient.builder().connections(0));
    assertThrows(IllegalStateException.class, () -> ManagerClient.builder().authKey(AuthKey.generate()).connect());
  }

  @Test
  void connectingToNothingIsAClearError() throws Exception {
    int freePort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      freePort = s.getLocalPort();
    }
    ConnectionLostException e = assertThrows(ConnectionLostException.class,
        () -> ManagerClient.connect("127.0.0.1", freePort, AuthKey.generate()));
    assertTrue(e.getMessage().contains("cannot connect to the Manager at 127.0.0.1:" + freePort), e.getMessage());
  }

  @Test
  void aManagerBindsLoopbackByDefault() {
    try (Manager m = Manager.builder().address(0).authKey(AuthKey.generate()).start()) {
      assertEquals("127.0.0.1", m.address().getAddress().getHostAddress());
    }
  }

  /**
   * A duration too long to count in nanoseconds (Duration.ofMillis(Long.MAX_VALUE), a common way
   * to write "forever") is refused at the setting, naming it; it used to be taken, then fail with
   * an ArithmeticException at connect, at close, or for every connection the Manager accepted.
   */
  @Test
  void aDurationTooLongToCountIsRefusedAtTheSettingNamingIt() {
    Duration forever = Duration.ofMillis(Long.MAX_VALUE);
    Map<String, Executable> settings = new LinkedHashMap<>();
    settings.put("idle timeout", () -> Manager.builder().idleTimeout(forever));
    settings.put("write stall timeout", () -> Manager.builder().writeStallTimeout(forever));
    settings.put("handshake timeout", () -> Manager.builder().handshakeTimeout(forever));
    settings.put("close timeout", () -> Manager.builder().closeTimeout(forever));
    settings.put("call timeout", () -> ManagerClient.builder().callTimeout(forever));
    settings.put("connect timeout", () -> ManagerClient.builder().connectTimeout(forever));
    settings.put("handshake timeout ", () -> ManagerClient.builder().handshakeTimeout(forever));
    settings.put("the longest reconnect delay", () -> ReconnectPolicy.backoff(Duration.ofSeconds(1), forever, 3));
    settings.put("the liveness check interval", () -> ReconnectPolicy.standard().withLivenessCheck(forever));
    settings.forEach((name, setting) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, setting, name);
      assertTrue(e.getMessage().startsWith(name.strip() + " must be at most 36500 days"), e.getMessage());
    });
    // the longest one taken still works end to end
    Duration longest = Duration.ofDays(36_500);
    AuthKey key = AuthKey.generate();
    try (Manager m = Manager.builder().address(0).authKey(key).idleTimeout(longest).writeStallTimeout(longest)
        .handshakeTimeout(longest).closeTimeout(longest).share(TestService.class, "s", new TestServiceImpl()).start();
        ManagerClient c = ManagerClient.builder().address("127.0.0.1", m.port()).authKey(key).callTimeout(longest)
            .connectTimeout(longest).handshakeTimeout(longest).connect()) {
      TestService s = c.shared(TestService.class, "s");
      assertEquals("a", s.echo("a"));
      assertEquals("b", c.withTimeout(s, longest).echo("b"));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.withTimeout(s, forever));
      assertTrue(e.getMessage().startsWith("timeout must be at most 36500 days"), e.getMessage());
    }
  }

  /**
   * A frame limit no buffer can hold is refused at the setting; Integer.MAX_VALUE used to be taken
   * and fail at connect with Kryo's "cannot be greater than maxBufferSize: -2147483645".
   */
  @Test
  void aFrameLimitNoBufferCanHoldIsRefusedAtTheSetting() {
    int largest = 512 * 1024 * 1024;
    for (Executable setting : List.<Executable>of(() -> Manager.builder().maxFrameSize(largest + 1),
        () -> ManagerClient.builder().maxFrameSize(Integer.MAX_VALUE))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, setting);
      assertTrue(e.getMessage().contains("maxFrameSize must be at most 536870912"), e.getMessage());
    }
    IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> Manager.builder().maxFrameSize(10));
    assertTrue(small.getMessage().contains("maxFrameSize must be at least 1024"), small.getMessage());
    AuthKey key = AuthKey.generate();
    try (Manager m = Manager.builder().address(0).authKey(key).maxFrameSize(largest)
        .share(TestService.class, "s", new TestServiceImpl()).start();
        ManagerClient c = ManagerClient.builder().address("127.0.0.1", m.port()).authKey(key).maxFrameSize(largest).connect()) {
      assertEquals("c", c.shared(TestService.class, "s").echo("c"));
    }
    // the smallest limit allowed works too (a Manager or client at 1 KiB to 4 KiB could not connect:
    // Kryo refused their 4 KiB starting buffer as above the cap)
    for (int limit : new int[] {1024, 4091}) {
      try (Manager m = Manager.builder().address(0).authKey(key).maxFrameSize(limit)
          .share(TestService.class, "s", new TestServiceImpl()).start();
          ManagerClient c = ManagerClient.builder().address("127.0.0.1", m.port()).authKey(key).maxFrameSize(limit).connect()) {
        TestService s = c.shared(TestService.class, "s");
        assertEquals("c".repeat(500), s.echo("c".repeat(500)));
        SerializationException over = assertThrows(SerializationException.class, () -> s.echo("c".repeat(limit)));
        assertTrue(over.getMessage().contains("frame limit"), over.getMessage());
        assertEquals("d", s.echo("d"));
      }
    }
  }

  /**
   * A client asks for at most 1,024 connections (the Manager's default maxConnections); asking for
   * Integer.MAX_VALUE used to be taken and end in an OutOfMemoryError at connect.
   */
  @Test
  void aClientAsksForAtMostAThousandAndTwentyFourConnections() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ManagerClient.builder().connections(Integer.MAX_VALUE));
    assertTrue(e.getMessage().contains("connections must be in 1..1024"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ManagerClient.builder().connections(1025));
    ManagerClient.builder().connections(1024);
  }

  /**
   * A built-in's size and name are checked at the builder's call, as a channel's are; they used to
   * be taken and refused only by start().
   */
  @Test
  void aBuiltInsSizeIsCheckedAtTheCall() {
    Map<String, Executable> calls = new LinkedHashMap<>();
    calls.put("queue: a capacity must be in 0..2147483647, not -1", () -> Manager.builder().queue("q", -1));
    calls.put("joinableQueue: a capacity must be in 0..2147483647, not -1", () -> Manager.builder().joinableQueue("q", -1));
    calls.put("semaphore: an initial value must be in 0..2147483647, not -1", () -> Manager.builder().semaphore("s", -1));
    calls.put("boundedSemaphore: an initial value must be in 0..2147483647, not -2", () -> Manager.builder().boundedSemaphore("s", -2));
    calls.put("a barrier needs at least one party: 0", () -> Manager.builder().barrier("b", 0));
    calls.put("a shared array needs a length from 0 to 16777216, not -1", () -> Manager.builder().intArray("a", -1));
    calls.put("a shared array needs a length from 0 to 16777216, not 16777217", () -> Manager.builder().longArray("a", 16_777_217));
    calls.put("a shared array needs a length from 0 to 16777216, not 2147483647", () -> Manager.builder().doubleArray("a", Integer.MAX_VALUE));
    calls.forEach((message, call) -> assertEquals(message, assertThrows(IllegalArgumentException.class, call, message).getMessage()));
    Manager.builder().queue("q", 0).semaphore("s", 0).barrier("b", 1).intArray("a", 0).longArray("l", 16_777_216);
    // and its name, as share's
    assertEquals("a shared object needs a non-blank name",
        assertThrows(IllegalArgumentException.class, () -> Manager.builder().lock(" ")).getMessage());
    assertEquals("names starting with 'typedipc.' are reserved for the Manager's own objects: typedipc.x",
        assertThrows(IllegalArgumentException.class, () -> Manager.builder().map("typedipc.x")).getMessage());
  }
  /**
   * Every bound of the README's security-model table refuses a value below its least with an
   * {@code IllegalArgumentException} naming the setting as the builder spells it (as maxFrameSize,
   * connections and maxPendingCalls already did), and takes the least value.
   */
  /** A null given where the API takes classes or addresses is named, as everywhere else (an audit found these unnamed). */
  @Test
  void nullClassesAndAddressesAreNamed() {
    assertEquals("types", assertThrows(NullPointerException.class,
        () -> Manager.builder().register((Class<?>[]) null)).getMessage());
    assertEquals("types", assertThrows(NullPointerException.class,
        () -> ManagerClient.builder().register((Class<?>[]) null)).getMessage());
    assertEquals("type", assertThrows(NullPointerException.class,
        () -> ManagerClient.builder().register(String.class, null)).getMessage());
    assertEquals("address", assertThrows(NullPointerException.class,
        () -> ManagerClient.builder().addresses((java.net.InetSocketAddress) null)).getMessage());
    assertEquals("addresses", assertThrows(NullPointerException.class,
        () -> ManagerClient.builder().addresses((java.net.InetSocketAddress[]) null)).getMessage());
  }

  @Test
  void everyBoundSettingRefusesTooSmallAValueNamingTheSetting() {
    Map<String, Executable> settings = new LinkedHashMap<>();
    settings.put("maxConnections", () -> Manager.builder().maxConnections(0));
    settings.put("maxHandshakes", () -> Manager.builder().maxHandshakes(0));
    settings.put("maxCallsInFlight", () -> Manager.builder().maxCallsInFlight(-1));
    settings.put("maxCallBytesInFlight", () -> Manager.builder().maxCallBytesInFlight(0));
    settings.put("maxArgumentBytes", () -> Manager.builder().maxArgumentBytes(1023));
    settings.put("maxQueuedCallsPerObject", () -> Manager.builder().maxQueuedCallsPerObject(0));
    settings.put("maxParkedCalls", () -> Manager.builder().maxParkedCalls(0));
    settings.put("maxParkedCallsTotal", () -> Manager.builder().maxParkedCallsTotal(0));
    settings.put("maxReplyBytes", () -> Manager.builder().maxReplyBytes(1023));
    settings.put("maxPendingCalls", () -> ManagerClient.builder().maxPendingCalls(0));
    settings.forEach((name, setting) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, setting, name);
      assertTrue(e.getMessage().startsWith(name + " must be at least "), name + ": " + e.getMessage());
    });
    AuthKey key = AuthKey.generate();
    try (Manager m = Manager.builder().address(0).authKey(key).maxConnections(1).maxHandshakes(1).maxCallsInFlight(1)
        .maxCallBytesInFlight(1024).maxArgumentBytes(1024).maxQueuedCallsPerObject(1).maxParkedCalls(1).maxParkedCallsTotal(1).maxReplyBytes(1024)
        .share(TestService.class, "s", new TestServiceImpl()).start();
        ManagerClient c = ManagerClient.builder().address("127.0.0.1", m.port()).authKey(key).maxPendingCalls(1).connect()) {
      assertEquals("least", c.shared(TestService.class, "s").echo("least"));
    }
  }

  /**
   * The client builder's settings refuse what their Javadoc says they refuse, with
   * IllegalArgumentException at the setting (address: a port outside 1..65535; callTimeout:
   * negative; connectTimeout, handshakeTimeout: not positive; maxPendingCalls: below 1), and
   * connect() without an address or a key is an IllegalStateException saying which call is
   * missing. The Manager builder's address takes 0..65535 (0: a free port).
   */
  @Test
  void eachClientSettingRefusesWhatItsJavadocSays() {
    Map<String, Executable> settings = new LinkedHashMap<>();
    settings.put("port 0", () -> ManagerClient.builder().address("127.0.0.1", 0));
    settings.put("port 65536", () -> ManagerClient.builder().address("127.0.0.1", 65_536));
    settings.put("call timeout", () -> ManagerClient.builder().callTimeout(Duration.ofNanos(-1)));
    settings.put("connect timeout", () -> ManagerClient.builder().connectTimeout(Duration.ZERO));
    settings.put("connect timeout ", () -> ManagerClient.builder().connectTimeout(Duration.ofSeconds(-1)));
    settings.put("handshake timeout", () -> ManagerClient.builder().handshakeTimeout(Duration.ZERO));
    settings.put("maxPendingCalls", () -> ManagerClient.builder().maxPendingCalls(-1));
    settings.put("Manager port -1", () -> Manager.builder().address(-1));
    settings.put("Manager port 65536", () -> Manager.builder().address("127.0.0.1", 65_536));
    settings.forEach((name, setting) -> assertThrows(IllegalArgumentException.class, setting, name));
    ManagerClient.builder().address("127.0.0.1", 65_535).callTimeout(Duration.ZERO).connectTimeout(Duration.ofNanos(1))
        .handshakeTimeout(Duration.ofNanos(1)).maxPendingCalls(1);
    Manager.builder().address(0).address("127.0.0.1", 65_535);
    IllegalStateException noKey = assertThrows(IllegalStateException.class,
        () -> ManagerClient.builder().address("127.0.0.1", 6000).connect());
    assertTrue(noKey.getMessage().contains("authKey("), noKey.getMessage());
    IllegalStateException noAddress = assertThrows(IllegalStateException.class,
        () -> ManagerClient.builder().authKey(AuthKey.generate()).connect());
    assertTrue(noAddress.getMessage().contains("address(host, port)"), noAddress.getMessage());
  }
}
