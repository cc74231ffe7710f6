package io.typedipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README text a user copies or relies on, read from the README itself, against what the code
 * does: the sample {@code manager.properties} of "Operations" (copied into a file, each value is
 * what its line means), and the exceptions of the "Failures" table (all exist and, as the README
 * says, are unchecked subclasses of {@link TypedIpcException}), the table of loggers, section 9's
 * figures, and the MXBean's attributes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadmeGuaranteesTest {
  private static final Path README = Path.of("..", "README.md");

  private static List<String> readme() throws IOException {
    assumeTrue(Files.isRegularFile(README), "the README is beside the runtime module");
    return Files.readAllLines(README);
  }

  /** The lines of the fenced block whose first line starts with {@code firstLine}. */
  private static List<String> block(List<String> lines, String firstLine) {
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).startsWith("```") && lines.get(i + 1).trim().startsWith(firstLine)) {
        List<String> block = new ArrayList<>();
        for (int j = i + 1; j < lines.size() && !lines.get(j).startsWith("```"); j++) {
          block.add(lines.get(j));
        }
        return block;
      }
    }
    throw new AssertionError("the README has no block starting with " + firstLine);
  }

  /**
   * The sample {@code manager.properties}, loaded as {@link StandaloneManager} loads its file
   * ({@link Properties#load}): every setting has the value its line shows — in a properties file
   * a {@code #} after a value is part of the value, so a comment must take a line of its own —
   * and every key is one {@code --help} documents.
   */
  @Test
  void theSampleManagerPropertiesMeanWhatTheyShow() throws IOException {
    List<String> sample = block(readme(), "# manager.properties");
    Properties loaded = new Properties();
    loaded.load(new StringReader(String.join("\n", sample)));
    Map<String, String> values = new TreeMap<>();
    loaded.stringPropertyNames().forEach(k -> values.put(k, loaded.getProperty(k).strip()));

    Map<String, String> expected = new TreeMap<>();
    expected.put("host", "127.0.0.1");
    expected.put("port", "6000");
    expected.put("authKeyFile", "manager.key");
    expected.put("share.counter", "com.example.Counter:com.example.CounterImpl");
    expected.put("share.cache", "com.example.Cache:com.example.CacheImpl:concurrent");
    expected.put("channel.orders", "com.example.OrderEvents:10000");
    expected.put("builtin.jobs", "queue:100");
    expected.put("builtin.accounts", "lock");
    expected.put("register", "com.example.Money");
    expected.put("limit.maxConnections", "64");
    expected.put("limit.idleTimeout", "2m");
    expected.put("tls.keyStore", "manager.p12");
    expected.put("tls.keyStorePasswordEnv", "MANAGER_P12_PASSWORD"); // a key store needs its password
    expected.put("jmx", "true");
    assertEquals(expected, values, "the README's sample manager.properties, as StandaloneManager reads it");

    for (String key : values.keySet()) {
      int dot = key.indexOf('.');
      String documented = key.startsWith("tls.") || dot < 0 ? "[" + key + "]" : "[" + key.substring(0, dot) + ".NAME]";
      assertTrue(StandaloneManager.USAGE.contains(documented), key + ": --help does not document " + documented);
    }
    for (String line : sample) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        assertFalse(trimmed.contains("#"), "a comment after a value becomes part of the value: " + line);
      }
    }
  }

  /**
   * "All are unchecked subclasses of {@code TypedIpcException}": every exception the Failures
   * table names, except the user's own declared ones, exists in typedipc and is one.
   */
  @Test
  void everyExceptionOfTheFailuresTableIsAnUncheckedTypedIpcException() throws Exception {
    List<String> lines = readme();
    int start = lines.indexOf("### Failures");
    assertTrue(start >= 0, "the README has no Failures section");
    Set<String> names = new LinkedHashSet<>();
    Pattern exception = Pattern.compile("`([A-Z][A-Za-z]*Exception)`");
    for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
      if (lines.get(i).startsWith("|")) {
        Matcher m = exception.matcher(lines.get(i));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    assertTrue(names.size() >= 15, "too few exceptions found in the Failures table: " + names);
    Map<String, String> wrong = new LinkedHashMap<>();
    for (String name : names) {
      Class<?> type = find(name);
      if (type == null) {
        wrong.put(name, "no such class in io.typedipc, io.typedipc.builtin or io.typedipc.process");
      } else if (!TypedIpcException.class.isAssignableFrom(type) || !RuntimeException.class.isAssignableFrom(type)) {
        wrong.put(name, "extends " + type.getSuperclass().getName());
      }
    }
    assertEquals(Map.of(), wrong, "exceptions of the Failures table");
    assertTrue(RuntimeException.class.isAssignableFrom(TypedIpcException.class), "TypedIpcException is unchecked");
  }

  private static Class<?> find(String simpleName) {
    for (String pkg : List.of("io.typedipc.", "io.typedipc.builtin.", "io.typedipc.process.")) {
      try {
        return Class.forName(pkg + simpleName);
      } catch (ClassNotFoundException e) {
        // next package
      }
    }
    return null;
  }

  /**
   * "Operations", "Logging": the table names every logger typedipc writes to — each name the
   * runtime (or the optional hazelcast, micrometer and junit modules) passes to {@link
   * System#getLogger(String)}, as a literal or a {@link LoggerNames} constant — and no other.
   */
  @Test
  void theLoggingTableNamesEveryLoggerTheCodeUses() throws Exception {
    List<String> lines = readme();
    int start = lines.indexOf("### Logging");
    assertTrue(start >= 0, "the README has no Logging section");
    Set<String> documented = new TreeSet<>();
    Pattern row = Pattern.compile("^\\| `(io\\.typedipc[A-Za-z.]*)` \\|");
    for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
      Matcher m = row.matcher(lines.get(i));
      if (m.find()) {
        documented.add(m.group(1));
      }
    }
    Set<String> used = new TreeSet<>();
    Pattern literal = Pattern.compile("System\\.getLogger\\(\"([^\"]+)\"\\)");
    Pattern constant = Pattern.compile("System\\.getLogger\\((?:io\\.typedipc\\.)?LoggerNames\\.([A-Z_]+)\\)");
    assumeTrue(Files.isDirectory(Path.of("src/main/java")), "the runtime's sources are here");
    List<Path> sourceFiles = new ArrayList<>();
    for (String module : List.of("src/main/java", "../hazelcast/src/main/java", "../micrometer/src/main/java",
        "../junit/src/main/java")) {
      if (Files.isDirectory(Path.of(module))) {
        try (Stream<Path> files = Files.walk(Path.of(module))) {
          files.filter(f -> f.toString().endsWith(".java")).forEach(sourceFiles::add);
        }
      }
    }
    {
      for (Path file : sourceFiles) {
        String text = Files.readString(file);
        Matcher l = literal.matcher(text);
        while (l.find()) {
          used.add(l.group(1));
        }
        Matcher c = constant.matcher(text);
        while (c.find()) {
          used.add((String) LoggerNames.class.getField(c.group(1)).get(null));
        }
      }
    }
    assertTrue(used.size() >= 6, "too few loggers found in the sources: " + used);
    assertEquals(used, documented, "the loggers the runtime uses (left) and those the README's table names (right)");
  }

  /**
   * Section 9's figures for a shared-memory reader and its rings are the code's: "A reader spins
   * for up to 20 µs before it sleeps (200 µs with {@code lowLatency(true)})", and "two 256 KiB
   * rings" per connection (the mapped size, 516 KiB with the header, is measured by {@code
   * SharedMemoryTest}).
   */
  @Test
  void theSharedMemoryFiguresAreTheCodes() throws IOException {
    String text = String.join("\n", readme()).replace("\n", " ");
    long spin = TimeUnit.NANOSECONDS.toMicros(io.typedipc.internal.wire.FrameChannel.shmSpinNanos(false));
    long lowLatency = TimeUnit.NANOSECONDS.toMicros(io.typedipc.internal.wire.FrameChannel.shmSpinNanos(true));
    String spins = "A reader spins for up to " + spin + " µs before it sleeps (" + lowLatency + " µs with `lowLatency(true)`)";
    assertTrue(text.contains(spins), "the README does not say: " + spins);
    String rings = "two " + (io.typedipc.internal.wire.SharedRings.DEFAULT_CAPACITY >> 10) + " KiB rings";
    assertTrue(text.contains(rings), "the README does not say: " + rings);
  }

  /**
   * "Introspection", "JMX": the MXBean is named {@code io.typedipc:type=Manager,address="host:port"}
   * and its attributes are exactly those the README lists.
   */
  @Test
  void theMxBeanHasTheAttributesTheReadmeLists() throws Exception {
    String text = String.join(" ", readme());
    Matcher listed = Pattern.compile("attributes — (.*?) — show").matcher(text);
    assertTrue(listed.find(), "the README's JMX paragraph lists no attributes");
    Set<String> documented = new TreeSet<>();
    Matcher name = Pattern.compile("`([A-Za-z]+)`").matcher(listed.group(1));
    while (name.find()) {
      documented.add(name.group(1));
    }
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key).start()) {
      javax.management.ObjectName objectName = new javax.management.ObjectName(
          "io.typedipc:type=Manager,address=\"127.0.0.1:" + manager.port() + "\"");
      Set<String> actual = new TreeSet<>();
      for (javax.management.MBeanAttributeInfo a
          : java.lang.management.ManagementFactory.getPlatformMBeanServer().getMBeanInfo(objectName).getAttributes()) {
        actual.add(a.getName());
      }
      assertEquals(actual, documented, "the MXBean's attributes (left) and the README's list (right)");
    }
  }
}
