package io.typedipc.example.pipe;

import io.typedipc.AuthKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of an example — Python's {@code Process(target=f, args=...).start()}: the same java
 * and classpath, the auth key in the {@value #KEY_VARIABLE} environment variable (never on the
 * command line). Its output is copied to ours with a prefix and kept for checks.
 */
public final class Child {
  /** The environment variable that carries the auth key to children. */
  public static final String KEY_VARIABLE = "TYPEDIPC_AUTH_KEY";

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread pump;

  private Child(Process process, String prefix) {
    this.process = process;
    this.pump = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          synchronized (lines) {
            lines.add(line);
          }
          System.out.println(prefix + line);
        }
      } catch (IOException e) {
        // the child is gone
      }
    });
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts {@code mainClass args} in a new JVM, with {@code key} in its environment. */
  public static Child start(String prefix, Class<?> mainClass, AuthKey key, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8",
        "-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put(KEY_VARIABLE, key.toBase64());
    try {
      return new Child(builder.start(), prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the child to exit (Python's {@code join()}); its exit code, or -1 if it was killed after the timeout. */
  public int join(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    pump.join(5000);
    return process.exitValue();
  }

  /** The lines it printed that start with {@code prefix}. */
  public List<String> linesStartingWith(String prefix) {
    List<String> found = new ArrayList<>();
    synchronized (lines) {
      for (String line : lines) {
        if (line.startsWith(prefix)) {
          found.add(line);
        }
      }
    }
    return found;
  }
}
