package io.typedipc.example.manager;

import io.typedipc.AuthKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Python's {@code Process(target=f, args=(d, l)).start()} and {@code join()} for the Manager
 * examples: starts worker JVMs with this JVM's java and classpath, the auth key in the {@value
 * #AUTH_KEY_VARIABLE} environment variable (never on the command line), their output copied to
 * ours with a prefix.
 */
final class WorkerJvms {
  /** The environment variable that carries the auth key to the workers. */
  static final String AUTH_KEY_VARIABLE = "TYPEDIPC_AUTH_KEY";

  private final List<Process> processes = new ArrayList<>();
  private final List<Thread> forwarders = new ArrayList<>();

  /** Starts {@code java -cp <classpath> mainClass args} as worker {@code name}. */
  void start(String name, Class<?> mainClass, AuthKey key, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put(AUTH_KEY_VARIABLE, key.toBase64());
    try {
      Process process = builder.start();
      processes.add(process);
      forwarders.add(forward(process, "[" + name + "] "));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /**
   * Waits for every worker (Python's {@code join()}), up to {@code timeoutSeconds} in all; kills
   * those still running then.
   *
   * @return whether every worker exited with status 0
   */
  boolean joinAll(long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    boolean ok = true;
    for (Process p : processes) {
      if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        p.destroyForcibly();
        System.out.println("a worker did not finish in time and was killed");
        ok = false;
      } else if (p.exitValue() != 0) {
        ok = false;
      }
    }
    for (Thread t : forwarders) {
      t.join(TimeUnit.SECONDS.toMillis(5)); // their last lines
    }
    return ok;
  }

  /**
   * The arguments split at whitespace, empty ones dropped: Maven passes {@code
   * -Dexample.args="--workers 3"} as one argument, and an empty one when it is not set.
   */
  static String[] words(String[] args) {
    return Arrays.stream(args)
        .flatMap(arg -> Arrays.stream(arg.strip().split("\\s+")))
        .filter(word -> !word.isEmpty())
        .toArray(String[]::new);
  }

  /** The key a worker was given, from its environment. */
  static AuthKey key() {
    return AuthKey.fromEnvironment(AUTH_KEY_VARIABLE);
  }

  private static Thread forward(Process process, String prefix) {
    Thread thread = new Thread(() -> {
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(process.getInputStream(), Charset.defaultCharset()))) {
        for (String line; (line = lines.readLine()) != null; ) {
          System.out.println(prefix + line);
        }
      } catch (IOException e) {
        System.out.println(prefix + "(output lost: " + e.getMessage() + ")");
      }
    }, "forward " + prefix.strip());
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
