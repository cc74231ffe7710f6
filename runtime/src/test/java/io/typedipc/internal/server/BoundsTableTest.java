package io.typedipc.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.typedipc.internal.wire.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's table of bounds ("Security model", "Bounded everywhere, fair between clients")
 * gives each bound's default and its {@code Manager.Builder} setting: the defaults it states are
 * the ones the code uses.
 */
class BoundsTableTest {
  private static final Path README = Path.of("..", "README.md");

  @Test
  void theReadmeStatesTheDefaultsTheCodeUses() throws IOException {
    assumeTrue(Files.isRegularFile(README), "the README is beside the runtime module");
    ServerLimits d = ServerLimits.defaults();
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("`maxFrameSize`", bytes(Protocol.DEFAULT_MAX_FRAME));
    expected.put("`maxConnections`", count(d.maxConnections()));
    expected.put("`maxHandshakes`", count(d.maxHandshakes()));
    expected.put("`idleTimeout`", seconds(d.idleTimeout()));
    expected.put("`maxCallsInFlight`, `maxCallBytesInFlight`",
        count(d.maxCallsInFlight()) + " calls, " + bytes(d.maxCallBytesInFlight()));
    expected.put("`maxArgumentBytes`", bytes(d.maxArgumentBytes()));
    expected.put("`maxQueuedCallsPerObject`", count(d.maxQueuedCallsPerObject()));
    expected.put("`maxParkedCalls`", count(d.maxParkedCalls()));
    expected.put("`maxParkedCallsTotal`", count(d.maxParkedCallsTotal()));
    expected.put("`maxReplyBytes`", bytes(d.maxReplyBytes()));
    expected.put("`writeStallTimeout`", seconds(d.writeStallTimeout()));

    Map<String, String> stated = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(README);
    int table = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().startsWith("| bound | default | setting |")) {
        table = i;
        break;
      }
    }
    assertEquals(true, table >= 0, "the README has no table of bounds");
    for (int i = table + 2; i < lines.size() && lines.get(i).trim().startsWith("|"); i++) {
      String[] cells = lines.get(i).trim().split("\\|");
      stated.put(cells[3].trim(), cells[2].trim()); // "", bound, default, setting, when reached
    }
    assertEquals(expected, stated, "the README's defaults (by setting) differ from the code's");
  }

  private static String count(int n) {
    return String.format(java.util.Locale.ROOT, "%,d", n);
  }

  private static String bytes(long n) {
    assertEquals(0, n % (1024 * 1024), "a whole number of MiB");
    return (n >> 20) + " MiB";
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }
}
