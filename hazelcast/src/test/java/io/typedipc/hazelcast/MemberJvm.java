package io.typedipc.hazelcast;

import io.typedipc.AuthKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link MemberMain} in its own JVM; exits when its stdin closes, killed with {@link #kill()} (SIGKILL). */
final class MemberJvm implements AutoCloseable {
  private final Process process;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> output = new ArrayList<>();
  int port;
  String uuid;

  private MemberJvm(Process process) {
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
    }, "member-output-" + process.pid());
    pump.setDaemon(true);
    pump.start();
  }

  static MemberJvm start(AuthKey key, String cluster, int port, List<Integer> ports) {
    return start(key, cluster, port, ports, false);
  }

  /** With {@code single}, a plain Manager without a cluster (for comparison). */
  static MemberJvm start(AuthKey key, String cluster, int port, List<Integer> ports, boolean single) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        MemberMain.class.getName(), cluster, String.valueOf(port),
        String.join(",", ports.stream().map(String::valueOf).toList()), String.valueOf(ports.size())));
    if (single) {
      command.add("single");
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("TYPEDIPC_TEST_KEY", key.toBase64());
    try {
      return new MemberJvm(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for {@code READY port uuid}. */
  MemberJvm awaitReady(Duration timeout) throws InterruptedException {
    String[] ready = awaitLine("READY ", timeout).split(" ");
    port = Integer.parseInt(ready[0]);
    uuid = ready[1];
    return this;
  }

  /** The uuid of the member that owns {@code key}'s partition. */
  String ownerOf(String key) throws InterruptedException {
    send("OWNER " + key);
    return awaitLine("OWNER ", Duration.ofSeconds(30));
  }

  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left > 0 ? lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS) : null;
      if (line == null && left > 0) {
        if (!process.isAlive() && lines.isEmpty()) {
          throw new AssertionError("member exited with " + process.exitValue() + " before '" + prefix + "':\n" + output());
        }
        continue;
      }
      if (line == null) {
        throw new AssertionError("member printed no '" + prefix + "' in " + timeout + ":\n" + output());
      }
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).trim();
      }
    }
  }

  void send(String line) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** kill -9. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // gone already
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
