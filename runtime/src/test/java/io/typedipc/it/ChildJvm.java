package io.typedipc.it;

import io.typedipc.AuthKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A separate JVM started from a test, with this JVM's java and classpath. The auth key travels in
 * the environment, never on the command line. The child exits when its stdin closes, so it never
 * outlives the test.
 */
public final class ChildJvm implements AutoCloseable {
  /** The environment variable children read their auth key from. */
  public static final String KEY_ENV = "TYPEDIPC_TEST_KEY";

  private final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> output = new ArrayList<>();

  private ChildJvm(Process process) {
    this.process = process;
    Thread pump = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (output) {
            output.add(line);
          }
          lines.add(line);
        }
      } catch (IOException e) {
        // the child is gone
      }
    }, "child-output-" + process.pid());
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts {@code mainClass} with the given arguments, stderr merged into stdout. */
  public static ChildJvm start(Class<?> mainClass, AuthKey key, String... args) {
    return start(System.getProperty("java.class.path"), mainClass, key, args);
  }

  /** Starts {@code mainClass} on an explicit classpath. */
  public static ChildJvm start(String classpath, Class<?> mainClass, AuthKey key, String... args) {
    return start(classpath, List.of(), mainClass, key, args);
  }

  /**
   * Starts {@code mainClass} with extra JVM options (e.g. {@code -Xmx128m}, {@code -Dname=value}),
   * which come after the defaults ({@code -Xmx256m}) and so override them.
   */
  public static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, AuthKey key, String... args) {
    return start(System.getProperty("java.class.path"), jvmOptions, mainClass, key, args);
  }

  /**
   * Starts {@code module/mainClass} on the module path {@code modulePath} (no classpath), e.g. a
   * modular application: {@code java --module-path modulePath -m module/mainClass args}.
   */
  public static ChildJvm startModule(String modulePath, String module, String mainClass, AuthKey key, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("--module-path");
    command.add(modulePath);
    command.add("-m");
    command.add(module + "/" + mainClass);
    command.addAll(List.of(args));
    return start(command, key);
  }

  /**
   * Starts {@code mainClass} as {@link #start(Class, AuthKey, String...)} does, but with {@code
   * launcher} in front of the java command, e.g. {@code unshare ... sh -c '... exec "$@"'}.
   */
  public static ChildJvm startUnder(List<String> launcher, Class<?> mainClass, AuthKey key, String... args) {
    return start(System.getProperty("java.class.path"), launcher, List.of(), mainClass, key, args);
  }

  /** {@link #startUnder(List, Class, AuthKey, String...)} with extra JVM options. */
  public static ChildJvm startUnder(List<String> launcher, List<String> jvmOptions, Class<?> mainClass, AuthKey key,
      String... args) {
    return start(System.getProperty("java.class.path"), launcher, jvmOptions, mainClass, key, args);
  }

  private static ChildJvm start(String classpath, List<String> jvmOptions, Class<?> mainClass, AuthKey key, String... args) {
    return start(classpath, List.of(), jvmOptions, mainClass, key, args);
  }

  private static ChildJvm start(String classpath, List<String> launcher, List<String> jvmOptions, Class<?> mainClass,
      AuthKey key, String... args) {
    List<String> command = new ArrayList<>(launcher);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-D" + TestTransport.PROPERTY + "=" + TestTransport.sharedMemory()); // the run's transport
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return start(command, key);
  }

  private static ChildJvm start(List<String> command, AuthKey key) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (key != null) {
      pb.environment().put(KEY_ENV, key.toBase64());
    }
    try {
      return new ChildJvm(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Called by child mains: exit when the parent closes our stdin (or dies). */
  public static void exitWhenParentGoes() {
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // ignore input
        }
      } catch (IOException ignored) {
        // parent gone
      }
      Runtime.getRuntime().halt(0);
    }, "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  /**
   * Waits for a line starting with {@code prefix} and returns the rest of it; fails at once if the
   * child exits without printing it.
   */
  public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean exited = false;
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left > 0 ? lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS) : null;
      if (line == null && left > 0 && !exited) {
        exited = !process.isAlive(); // then one more look: its last lines may still be on the way
        continue;
      }
      if (line == null) {
        throw new AssertionError((exited
            ? "child exited with status " + process.exitValue() + " without printing a line starting with '" + prefix + "'"
            : "child printed no line starting with '" + prefix + "' in " + timeout) + "; output:\n" + output());
      }
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).trim();
      }
    }
  }

  /**
   * Writes one line to the child's stdin (for children that read commands there; others ignore
   * their input, and exit only when it closes).
   */
  public void send(String line) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to the child (it exited?); output:\n" + output(), e);
    }
  }

  /** Waits for the child to exit and returns its exit code. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("child did not exit within " + timeout + "; output:\n" + output());
    }
    return process.exitValue();
  }

  /**
   * Waits until the child's output (its log included) contains {@code fragment}; returns the first
   * line containing it. Does not consume lines, so {@link #awaitLine} may be used meanwhile.
   */
  public String awaitOutput(String fragment, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String output = output();
      int at = output.indexOf(fragment);
      if (at >= 0) {
        int start = output.lastIndexOf('\n', at) + 1;
        int end = output.indexOf('\n', at);
        return output.substring(start, end < 0 ? output.length() : end);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("the child did not print '" + fragment + "' within " + timeout + "; its output:\n"
            + tail(output));
      }
      Thread.sleep(20); // polling the output with a deadline
    }
  }

  /** The last 6,000 characters of {@code output}, for failure messages. */
  static String tail(String output) {
    return output.length() > 6000 ? "…" + output.substring(output.length() - 6000) : output;
  }

  /** Everything the child printed so far. */
  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** Kills the child at once (SIGKILL), like a crash. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The child's process id, e.g. to stop and continue it with a signal. */
  public long pid() {
    return process.pid();
  }

  /**
   * Sends the signal {@code name} ({@code "STOP"}, {@code "CONT"}, …) to the child with {@code
   * kill}. For {@code STOP}, returns once every thread of the child is stopped: a stop signal takes
   * effect in each thread as it next runs, which on a loaded machine may be after {@code kill} has
   * returned.
   */
  public void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -" + name + " " + pid() + " failed");
    }
    if (name.equals("STOP")) {
      awaitStopped();
    }
  }

  private void awaitStopped() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      boolean all = true;
      try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid()), "task"))) {
        for (Path task : (Iterable<Path>) tasks::iterator) {
          String stat;
          try {
            stat = Files.readString(task.resolve("stat"));
          } catch (IOException gone) {
            continue; // the thread ended
          }
          char state = stat.charAt(stat.lastIndexOf(')') + 2);
          all &= state == 'T' || state == 't';
        }
      }
      if (all) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("process " + pid() + " did not stop within 10 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
