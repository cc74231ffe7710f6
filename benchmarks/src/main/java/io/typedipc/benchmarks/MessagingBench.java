package io.typedipc.benchmarks;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One-way small-message throughput between two JVMs: a raw TCP stream of the pipe's frames, a
 * bare Kryo object stream, a typedipc pipe, and a typedipc Manager channel (Manager in this JVM,
 * producer and consumer in two others, acknowledgements batched). Prints msgs/s, ratios, and the
 * heap of each side after a GC at the start and end of its run.
 *
 * <p>{@code BenchMain --messaging [--seconds N] [--warmup S] [--rounds R] [--cases
 * raw,kryo,pipe,pipe-excl,pipe-shm,pipe-shm-excl,channel,channel-shm]} ({@code -excl}: the pipe's
 * one-thread {@code exclusiveSender()} instead of its thread-safe {@code sender()}): each case sends for {@code S + N} seconds; the consumer counts from its
 * first message and measures the messages after the first {@code S} seconds (default 10 s warm-up,
 * 5 s measured: with 3 s, the JIT compilers of the three JVMs still took a tenth of the CPUs in the
 * measured interval). The cases run {@code R} times, interleaved (default 3); the summary gives each
 * case's median and each target ratio's median over the rounds, a ratio being taken within one
 * round. {@code --seconds 60 --rounds 1} is the memory run.
 */
public final class MessagingBench {
  private MessagingBench() {}

  static final String USAGE = """
      usage: BenchMain --messaging [options]
        --seconds N      measured time per case (default 5)
        --warmup S       warm-up per case, not measured (default 10)
        --rounds N       run the cases N times, interleaved; medians reported (default 3)
        --cases LIST     any of raw,kryo,pipe,pipe-excl,pipe-shm,pipe-shm-excl,channel,channel-shm
                         (default all eight; -excl: the pipe end's exclusiveSender(), -shm: over
                         shared memory)
      """;

  public static void main(String[] args) throws Exception {
    int seconds = 5;
    double warmup = 10;
    int rounds = 3;
    List<String> cases = List.of("raw", "kryo", "pipe", "pipe-excl", "pipe-shm", "pipe-shm-excl", "channel", "channel-shm");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--messaging" -> { }
        case "--help", "-h" -> {
          System.out.print(USAGE);
          return;
        }
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Double.parseDouble(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--cases" -> cases = List.of(args[++i].split(","));
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (use --seconds N, --warmup S, --rounds N, --cases raw,kryo,pipe,pipe-excl,pipe-shm,pipe-shm-excl,channel,channel-shm)");
      }
    }
    System.out.printf(Locale.ROOT, "messaging: one-way tick(long, 20-char String) producer JVM -> consumer JVM, %d bytes a message,"
        + " per case %.1f s warm-up (not measured, counted from the consumer's first message) + %d s measured;"
        + " %d round(s), the cases interleaved; %d CPUs%n",
        MessagingChild.MESSAGE_BYTES, warmup, seconds, rounds, Runtime.getRuntime().availableProcessors());
    AuthKey key = AuthKey.generate();
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    for (int r = 1; r <= rounds; r++) {
      if (rounds > 1) {
        System.out.println("-- round " + r + " of " + rounds);
      }
      for (String c : cases) {
        double rate = run(c, seconds, warmup, key);
        rates.computeIfAbsent(c, k -> new ArrayList<>()).add(rate);
      }
    }
    System.out.println();
    System.out.println(rounds > 1 ? "case      msgs/s (median)   (min - max)                 vs raw   vs kryo   (medians)"
        : "case      msgs/s        vs raw   vs kryo");
    for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
      List<Double> v = e.getValue();
      double m = median(v);
      if (rounds > 1) {
        System.out.printf(Locale.ROOT, "%-8s %,14.0f   (%,.0f - %,.0f) %8s %8s%n", e.getKey(), m, Collections.min(v), Collections.max(v),
            ratio(m, medianOf(rates, "raw")), ratio(m, medianOf(rates, "kryo")));
      } else {
        System.out.printf(Locale.ROOT, "%-8s %,14.0f %8s %8s%n", e.getKey(), m,
            ratio(m, medianOf(rates, "raw")), ratio(m, medianOf(rates, "kryo")));
      }
    }
    System.out.println();
    System.out.println("targets (issue 9), against the raw TCP stream of the same frames, same round"
        + (rounds > 1 ? " (median of the rounds' ratios, min - max)" : "") + ":");
    target("pipe one-way / raw", rates.get("pipe"), rates.get("raw"), PIPE_TARGET);
    target("pipe, exclusive sender / raw", rates.get("pipe-excl"), rates.get("raw"), PIPE_TARGET);
    target("channel acknowledged / raw", rates.get("channel"), rates.get("raw"), CHANNEL_TARGET);
    System.out.println("targets (issue 10), shared memory against the same raw TCP stream:");
    target("channel over shm / raw", rates.get("channel-shm"), rates.get("raw"), CHANNEL_SHM_TARGET);
    target("pipe over shm / pipe over TCP", rates.get("pipe-shm"), rates.get("pipe"), PIPE_SHM_TARGET);
    target("same, exclusive senders", rates.get("pipe-shm-excl"), rates.get("pipe-excl"), PIPE_SHM_TARGET);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static Double medianOf(Map<String, List<Double>> rates, String kase) {
    List<Double> v = rates.get(kase);
    return v == null ? null : median(v);
  }

  /** Pipe throughput / raw stream throughput, at least. */
  static final double PIPE_TARGET = 0.35;
  /** Manager channel (acknowledged) throughput / raw stream throughput, at least. */
  static final double CHANNEL_TARGET = 0.15;
  /** Manager channel over shared memory / raw TCP stream throughput, at least. */
  static final double CHANNEL_SHM_TARGET = 0.25;
  /** Pipe over shared memory / pipe over TCP: faster, so above 1. */
  static final double PIPE_SHM_TARGET = 1.0;

  private static void target(String what, List<Double> values, List<Double> raws, double target) {
    if (values == null || raws == null) {
      System.out.printf(Locale.ROOT, "  %-28s %8s  >= %.2fx  n/a (run the raw case and this one together)%n", what, "-", target);
      return;
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(values.size(), raws.size()); i++) {
      ratios.add(values.get(i) / raws.get(i));
    }
    double r = median(ratios);
    System.out.printf(Locale.ROOT, "  %-28s %7.3fx  >= %.2fx  %-6s%s%n", what, r, target, r >= target ? "MET" : "MISSED",
        ratios.size() > 1 ? String.format(Locale.ROOT, "  (%.3f - %.3f)", Collections.min(ratios), Collections.max(ratios)) : "");
  }

  private static String ratio(double v, Double base) {
    return base == null || base == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", v / base);
  }

  private static double run(String kase, int seconds, double warmup, AuthKey key) throws Exception {
    Manager manager = null;
    long managerHeapStart = 0;
    long driverCpuStart = MessagingChild.cpuNanos();
    List<String> consumerArgs = new ArrayList<>(List.of("role=consumer", "case=" + kase, "seconds=" + seconds, "warmup=" + warmup));
    List<String> producerArgs = new ArrayList<>(List.of("role=producer", "case=" + kase, "seconds=" + seconds, "warmup=" + warmup));
    if (kase.startsWith("channel")) {
      manager = Manager.builder().address(0).authKey(key).sharedMemory(kase.equals("channel-shm"))
          .channel(BenchEvents.class, "bench", 65_536).start();
      managerHeapStart = MessagingChild.heapUsed();
      consumerArgs.add("port=" + manager.port());
      producerArgs.add("port=" + manager.port());
    }
    try (Jvm consumer = Jvm.start(consumerArgs, key)) {
      String ready = consumer.await(kase.startsWith("pipe") ? "TOKEN " : "READY ");
      if (kase.startsWith("pipe")) {
        producerArgs.add("token=" + ready);
      } else if (!kase.startsWith("channel")) {
        producerArgs.add("port=" + ready);
      }
      try (Jvm producer = Jvm.start(producerArgs, key)) {
        Map<String, String> sent = fields(producer.await("RESULT "));
        Map<String, String> got = fields(consumer.await("RESULT "));
        if (got.containsKey("error") || sent.containsKey("error")) {
          throw new IllegalStateException(kase + ": " + got + " " + sent);
        }
        long msgs = Long.parseLong(got.get("msgs"));
        long measured = Long.parseLong(got.get("measured"));
        double elapsed = Long.parseLong(got.get("nanos")) / 1e9;
        double rate = measured / elapsed;
        long managerCpu = MessagingChild.cpuNanos() - driverCpuStart; // the driver does little else
        System.out.printf(Locale.ROOT, "%-8s %,14.0f msgs/s  (%,d in %.2f s after warm-up; %,d received of %,d sent)  heap MiB producer %s -> %s, consumer %s -> %s%s%n",
            kase, rate, measured, elapsed, msgs, Long.parseLong(sent.get("sent")), mib(sent.get("heapStart")), mib(sent.get("heapEnd")),
            mib(got.get("heapStart")), mib(got.get("heapEnd")),
            manager == null ? "" : ", Manager " + mib(Long.toString(managerHeapStart)) + " -> " + mib(Long.toString(MessagingChild.heapUsed())));
        System.out.printf(Locale.ROOT, "%-8s CPU ns per message (all threads of the JVM, after warm-up): producer %s, consumer %s%s%n",
            "", sent.get("cpuPerMsg"), got.get("cpuPerMsg"),
            manager == null ? "" : String.format(Locale.ROOT, ", Manager %.0f (whole run)", (double) managerCpu / msgs));
        if (msgs != Long.parseLong(sent.get("sent"))) {
          throw new IllegalStateException(kase + ": sent " + sent.get("sent") + " but received " + msgs);
        }
        return rate;
      }
    } finally {
      if (manager != null) {
        manager.close();
      }
    }
  }

  private static String mib(String bytes) {
    return String.format(Locale.ROOT, "%.1f", Long.parseLong(bytes) / 1048576.0);
  }

  private static Map<String, String> fields(String line) {
    Map<String, String> m = new HashMap<>();
    for (String part : line.trim().split(" ")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        m.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return m;
  }

  /** A child JVM running {@link MessagingChild}. */
  private static final class Jvm implements AutoCloseable {
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Jvm(Process process) {
      this.process = process;
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (IOException ignored) {
          // gone
        }
        lines.add("EXIT");
      });
      t.setDaemon(true);
      t.start();
    }

    static Jvm start(List<String> args, AuthKey key) throws IOException {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xms256m", "-Xmx256m", "-cp", System.getProperty("java.class.path"), MessagingChild.class.getName()));
      String extra = System.getenv("TYPEDIPC_BENCH_CHILD_OPTS"); // e.g. JFR for profiling; {role} = producer/consumer
      if (extra != null && !extra.isBlank()) {
        String role = args.get(0).substring("role=".length());
        cmd.addAll(cmd.size() - 1, List.of(extra.trim().replace("{role}", role).split("\\s+")));
      }
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("TYPEDIPC_BENCH_KEY", key.toBase64());
      return new Jvm(pb.start());
    }

    String await(String prefix) throws InterruptedException {
      StringBuilder seen = new StringBuilder();
      while (true) {
        String line = lines.poll(300, TimeUnit.SECONDS);
        if (line == null || line.equals("EXIT")) {
          throw new IllegalStateException("child ended without '" + prefix + "':\n" + seen);
        }
        if (line.startsWith(prefix)) {
          return line.substring(prefix.length()).trim();
        }
        seen.append(line).append('\n');
      }
    }

    @Override
    public void close() {
      process.destroy();
    }
  }
}
