package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.StandaloneManager;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.introspect.ManagerView;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StandaloneManager} as an operator uses it, each run its own JVM: a properties file with
 * shared objects, built-ins, a channel and limits; {@code --status} against the running Manager;
 * {@code --help}; and the documented exit codes.
 */
@Timeout(180)
class StandaloneManagerTest {
  @TempDir Path dir;

  @Test
  void aConfigFileStartsTheManagerAndStatusShowsIt() throws Exception {
    AuthKey key = AuthKey.generate();
    Path keyFile = key.writeTo(dir.resolve("manager.key"));
    Path config = Files.writeString(dir.resolve("manager.properties"), String.join("\n",
        "# a Manager for the test",
        "host = 127.0.0.1",
        "port = 0",
        "authKeyFile = " + keyFile,
        "share.service = io.typedipc.it.TestService:io.typedipc.it.TestServiceImpl",
        "share.fast = io.typedipc.it.TestService:io.typedipc.it.TestServiceImpl:concurrent",
        "builtin.jobs = queue:5",
        "builtin.accounts = lock",
        "channel.events = io.typedipc.channel.Events:100",
        "register = io.typedipc.it.Money",
        "limit.maxConnections = 7",
        "limit.idleTimeout = 2m",
        "jmx = false",
        ""));
    try (ChildJvm manager = ChildJvm.start(StandaloneManager.class, key, "--config", config.toString())) {
      String line = manager.awaitLine("typedipc manager listening on", Duration.ofSeconds(30));
      int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).strip());
      try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, key)) {
        assertEquals(1, client.shared(TestService.class, "service").increment());
        SharedQueue<String> jobs = client.queue("jobs", String.class, 5);
        jobs.put("a");
        assertEquals(5, jobs.capacity());

        ManagerView view = client.introspect();
        assertEquals("shared", view.object("service").kind());
        assertEquals("CONCURRENT", view.object("fast").dispatch());
        assertEquals("builtin", view.object("accounts").kind());
        assertEquals("channel", view.object("events").kind());
        assertEquals("io.typedipc.channel.Events", view.object("events").type());

        // --status, from another JVM, with the same file but the real port
        try (ChildJvm status = ChildJvm.start(StandaloneManager.class, key,
            "--config", config.toString(), "--port", Integer.toString(port), "--status")) {
          assertEquals(StandaloneManager.EXIT_OK, status.waitFor(Duration.ofSeconds(60)), status.output());
          String out = status.output();
          assertTrue(out.contains("typedipc Manager 127.0.0.1:" + port), out);
          for (String expected : List.of("service", "fast", "jobs", "accounts", "events", "increment()")) {
            assertTrue(out.contains(expected), expected + " in\n" + out);
          }
        }
      }
    }
  }

  /**
   * Every built-in kind the README's sample manager.properties lists, with its size, from the
   * command line: each is there for a client, of its kind and size.
   */
  @Test
  void everyBuiltInKindFromTheCommandLine() throws Exception {
    AuthKey key = AuthKey.generate();
    List<String> args = new java.util.ArrayList<>(List.of("--port", "0", "--auth-key-env", ChildJvm.KEY_ENV));
    for (String b : List.of("m=map", "l=list", "ns=namespace", "lk=lock", "rl=rlock", "c=condition", "e=event",
        "s=semaphore:3", "bs=boundedSemaphore:2", "b=barrier:2", "q=queue:4", "jq=joinableQueue:5",
        "ia=intArray:3", "la=longArray:4", "da=doubleArray:5")) {
      args.add("--builtin");
      args.add(b);
    }
    try (ChildJvm manager = ChildJvm.start(StandaloneManager.class, key, args.toArray(String[]::new))) {
      String line = manager.awaitLine("typedipc manager listening on", Duration.ofSeconds(30));
      int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).strip());
      try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, key)) {
        ManagerView view = client.introspect();
        for (String name : List.of("m", "l", "ns", "lk", "rl", "c", "e", "s", "bs", "b", "q", "jq", "ia", "la", "da")) {
          assertEquals("builtin", view.object(name).kind(), name);
        }
        // sizes given in the Manager win over the client's (ignored when it exists)
        assertEquals(3, client.semaphore("s", 0).availablePermits());
        assertEquals(2, client.boundedSemaphore("bs", 0).availablePermits());
        assertEquals(2, client.barrier("b", 7).getParties());
        assertEquals(4, client.queue("q", String.class, 0).capacity());
        assertEquals(5, client.joinableQueue("jq", String.class, 0).capacity());
        assertEquals(3, client.intArray("ia", 3).length());
        assertEquals(4, client.longArray("la", 4).length());
        assertEquals(5, client.doubleArray("da", 5).length());
        assertTrue(client.lock("lk").tryLock());
        assertTrue(client.rlock("rl").tryLock());
        assertFalse(client.event("e").isSet());
        client.map("m").put("k", 1);
        client.list("l").add("x");
        assertEquals(1, client.list("l").size());
        // the wrong kind for a name the file gave is refused
        assertThrows(IllegalArgumentException.class, () -> client.lock("q"));
      }
    }
  }

  /**
   * README Logging: with no logging library, java.util.logging writes INFO and above to stderr;
   * {@code io.typedipc.level = WARNING} in a logging.properties given with
   * {@code -Djava.util.logging.config.file} silences the INFO lines — not what the program prints.
   */
  @Test
  void julLevelsFromALoggingPropertiesFile() throws Exception {
    AuthKey key = AuthKey.generate();
    Path logging = Files.writeString(dir.resolve("logging.properties"), String.join("\n",
        "handlers = java.util.logging.ConsoleHandler",
        "java.util.logging.ConsoleHandler.level = ALL",
        "io.typedipc.level = WARNING", ""));
    String[] args = {"--port", "0", "--auth-key-env", ChildJvm.KEY_ENV, "--jmx", "false"};
    try (ChildJvm chatty = ChildJvm.start(StandaloneManager.class, key, args)) {
      chatty.awaitLine("INFO: typedipc manager listening on", Duration.ofSeconds(30)); // the log line, on stderr
    }
    try (ChildJvm quiet = ChildJvm.start(List.of("-Djava.util.logging.config.file=" + logging), StandaloneManager.class,
        key, args)) {
      String line = quiet.awaitLine("typedipc manager listening on", Duration.ofSeconds(30));
      int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).strip());
      try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, key)) {
        client.list("l").add("x"); // a connection, calls: nothing above WARNING to say
      }
      org.junit.jupiter.api.Assertions.assertThrows(io.typedipc.AuthenticationException.class,
          () -> ManagerClient.connect("127.0.0.1", port, AuthKey.generate()).list("l").size());
      quiet.awaitLine("WARNING", Duration.ofSeconds(30)); // the failed authentication is still logged
      assertFalse(quiet.output().contains("INFO"), quiet.output());
    }
  }

  @Test
  void theMaxConnectionsLimitFromTheFileHolds() throws Exception {
    AuthKey key = AuthKey.generate();
    Path config = Files.writeString(dir.resolve("limits.properties"), String.join("\n",
        "port = 0", "authKeyEnv = " + ChildJvm.KEY_ENV, "limit.maxConnections = 1", ""));
    try (ChildJvm manager = ChildJvm.start(StandaloneManager.class, key, "--config", config.toString())) {
      String line = manager.awaitLine("typedipc manager listening on", Duration.ofSeconds(30));
      int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).strip());
      try (ManagerClient first = ManagerClient.builder().address("127.0.0.1", port).authKey(key).connections(1).connect()) {
        first.list("l").add("x");
        RuntimeException refused = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
            () -> ManagerClient.builder().address("127.0.0.1", port).authKey(key).connections(1).connect().list("l").size());
        assertTrue(refused.getMessage().contains("connection"), refused.getMessage());
      }
    }
  }

  @Test
  void tlsKeyAndTrustStoresFromTheConfigFile() throws Exception {
    String password = "test-only-password";
    TestCertificates.Stores stores = TestCertificates.create(dir, password, true);
    Path store = stores.keyStore();
    Path trust = stores.trustStore();
    AuthKey key = AuthKey.generate();
    Path config = Files.writeString(dir.resolve("tls.properties"), String.join("\n",
        "port = 0", "authKeyEnv = " + ChildJvm.KEY_ENV,
        "tls.keyStore = " + store, "tls.keyStorePassword = " + password,
        "tls.trustStore = " + trust, "tls.trustStorePassword = " + password,
        "builtin.d = map", ""));
    try (ChildJvm manager = ChildJvm.start(StandaloneManager.class, key, "--config", config.toString())) {
      String line = manager.awaitLine("typedipc manager listening on", Duration.ofSeconds(30));
      String port = line.substring(line.lastIndexOf(':') + 1).strip();
      try (ChildJvm status = ChildJvm.start(StandaloneManager.class, key,
          "--config", config.toString(), "--port", port, "--status")) {
        assertEquals(StandaloneManager.EXIT_OK, status.waitFor(Duration.ofSeconds(60)), status.output());
        assertTrue(status.output().contains("builtin"), status.output());
      }
      // with only the Manager's own key store, --status trusts its certificate
      Path own = Files.writeString(dir.resolve("own.properties"), String.join("\n",
          "port = " + port, "authKeyEnv = " + ChildJvm.KEY_ENV,
          "tls.keyStore = " + store, "tls.keyStorePassword = " + password, ""));
      try (ChildJvm status = ChildJvm.start(StandaloneManager.class, key, "--config", own.toString(), "--status")) {
        assertEquals(StandaloneManager.EXIT_OK, status.waitFor(Duration.ofSeconds(60)), status.output());
      }
      // a trust store whose certificates its password hides: a bad setting, saying so
      Path hidden = Files.writeString(dir.resolve("hidden.properties"), String.join("\n",
          "port = " + port, "authKeyEnv = " + ChildJvm.KEY_ENV, "tls.trustStore = " + trust, ""));
      assertExit(StandaloneManager.EXIT_USAGE, key, "shows no certificate without its password",
          "--config", hidden.toString(), "--status");
      // without the trust store, --status cannot talk to a TLS Manager
      Path plain = Files.writeString(dir.resolve("plain.properties"), String.join("\n",
          "port = " + port, "authKeyEnv = " + ChildJvm.KEY_ENV, ""));
      assertExit(StandaloneManager.EXIT_STATUS_FAILED, key, "needs tls.trustStore",
          "--config", plain.toString(), "--status");
    }
  }

  @Test
  void sharedMemoryFromTheCommandLine() throws Exception {
    AuthKey key = AuthKey.generate();
    try (ChildJvm manager = ChildJvm.start(StandaloneManager.class, key, "--port", "0", "--auth-key-env", ChildJvm.KEY_ENV,
        "--shared-memory", "true", "--shared-memory-directory", dir.toString(),
        "--share", "service=io.typedipc.it.TestService:io.typedipc.it.TestServiceImpl")) {
      String line = manager.awaitLine("typedipc manager listening on", Duration.ofSeconds(30));
      int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).strip());
      try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key).sharedMemory(true).connect()) {
        assertTrue(client.usesSharedMemory());
        assertEquals("over shm", client.shared(TestService.class, "service").echo("over shm"));
      }
    }
  }

  @Test
  void helpListsEveryOptionAndExitsZero() throws Exception {
    try (ChildJvm help = ChildJvm.start(StandaloneManager.class, AuthKey.generate(), "--help")) {
      assertEquals(StandaloneManager.EXIT_OK, help.waitFor(Duration.ofSeconds(60)));
      String out = help.output();
      for (String option : List.of("--config", "--host", "--port", "--auth-key-file", "--auth-key-env", "--share",
          "--channel", "--builtin", "--register", "--limit", "--tls-key-store", "--tls-trust-store", "--jmx",
          "--shared-memory", "--shared-memory-directory",
          "--status", "--help", "Exit codes")) {
        assertTrue(out.contains(option), option + " in\n" + out);
      }
    }
  }

  @Test
  void exitCodesSayWhatWentWrong() throws Exception {
    AuthKey key = AuthKey.generate();
    assertExit(StandaloneManager.EXIT_USAGE, key, "unknown option --bogus", "--bogus", "1");
    assertExit(StandaloneManager.EXIT_USAGE, key, "port is required", "--auth-key-env", ChildJvm.KEY_ENV);
    assertExit(StandaloneManager.EXIT_USAGE, key, "unknown kind 'dict'",
        "--port", "0", "--auth-key-env", ChildJvm.KEY_ENV, "--builtin", "d=dict");
    assertExit(StandaloneManager.EXIT_USAGE, key, "limit.idleTimeout is not a duration",
        "--port", "0", "--auth-key-env", ChildJvm.KEY_ENV, "--limit", "idleTimeout=soon");
    // too many hours to count in a Duration: a bad setting too, not an ArithmeticException (exit 1)
    assertExit(StandaloneManager.EXIT_USAGE, key, "limit.idleTimeout must be at most 36500 days",
        "--port", "0", "--auth-key-env", ChildJvm.KEY_ENV, "--limit", "idleTimeout=9999999999999999h");
    assertExit(StandaloneManager.EXIT_CANNOT_START, key, "cannot load class com.example.Missing",
        "--port", "0", "--auth-key-env", ChildJvm.KEY_ENV, "--share", "x=com.example.Missing:com.example.MissingImpl");
    assertExit(StandaloneManager.EXIT_CANNOT_START, key, "cannot read auth key file",
        "--port", "0", "--auth-key-file", dir.resolve("absent.key").toString());
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertExit(StandaloneManager.EXIT_CANNOT_START, key, "cannot listen",
          "--port", Integer.toString(taken.getLocalPort()), "--auth-key-env", ChildJvm.KEY_ENV);
    }
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    assertExit(StandaloneManager.EXIT_STATUS_FAILED, key, "cannot read the Manager",
        "--port", Integer.toString(closedPort), "--auth-key-env", ChildJvm.KEY_ENV, "--status");
    // reachable, but the key is not the Manager's: exit 4 too
    try (io.typedipc.Manager running = io.typedipc.Manager.builder().address(0).authKey(AuthKey.generate())
        .jmx(false).start()) {
      assertExit(StandaloneManager.EXIT_STATUS_FAILED, key, "cannot read the Manager",
          "--port", Integer.toString(running.port()), "--auth-key-env", ChildJvm.KEY_ENV, "--status");
    }
  }

  private static void assertExit(int expected, AuthKey key, String message, String... args) throws Exception {
    try (ChildJvm jvm = ChildJvm.start(StandaloneManager.class, key, args)) {
      int code = jvm.waitFor(Duration.ofSeconds(60));
      assertEquals(expected, code, String.join(" ", args) + " printed:\n" + jvm.output());
      assertTrue(jvm.output().contains(message), "'" + message + "' in\n" + jvm.output());
    }
  }
}
