package io.typedipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "2 a bad option or setting (the message names it)": settings the Manager's builder refuses are
 * named too, with their value (an operator's audit found "a barrier needs at least one party: 0"
 * with no hint of which of the file's lines it came from), and the command line refuses what the
 * file refuses. Run in this JVM: a bad setting stops the command before any Manager starts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StandaloneManagerSettingsTest {
  @TempDir
  Path dir;
  private String keyFile;

  @BeforeEach
  void writeKey() throws Exception {
    Path file = dir.resolve("manager.key");
    AuthKey.generate().writeTo(file);
    keyFile = file.toString();
  }

  @Test
  void aBuiltInTheBuilderRefusesIsNamedWithItsValue() {
    assertUsage("builtin.b = barrier:0", "--builtin", "b=barrier:0");
    assertUsage("builtin.s = semaphore:-1", "--builtin", "s=semaphore:-1");
    assertUsage("builtin.a = intArray:-1", "--builtin", "a=intArray:-1");
  }

  @Test
  void aLimitTheBuilderRefusesIsNamedWithItsValue() {
    assertUsage("limit.maxConnections = 0", "--limit", "maxConnections=0");
    assertUsage("limit.idleTimeout = 50ms", "--limit", "idleTimeout=50ms");
  }

  @Test
  void aNumberBeyondAnIntIsOutOfRangeNotNotANumber() {
    assertUsage("limit.maxCallBytesInFlight must be from -2147483648 to 2147483647, not 3000000000",
        "--limit", "maxCallBytesInFlight=3000000000");
    assertUsage("limit.maxConnections is not a number: 'many'", "--limit", "maxConnections=many");
  }

  @Test
  void theAuthKeyBothWaysOnTheCommandLineIsRefusedAsInTheFile() {
    List<String> args = List.of("--port", "0", "--auth-key-env", "SOME_VARIABLE", "--auth-key-file", keyFile);
    Result r = run(args);
    assertEquals(StandaloneManager.EXIT_USAGE, r.code, r.err);
    assertTrue(r.err.contains("not both"), r.err);
  }

  @Test
  void aShareWithATrailingColonIsRefused() {
    assertUsage("share.x takes Interface:Implementation[:concurrent], not 'a.B:a.C:'", "--share", "x=a.B:a.C:");
  }

  @Test
  void aKeyStoreWithoutItsPasswordIsABadSettingThatSaysWhatIsMissing() {
    Result r = run(List.of("--port", "0", "--auth-key-file", keyFile, "--tls-key-store", keyFile));
    assertEquals(StandaloneManager.EXIT_USAGE, r.code, r.err);
    assertTrue(r.err.contains("needs its password") && r.err.contains("tls.keyStorePasswordEnv"), r.err);
  }

  @Test
  void durationsInDays() {
    assertEquals(Duration.ofDays(2), StandaloneManager.duration("limit.closeTimeout", "2d"));
    assertEquals(Duration.ofDays(2), StandaloneManager.duration("limit.closeTimeout", "P2D"));
  }

  private void assertUsage(String message, String... extra) {
    List<String> args = new ArrayList<>(List.of("--port", "0", "--auth-key-file", keyFile, "--jmx", "false"));
    args.addAll(List.of(extra));
    Result r = run(args);
    assertEquals(StandaloneManager.EXIT_USAGE, r.code, String.join(" ", args) + " printed:\n" + r.err);
    assertTrue(r.err.contains(message), "'" + message + "' in\n" + r.err);
  }

  private record Result(int code, String err) {}

  private static Result run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = StandaloneManager.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertTrue(code != StandaloneManager.RUNNING, "a Manager started");
    return new Result(code, err.toString(StandardCharsets.UTF_8));
  }
}
