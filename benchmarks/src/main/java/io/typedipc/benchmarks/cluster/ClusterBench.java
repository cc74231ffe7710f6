package io.typedipc.benchmarks.cluster;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 11's benchmark: the cost of a cluster object's call beside a single Manager's, in one run.
 * A single-object sync call ({@link BenchCounter#increment}) from one client, and the aggregate of
 * four clients (one thread each, spread over the members round-robin), against a plain Manager, a
 * 1-member cluster and a 3-member cluster; every Manager ({@link ClusterMember}) in its own JVM on
 * 127.0.0.1, the clients in this JVM. Prints one table with the ratios to the single Manager.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl benchmarks exec:exec@cluster [-Dbench.args="--seconds 3 --rounds 1"]
 * </pre>
 */
public final class ClusterBench {
  private ClusterBench() {}

  private static final String[] SETUPS = {"single Manager", "1-member cluster", "3-member cluster"};

  public static void main(String[] argv) throws Exception {
    // exec:exec passes -Dbench.args as one argument
    String[] args = String.join(" ", argv).trim().split("\\s+");
    long seconds = 3;
    int rounds = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Long.parseLong(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "", "--" -> { }
        default -> {
          System.err.println("usage: ClusterBench [--seconds N (per measurement, default 3)] [--rounds N (default 1)]");
          System.exit(2);
        }
      }
    }
    AuthKey key = AuthKey.generate();
    double[][][] results = new double[rounds][SETUPS.length][];
    for (int r = 0; r < rounds; r++) {
      results[r][0] = run(key, 1, true, seconds);
      results[r][1] = run(key, 1, false, seconds);
      results[r][2] = run(key, 3, false, seconds);
    }
    System.out.printf(Locale.ROOT, "cluster benchmark: %d s per measurement, %d round(s), best round per setup; %d CPUs, load average %s%n",
        seconds, rounds, Runtime.getRuntime().availableProcessors(), loadAverage());
    System.out.printf(Locale.ROOT, "%-18s %22s %28s%n", "setup", "one client's sync call", "four clients' calls/s");
    double[] base = best(results, 0);
    for (int s = 0; s < SETUPS.length; s++) {
      double[] b = best(results, s);
      System.out.printf(Locale.ROOT, "%-18s %12.0f µs (x%.1f) %18.0f (x%.2f)%n", SETUPS[s], b[0], b[0] / base[0], b[1], b[1] / base[1]);
    }
  }

  /** The 1/5/15-minute load averages, where the OS tells them (Linux), else "unknown". */
  private static String loadAverage() {
    try {
      String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The lowest latency and the highest rate over the rounds. */
  private static double[] best(double[][][] results, int setup) {
    double latency = Double.MAX_VALUE;
    double rate = 0;
    for (double[][] round : results) {
      latency = Math.min(latency, round[setup][0]);
      rate = Math.max(rate, round[setup][1]);
    }
    return new double[] {latency, rate};
  }

  /** {mean µs of one client's sync call, calls/s of four clients}. */
  private static double[] run(AuthKey key, int size, boolean single, long seconds) throws Exception {
    String cluster = "typedipc-bench-" + UUID.randomUUID();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(freePort());
    }
    List<Process> members = new ArrayList<>();
    try {
      List<BufferedReader> outputs = new ArrayList<>();
      for (int port : ports) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xms256m", "-Xmx256m", "-cp", System.getProperty("java.class.path"), ClusterMember.class.getName()));
        if (single) {
          command.add("single");
        } else {
          command.addAll(List.of(cluster, String.valueOf(port), String.join(",", ports.stream().map(String::valueOf).toList())));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TYPEDIPC_BENCH_KEY", key.toBase64());
        Process p = pb.start();
        members.add(p);
        outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
      }
      List<Integer> managerPorts = new ArrayList<>();
      for (BufferedReader out : outputs) {
        managerPorts.add(awaitReady(out));
      }
      double latency;
      try (ManagerClient c = client(key, managerPorts.get(0))) {
        BenchCounter counter = c.shared(BenchCounter.class, "counter");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < end) {
          counter.increment(); // warm-up
        }
        long n = 0;
        long start = System.nanoTime();
        end = start + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
          counter.increment();
          n++;
        }
        latency = (System.nanoTime() - start) / 1000.0 / n;
      }
      AtomicLong calls = new AtomicLong();
      CountDownLatch warm = new CountDownLatch(4);
      CountDownLatch go = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(4);
      long[] window = new long[2];
      List<ManagerClient> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        clients.add(client(key, managerPorts.get(i % managerPorts.size())));
      }
      for (ManagerClient c : clients) {
        Thread t = new Thread(() -> {
          BenchCounter counter = c.shared(BenchCounter.class, "counter");
          long warmEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
          while (System.nanoTime() < warmEnd) {
            counter.increment();
          }
          warm.countDown();
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          long n = 0;
          while (System.nanoTime() < window[1]) {
            counter.increment();
            n++;
          }
          calls.addAndGet(n);
          done.countDown();
        }, "bench-client");
        t.setDaemon(true);
        t.start();
      }
      warm.await();
      window[0] = System.nanoTime();
      window[1] = window[0] + TimeUnit.SECONDS.toNanos(seconds);
      go.countDown(); // publishes window to the threads
      done.await();
      double rate = calls.get() / ((System.nanoTime() - window[0]) / 1e9);
      for (ManagerClient c : clients) {
        c.close();
      }
      System.err.printf(Locale.ROOT, "  %s: %.0f µs, %.0f calls/s%n", single ? "single Manager" : size + "-member cluster", latency, rate);
      return new double[] {latency, rate};
    } finally {
      for (Process p : members) {
        p.getOutputStream().close(); // the member exits
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  private static int awaitReady(BufferedReader out) throws IOException {
    StringBuilder seen = new StringBuilder();
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("READY ")) {
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // keep the member's pipe from filling
            }
          } catch (IOException ignored) {
            // it exited
          }
        }, "member-output");
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(line.substring(6).trim());
      }
      seen.append(line).append('\n');
    }
    throw new IllegalStateException("a member exited before READY:\n" + seen);
  }

  /**
   * A client of the Manager at {@code port}. On the loaded build machine a member has refused a
   * handshake it could not finish in time; the connection is tried up to five times.
   */
  private static ManagerClient client(AuthKey key, int port) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return ManagerClient.builder().address("127.0.0.1", port).authKey(key).connect();
      } catch (io.typedipc.ConnectionLostException e) {
        if (attempt == 5) {
          throw e;
        }
        System.err.println("  connecting to " + port + " failed (" + e.getMessage() + "); again");
        Thread.sleep(500L * attempt);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
