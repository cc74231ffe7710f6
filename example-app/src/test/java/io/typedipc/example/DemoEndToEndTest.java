package io.typedipc.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.junit.ChildJvms;
import io.typedipc.junit.TypedIpcTest;
import io.typedipc.process.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the examples as users do: every Manager and every client in an operating-system process of
 * its own, asserting on what they print; none is left running after its test ({@link ChildJvms}).
 */
@TypedIpcTest
class DemoEndToEndTest {
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(45);

  @Test
  @Timeout(60)
  void demoCountsExactlyAndConservesMoneyAcrossClientJvms(ChildJvms jvms) throws Exception {
    ExampleRun demo = ExampleRun.run(jvms, EXIT_TIMEOUT, Demo.class,
        "--clients", "3", "--increments", "2000", "--transfers", "500", "--timeout-seconds", "40");
    int exit = demo.exit();
    String out = demo.out();

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

  @Test
  @Timeout(60)
  void unrelatedClientConnectsByAddressAndKeyFile(@TempDir Path dir, ChildJvms jvms) throws Exception {
    Path keyFile = dir.resolve("manager.key");
    ChildProcess server = jvms.start(ChildProcess.builder(RemoteManagerServer.class)
        .args("--port", "0", "--key-file", keyFile.toString()).captureOutput());
    String listening = ChildJvms.awaitLine(server, "RemoteManagerServer listening on", EXIT_TIMEOUT);
    String port = listening.replaceFirst(".* listening on [^:]+:(\\d+) .*", "$1");

    assertTrue(Files.exists(keyFile));
    if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
    }

    String first = runClient(jvms, port, keyFile, "first", 0);
    assertTrue(first.contains("first: visit #1 (the first one)"), first);
    assertTrue(first.contains("after editing the copy: dict.get(\"local-only\") = Optional.empty"), first);

    String second = runClient(jvms, port, keyFile, "second", 0);
    assertTrue(second.contains("second: visit #2"), second);
    assertTrue(second.contains("dict.get(\"first-visitor\") = first"), second);
    assertTrue(second.contains("first=visit #1"), second);

    // Another key is refused before anything else is read.
    Path wrongKey = AuthKey.generate().writeTo(dir.resolve("wrong.key"));
    String refused = runClient(jvms, port, wrongKey, "intruder", 1);
    assertTrue(refused.contains("refused our auth key"), refused);
  }

  private static String runClient(ChildJvms jvms, String port, Path keyFile, String name, int expectedExit)
      throws InterruptedException {
    ExampleRun client = ExampleRun.run(jvms, EXIT_TIMEOUT, RemoteManagerClient.class,
        "--port", port, "--key-file", keyFile.toString(), "--name", name);
    if (expectedExit == 0) {
      assertEquals(0, client.exit(), client.out());
    } else {
      assertNotEquals(0, client.exit(), client.out());
    }
    return client.out();
  }
}
