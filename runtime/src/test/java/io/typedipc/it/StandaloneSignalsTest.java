package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.StandaloneManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README, "Operations", "Standalone Manager": "SIGTERM or Ctrl-C close it gracefully", exit codes
 * "143/130 a running Manager stopped by SIGTERM/SIGINT", "4 --status cannot reach or
 * authenticate to the Manager", and "3 the Manager cannot start (… key store unreadable …)" —
 * the exit codes {@code StandaloneManagerTest} does not reach. Graceful, as for {@code Manager.close()}: a call running when the
 * signal arrives finishes and its caller gets the result.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StandaloneSignalsTest {
  private static final Duration LONG = Duration.ofSeconds(60);

  private static ChildJvm startStandalone(AuthKey key) {
    return ChildJvm.start(StandaloneManager.class, key, "--port", "0", "--auth-key-env", ChildJvm.KEY_ENV,
        "--jmx", "false", "--share", "service=io.typedipc.it.TestService:io.typedipc.it.TestServiceImpl");
  }

  private static int port(ChildJvm manager) throws InterruptedException {
    String line = manager.awaitLine("typedipc manager listening on", LONG);
    return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).strip());
  }

  /**
   * A client's 3 s call is running when the Manager's JVM gets SIGTERM: the call returns normally,
   * and the JVM exits with 143. Before that, {@code --status} with another key exits with 4.
   */
  @Test
  void sigtermLetsTheRunningCallFinishThenExits143() throws Exception {
    AuthKey key = AuthKey.generate();
    try (ChildJvm manager = startStandalone(key)) {
      int port = port(manager);
      try (ChildJvm status = ChildJvm.start(StandaloneManager.class, AuthKey.generate(),
          "--port", Integer.toString(port), "--auth-key-env", ChildJvm.KEY_ENV, "--status")) {
        assertEquals(StandaloneManager.EXIT_STATUS_FAILED, status.waitFor(LONG), status.output());
        assertTrue(status.output().contains("cannot read the Manager") && status.output().contains("auth key"),
            status.output());
      }
      try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key)
              .callTimeout(LONG).connect();
          ManagerClient probe = ManagerClient.connect("127.0.0.1", port, key)) {
        TestService service = client.shared(TestService.class, "service");
        CompletableFuture<Void> running = Background.run(() -> service.sleep(3_000));
        Busy.awaitBusy(probe, "service");
        assertTrue(ProcessHandle.of(manager.pid()).orElseThrow().destroy(), "SIGTERM not sent");
        running.get(LONG.toSeconds(), TimeUnit.SECONDS); // returns normally: the call finished and replied
      }
      assertEquals(143, manager.waitFor(LONG), manager.output());
      assertTrue(manager.output().contains("typedipc manager stopping: closing the Manager on"), manager.output());
    }
  }

  /** SIGINT (Ctrl-C) closes it too, with exit code 130. */
  @Test
  void sigintExits130() throws Exception {
    AuthKey key = AuthKey.generate();
    try (ChildJvm manager = startStandalone(key)) {
      int port = port(manager);
      assumeTrue(!ignores(manager.pid(), 2),
          "SIGINT is ignored in this process tree (e.g. a background job), so the JVM keeps ignoring it");
      try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, key)) {
        assertEquals("up", client.shared(TestService.class, "service").echo("up"));
      }
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(manager.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor());
      assertEquals(130, manager.waitFor(LONG), manager.output());
    }
  }

  /** Exit code 3, "the Manager cannot start", for "key or key store unreadable": a key store that is not there. */
  @Test
  void anUnreadableKeyStoreExits3(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    try (ChildJvm manager = ChildJvm.start(StandaloneManager.class, AuthKey.generate(), "--port", "0",
        "--auth-key-env", ChildJvm.KEY_ENV, "--tls-key-store", dir.resolve("absent.p12").toString())) {
      assertEquals(StandaloneManager.EXIT_CANNOT_START, manager.waitFor(LONG), manager.output());
      assertTrue(manager.output().contains("absent.p12"), "the message names the key store:\n" + manager.output());
    }
  }

  /** Whether process {@code pid} ignores {@code signal}, from /proc (false where there is none). */
  private static boolean ignores(long pid, int signal) throws Exception {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.isReadable(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
        return (mask & (1L << (signal - 1))) != 0;
      }
    }
    return false;
  }
}
