package io.typedipc.example;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An example's main class running in a JVM of its own, its output collected line by line, and the
 * JVMs it starts watched: when it exits, {@link #awaitExit} checks that none of them is left
 * running. Public for the end-to-end tests of the examples in subpackages.
 */
public final class ExampleJvm implements AutoCloseable {
  private static final String END = new String("end of output");

  private final Process process;
  private final List<String> output = new ArrayList<>();
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final CountDownLatch drained = new CountDownLatch(1);
  /** Every process seen among the example's descendants while it ran. */
  private final Set<ProcessHandle> started = ConcurrentHashMap.newKeySet();

  private ExampleJvm(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "output of " + process.pid());
    reader.setDaemon(true);
    reader.start();
    Thread watcher = new Thread(this::watchDescendants, "descendants of " + process.pid());
    watcher.setDaemon(true);
    watcher.start();
  }

  /**
   * Records the example's descendants while it runs. Once it has exited its orphans are no longer
   * its descendants (nor this JVM's), so they must be seen while it is alive.
   */
  private void watchDescendants() {
    while (process.isAlive()) {
      process.descendants().forEach(started::add);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Starts {@code java -cp <test classpath> mainClass args}. */
  public static ExampleJvm start(Class<?> mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    try {
      return new ExampleJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), Charset.defaultCharset()))) {
      for (String line; (line = in.readLine()) != null; ) {
        System.out.println("  | " + line);
        lines.add(line);
        synchronized (output) {
          output.add(line);
        }
      }
    } catch (IOException e) {
      // the process was killed; what was read so far is kept
    } finally {
      lines.add(END);
      drained.countDown();
    }
  }

  /** Waits for the first output line containing {@code text} and returns it. */
  public String awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || line == END) {
        throw new AssertionError("no line containing '" + text + "' within " + timeout + "; output:\n" + output());
      }
      if (line.contains(text)) {
        return line;
      }
    }
  }

  /** Waits for the JVM to exit and returns its exit status; kills it if it takes too long. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("still running after " + timeout + "; output:\n" + output());
    }
    drained.await(5, TimeUnit.SECONDS); // the last lines
    assertNothingLeftRunning();
    return process.exitValue();
  }

  /** Every JVM the example started has ended too (within a few seconds of the example's own end). */
  private void assertNothingLeftRunning() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    List<ProcessHandle> alive = List.of();
    do {
      alive = started.stream().filter(ProcessHandle::isAlive).toList();
      if (alive.isEmpty()) {
        return;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    alive.forEach(ProcessHandle::destroyForcibly);
    throw new AssertionError("processes started by the example still run after it ended: "
        + alive.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("")).toList() + "; output:\n" + output());
  }

  /** Whether the process {@code pid} has been seen among the example's descendants. */
  public boolean sawDescendant(long pid) {
    return started.stream().anyMatch(h -> h.pid() == pid);
  }

  /** Writes a line to the example's stdin. */
  public void send(String line) {
    try {
      process.getOutputStream().write((line + System.lineSeparator()).getBytes(Charset.defaultCharset()));
      process.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything printed so far. */
  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** Stops the JVM if it still runs: politely (shutdown hooks run), then by force. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (process.waitFor(10, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
  }
}
