package io.typedipc.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the examples as users do: every Manager and every client in an operating-system process of
 * its own, asserting on what they print.
 */
class DemoEndToEndTest {
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(45);

  @Test
  @Timeout(60)
  void demoCountsExactlyAndConservesMoneyAcrossClientJvms() throws Exception {
    try (ExampleJvm demo = ExampleJvm.start(Demo.class,
        "--clients", "3", "--increments", "2000", "--transfers", "500", "--timeout-seconds", "40")) {
      int exit = demo.awaitExit(EXIT_TIMEOUT);
      String out = demo.output();

      assertEquals(0, exit, out);
      assertTrue(out.contains("PASS  all 3 client JVMs finished their own checks (exit 0)"), out);
      assertTrue(out.contains("PASS  counter = 6,000 (expected 3 clients x 2,000 increments = 6,000)"), out);
      assertTrue(out.contains("PASS  6,000 increment() results across clients, all distinct, exactly 1..6,000"), out);
      assertTrue(out.contains("PASS  money conserved: sum of balances = $40,000.00 = 4,000,000 cents"), out);
      assertTrue(out.contains("PASS  3 of 3 deliberate overdrafts arrived as InsufficientFundsException"), out);
      assertTrue(out.contains("RESULT: PASS"), out);
      assertFalse(out.contains("FAIL"), out);
      for (int id = 1; id <= 3; id++) {
        assertTrue(out.contains("[client-" + id + "] 2,000 increments: all values unique"), out);
        assertTrue(out.contains("[client-" + id + "] 500 transfers"), out);
      }
      assertTrue(out.contains("refused as expected: InsufficientFundsException: "), out);
    }
  }

  @Test
  @Timeout(60)
  void unrelatedClientConnectsByAddressAndKeyFile(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("manager.key");
    try (ExampleJvm server = ExampleJvm.start(RemoteManagerServer.class,
        "--port", "0", "--key-file", keyFile.toString())) {
      String listening = server.awaitLine("RemoteManagerServer listening on", EXIT_TIMEOUT);
      String port = listening.replaceFirst(".* listening on [^:]+:(\\d+) .*", "$1");

      assertTrue(Files.exists(keyFile));
      if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
      }

      String first = runClient(port, keyFile, "first", 0);
      assertTrue(first.contains("first: visit #1 (the first one)"), first);
      assertTrue(first.contains("after editing the copy: dict.get(\"local-only\") = Optional.empty"), first);

      String second = runClient(port, keyFile, "second", 0);
      assertTrue(second.contains("second: visit #2"), second);
      assertTrue(second.contains("dict.get(\"first-visitor\") = first"), second);
      assertTrue(second.contains("first=visit #1"), second);

      // Another key is refused before anything else is read.
      Path wrongKey = AuthKey.generate().writeTo(dir.resolve("wrong.key"));
      String refused = runClient(port, wrongKey, "intruder", 1);
      assertTrue(refused.contains("refused our auth key"), refused);
    }
  }

  private static String runClient(String port, Path keyFile, String name, int expectedExit) throws InterruptedException {
    try (ExampleJvm client = ExampleJvm.start(RemoteManagerClient.class,
        "--port", port, "--key-file", keyFile.toString(), "--name", name)) {
      int exit = client.awaitExit(EXIT_TIMEOUT);
      String out = client.output();
      if (expectedExit == 0) {
        assertEquals(0, exit, out);
      } else {
        assertNotEquals(0, exit, out);
      }
      return out;
    }
  }
}
