package io.typedipc.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server or client JVM started by the driver. Its stdout is read for the {@code READY} and
 * {@code RESULT} lines; other output (stdout and stderr) is kept for error reports and echoed when
 * verbose. Closing it closes the child's stdin, which makes the child halt (see
 * {@link ChildSupport#dieWithParent()}); a child that does not exit is destroyed.
 */
final class Child implements AutoCloseable {

  private static final String EOF = "\u0000EOF";

  private final String name;
  private final Process process;
  private final BlockingQueue<String> protocol = new LinkedBlockingQueue<>();
  private final Deque<String> diagnostics = new ArrayDeque<>();
  private final boolean verbose;

  private Child(String name, Process process, boolean verbose) {
    this.name = name;
    this.process = process;
    this.verbose = verbose;
    pump(process.getInputStream(), true);
    pump(process.getErrorStream(), false);
  }

  static Child start(String name, List<String> command, boolean verbose) throws IOException {
    if (verbose) {
      System.err.println("  [" + name + "] $ " + String.join(" ", command));
    }
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    return new Child(name, pb.start(), verbose);
  }

  private void pump(InputStream stream, boolean stdout) {
    Thread t = new Thread(() -> {
      try (BufferedReader r =
               new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (stdout && (line.startsWith("READY ") || line.startsWith("RESULT "))) {
            protocol.add(line);
          } else {
            synchronized (diagnostics) {
              diagnostics.addLast(line);
              if (diagnostics.size() > 60) {
                diagnostics.removeFirst();
              }
            }
            if (verbose) {
              System.err.println("  [" + name + "] " + line);
            }
          }
        }
      } catch (IOException ignored) {
        // the process is gone
      }
      if (stdout) {
        protocol.add(EOF);
      }
    }, "bench-pump-" + name + (stdout ? "-out" : "-err"));
    t.setDaemon(true);
    t.start();
  }

  /**
   * Waits for the child's line starting with {@code prefix} and returns the rest of it.
   *
   * @throws BenchFailure if the child exits first or the time runs out
   */
  String await(String prefix, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : protocol.poll(left, TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new BenchFailure(name + ": no " + prefix.trim() + " line after "
            + timeoutMillis / 1000 + " s" + tail());
      }
      if (line.equals(EOF)) {
        protocol.add(EOF);
        String code = "";
        try {
          if (process.waitFor(2, TimeUnit.SECONDS)) {
            code = " (exit code " + process.exitValue() + ")";
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new BenchFailure(name + " exited before " + prefix.trim() + code + tail());
      }
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length());
      }
    }
  }

  /** The last lines the child printed, for error messages. */
  String tail() {
    synchronized (diagnostics) {
      if (diagnostics.isEmpty()) {
        return "";
      }
      StringBuilder sb = new StringBuilder("; its last output:");
      int skip = Math.max(0, diagnostics.size() - 8);
      for (String l : diagnostics) {
        if (skip-- > 0) {
          continue;
        }
        sb.append("\n      ").append(l);
      }
      return sb.toString();
    }
  }

  /** The child's process id (taskset execs the JVM: its id too). */
  long pid() {
    return process.pid();
  }

  boolean waitFor(long millis) throws InterruptedException {
    return process.waitFor(millis, TimeUnit.MILLISECONDS);
  }

  void destroyNow() {
    process.destroyForcibly();
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close(); // EOF on the child's stdin: it halts
    } catch (IOException ignored) {
      // already gone
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(3, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** A case that could not be measured. */
  static final class BenchFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BenchFailure(String message) {
      super(message);
    }
  }
}
