package io.typedipc.example.sync;

import io.typedipc.AuthKey;
import io.typedipc.example.Demo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the sync examples share: {@code --name value} options, and starting worker JVMs — Python's
 * {@code Process(target=..., args=...).start()} — with this JVM's java and classpath, the auth key
 * in the {@value Demo#AUTH_KEY_VARIABLE} environment variable (never on the command line), their
 * output copied to ours with a prefix.
 */
final class Workers {
  private final List<Process> processes = new ArrayList<>();
  private final List<Thread> forwarders = new ArrayList<>();

  /** Parses {@code --name value} pairs (also split at whitespace, as Maven passes them in one argument). */
  static Map<String, String> options(String[] args, Set<String> known) {
    String[] words = Arrays.stream(args)
        .flatMap(a -> Arrays.stream(a.strip().split("\\s+")))
        .filter(w -> !w.isEmpty())
        .toArray(String[]::new);
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < words.length; i += 2) {
      String name = words[i].startsWith("--") ? words[i].substring(2) : "";
      if (!known.contains(name) || i + 1 == words.length) {
        throw new IllegalArgumentException("bad option " + words[i] + "; options: --" + String.join(" N, --", known) + " N");
      }
      values.put(name, words[i + 1]);
    }
    return values;
  }

  /** A positive int option. */
  static int positive(Map<String, String> options, String name, int fallback) {
    int value = options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
    if (value < 1) {
      throw new IllegalArgumentException("--" + name + " must be positive");
    }
    return value;
  }

  /** Starts {@code main} in a new JVM; its lines appear here prefixed with {@code [label]}. */
  void start(String label, Class<?> main, AuthKey key, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put(Demo.AUTH_KEY_VARIABLE, key.toBase64());
    Process process = builder.start();
    processes.add(process);
    Thread forwarder = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), Charset.defaultCharset()))) {
        for (String line; (line = lines.readLine()) != null; ) {
          System.out.println("[" + label + "] " + line);
        }
      } catch (IOException e) {
        System.out.println("[" + label + "] (output lost: " + e.getMessage() + ")");
      }
    }, "forward " + label);
    forwarder.setDaemon(true);
    forwarder.start();
    forwarders.add(forwarder);
  }

  /**
   * Waits for every worker started so far (Python's {@code p.join()}), killing any still running
   * after {@code timeoutSeconds}; whether all exited with 0.
   */
  boolean joinAll(long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    boolean ok = true;
    for (Process p : processes) {
      if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        p.destroyForcibly();
        System.out.println("a worker JVM did not finish in " + timeoutSeconds + " s and was killed");
        ok = false;
      } else if (p.exitValue() != 0) {
        ok = false;
      }
    }
    for (Thread t : forwarders) {
      t.join(TimeUnit.SECONDS.toMillis(5));
    }
    processes.clear();
    forwarders.clear();
    return ok;
  }
}
