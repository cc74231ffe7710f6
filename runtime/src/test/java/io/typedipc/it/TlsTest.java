package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.AuthenticationException;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClient;
import io.typedipc.ReconnectPolicy;
import io.typedipc.process.ChildContext;
import io.typedipc.process.ChildProcess;
import io.typedipc.process.ProcessEntry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Manager in another JVM that speaks TLS, with a certificate made by keytool for this test. */
class TlsTest {
  private static final String PASSWORD = "test-only-password";
  @TempDir static Path dir;
  private static AuthKey key;
  private static ChildJvm managerJvm;
  private static int port;
  private static SSLContext trusting;

  @BeforeAll
  static void startTlsManager() throws Exception {
    TestCertificates.Stores stores = TestCertificates.create(dir, PASSWORD, false);
    Path store = stores.keyStore();
    Path cert = stores.certificate();
    trusting = trusting(cert);
    key = AuthKey.generate();
    managerJvm = ChildJvm.start(TlsManagerMain.class, key, store.toString(), PASSWORD);
    port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stop() {
    managerJvm.close();
  }

  @Test
  void callsWorkOverTlsIncludingLargeValuesAndPipelinedCalls() {
    try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key).tls(trusting).connect()) {
      TestService service = client.shared(TestService.class, "service");
      assertEquals("secret", service.echo("secret"));
      byte[] big = new byte[300_000]; // many TLS records
      new Random(1).nextBytes(big);
      assertArrayEquals(big, service.echoBytes(big));
      List<CompletableFuture<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < 5_000; i++) {
        futures.add(service.incrementAsync());
      }
      int previous = futures.get(0).join();
      for (CompletableFuture<Integer> f : futures.subList(1, futures.size())) {
        assertEquals(++previous, f.join());
      }
    }
  }

  /** ChildProcess.Builder.handle's Javadoc: a handle whose client uses TLS is refused (not supported yet). */
  @Test
  void aHandleOfATlsClientIsRefusedByAChildsBuilder() {
    try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key).tls(trusting).connect()) {
      TestService service = client.shared(TestService.class, "service");
      io.typedipc.process.ChildProcess.Builder child = io.typedipc.process.ChildProcess.builder(io.typedipc.process.ExitMain.class);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> child.handle("service", service));
      assertTrue(e.getMessage().contains("TLS"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> child.handles(client.map("m")));
    }
  }

  @Test
  void aTlsConnectionStaysOnTlsEvenWhenBothSidesOfferSharedMemory() {
    try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key).tls(trusting)
        .sharedMemory(true).connect()) {
      assertFalse(client.usesSharedMemory());
      assertEquals("over tls", client.shared(TestService.class, "service").echo("over tls"));
    }
  }

  @Test
  void nothingCrossesInTheClear() throws Exception {
    String marker = "plaintext-marker-" + System.nanoTime();
    try (Relay relay = new Relay(port);
        ManagerClient client = ManagerClient.builder().address("127.0.0.1", relay.port()).authKey(key)
            .tls(trusting).connect()) {
      assertEquals(marker, client.shared(TestService.class, "service").echo(marker));
      String seen = relay.recorded();
      assertTrue(seen.length() > 500, "the relay saw the traffic");
      assertTrue(!seen.contains(marker) && !seen.contains("io.typedipc"), "readable bytes crossed the wire");
    }
  }

  /** Forwards one connection to the Manager and records every byte, in both directions. */
  private static final class Relay implements AutoCloseable {
    private final java.net.ServerSocket server;
    private final java.io.ByteArrayOutputStream recorded = new java.io.ByteArrayOutputStream();

    Relay(int target) throws Exception {
      server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(() -> {
        try {
          java.net.Socket in = server.accept();
          java.net.Socket out = new java.net.Socket("127.0.0.1", target);
          pump(in, out);
          pump(out, in);
        } catch (Exception e) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void pump(java.net.Socket from, java.net.Socket to) {
      Thread t = new Thread(() -> {
        byte[] buf = new byte[8192];
        try {
          for (int n; (n = from.getInputStream().read(buf)) > 0; ) {
            synchronized (recorded) {
              recorded.write(buf, 0, n);
            }
            to.getOutputStream().write(buf, 0, n);
          }
        } catch (Exception e) {
          // closed
        }
      });
      t.setDaemon(true);
      t.start();
    }

    String recorded() {
      synchronized (recorded) {
        return recorded.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
      }
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefused() throws Exception {
    AuthenticationException e = assertThrows(AuthenticationException.class,
        () -> ManagerClient.builder().address("127.0.0.1", port).authKey(key).tls(SSLContext.getDefault()).connect());
    assertTrue(e.getMessage().contains("TLS handshake"), e.getMessage());
    String why = "the client closed the connection during the TLS handshake (as one does that does not trust this"
        + " Manager's certificate for the host name it connects to)";
    managerJvm.awaitOutput(why, Duration.ofSeconds(30)); // the README: "the Manager logs it"
  }

  /**
   * Manager.Builder.tls: "one without a private key ... starts a Manager whose every handshake
   * fails, each logged as TLS handshake with … failed: No available authentication scheme" — with
   * a hint at the cause.
   */
  @Test
  void aManagerWithoutAKeySaysSoWhenAClientConnects() throws Exception {
    try (ChildJvm keyless = ChildJvm.start(TlsManagerMain.class, key, "-", "-")) {
      int keylessPort = Integer.parseInt(keyless.awaitLine("PORT", Duration.ofSeconds(30)));
      assertThrows(io.typedipc.TypedIpcException.class,
          () -> ManagerClient.builder().address("127.0.0.1", keylessPort).authKey(key).tls(trusting).connect());
      String why = "No available authentication scheme (this Manager's TLS context holds no private key and" // JDK 25 puts
          + " certificate it can use: make it from a key store that holds them)"; // "(handshake_failure) " before it
      keyless.awaitOutput(why, Duration.ofSeconds(30));
    }
  }

  @Test
  void theAuthKeyIsStillCheckedInsideTls() {
    assertThrows(AuthenticationException.class,
        () -> ManagerClient.builder().address("127.0.0.1", port).authKey(AuthKey.generate()).tls(trusting).connect());
  }

  @Test
  void aPlainClientGetsNoAnswerAndAHint() {
    ConnectionLostException e = assertThrows(ConnectionLostException.class,
        () -> ManagerClient.builder().address("127.0.0.1", port).authKey(key)
            .handshakeTimeout(Duration.ofMillis(500)).connect());
    assertTrue(e.getMessage().contains("TLS"), e.getMessage());
  }

  @Test
  void aClientReconnectsOverTlsToAManagerRestartedOnItsPort() throws Exception {
    String store = dir.resolve("manager.p12").toString();
    ChildJvm first = ChildJvm.start(TlsManagerMain.class, key, store, PASSWORD);
    ChildJvm second = null;
    try {
      int restartPort = Integer.parseInt(first.awaitLine("PORT", Duration.ofSeconds(30)));
      try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", restartPort).authKey(key).tls(trusting)
          .sharedMemory(true).reconnect(ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofMillis(500), 1_000)).connect()) {
        TestService service = client.shared(TestService.class, "service");
        assertEquals(1, service.increment());
        first.kill();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (client.isConnected()) { // the client notices the loss by itself (its liveness check)
          assertTrue(System.nanoTime() < deadline, "the loss was not noticed within 60 s");
          Thread.sleep(10); // polling with a deadline, not synchronisation
        }
        second = ChildJvm.start(TlsManagerMain.class, key, store, PASSWORD, Integer.toString(restartPort));
        assertEquals(restartPort, Integer.parseInt(second.awaitLine("PORT", Duration.ofSeconds(60))));
        assertEquals(1, service.increment(), "the restarted Manager's object, over TLS");
        assertTrue(client.isConnected());
        assertEquals("x".repeat(100_000), service.echo("x".repeat(100_000)));
        assertFalse(client.usesSharedMemory(), "the new connection stays on TLS, as the first did");
      }
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  /** A child's entry for {@link #handlesOfATlsClientAreRefusedForChildProcesses}: never started. */
  public static final class NeverStarted implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {}
  }

  /**
   * The README's Status: "handles handed to child processes do not use TLS yet" — a proxy or a
   * built-in object of a TLS client, given by name or by position, is refused when it is handed,
   * with an IllegalArgumentException that says why and what to do; no child is started.
   */
  @Test
  void handlesOfATlsClientAreRefusedForChildProcesses() {
    try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key).tls(trusting).connect()) {
      TestService service = client.shared(TestService.class, "service");
      for (Object handle : List.of(service, client.map("tls-map"), client.lock("tls-lock"))) {
        IllegalArgumentException byName = assertThrows(IllegalArgumentException.class,
            () -> ChildProcess.builder(NeverStarted.class).handle("h", handle));
        assertTrue(byName.getMessage().contains("uses TLS") && byName.getMessage().contains("connect the child to the Manager yourself"),
            byName.getMessage());
        IllegalArgumentException byPosition = assertThrows(IllegalArgumentException.class,
            () -> ChildProcess.builder(NeverStarted.class).handles(handle));
        assertTrue(byPosition.getMessage().contains("uses TLS"), byPosition.getMessage());
      }
      assertEquals("still served", service.echo("still served"), "the client is unharmed");
    }
  }

  private static SSLContext trusting(Path certFile) throws Exception {
    Certificate cert;
    try (InputStream in = Files.newInputStream(certFile)) {
      cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("manager", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
