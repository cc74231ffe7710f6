package io.typedipc.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The benchmark driver: puts typedipc beside Java RMI and raw TCP sockets in one run.
 *
 * <p>Every case runs between two fresh JVMs on 127.0.0.1 — a server and a client — started with
 * this JVM's java binary and classpath, optionally under {@code taskset}. The driver only starts
 * them, reads their {@code READY}/{@code RESULT} lines and prints tables and ratios.
 *
 * <p>Run {@code --help} for the options; see benchmarks/README.md.
 */
public final class BenchMain {

  private BenchMain() {}

  // ---------------------------------------------------------------- options

  static final class Options {
    boolean quick;
    boolean verbose;
    Set<String> only;                       // null = everything
    List<String> placements = List.of("one", "two", "unpinned");
    Integer warmup;
    Double warmupSeconds;
    Integer calls;
    Double maxSeconds;
    Double warmSeconds;
    Double measureSeconds;
    int window = 10_000;
    int threads = 4;
    boolean throughputEverywhere;
    Integer rounds;
    int latencyRounds = 1;

    int rounds() {
      return rounds != null ? rounds : quick ? 1 : 3;
    }
    List<String> jvmOpts = new ArrayList<>(List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"));

    int warmup() {
      return warmup != null ? warmup : quick ? 5_000 : 20_000;
    }

    double warmupSeconds() {
      return warmupSeconds != null ? warmupSeconds : quick ? 0.3 : 1;
    }

    int calls() {
      return calls != null ? calls : quick ? 20_000 : 100_000;
    }

    double maxSeconds() {
      return maxSeconds != null ? maxSeconds : quick ? 1.5 : 6;
    }

    double warmSeconds() {
      return warmSeconds != null ? warmSeconds : quick ? 1.5 : 3;
    }

    double measureSeconds() {
      return measureSeconds != null ? measureSeconds : quick ? 1 : 3;
    }
  }

  static final String USAGE = """
      usage: BenchMain [options]      (with Maven: mvn -B -q -pl benchmarks exec:exec -Dbench.args="...")
        --quick                 few seconds per case (5k warm-up, 20k calls, 1 s throughput
                                after 1.5 s of warm-up)
        --only LIST             comma-separated systems or case ids, e.g. raw,rmi  or  typedipc,raw-blocking
                                systems: raw, rmi, typedipc; case ids: see --list; an entry
                                ending in '=' names a case id only (typedipc= is the default case)
        --placements LIST       any of one,two,unpinned (default all three)
        --warmup N              untimed calls before a latency measurement (default 20000)
        --warmup-seconds S      ... and at least this long (default 1; 0.3 with --quick): 20000
                                shared-memory calls take 40 ms, and a measurement started
                                while C2 still compiled made typedipc-shm's p50 2 or 12 us
        --calls N               timed calls per latency case (default 100000)
        --max-seconds S         stop a latency case early after S seconds (default 6)
        --warm-seconds S        throughput warm-up (default 3; 1.5 with --quick)
        --seconds S             throughput measuring time (default 3)
        --window N              in-flight limit for pipelined/async cases (default 10000)
        --threads N             client threads for the multi-thread cases (default 4)
        --throughput-everywhere run the throughput cases in every placement, not only unpinned
        --rounds N              run the throughput cases N times, interleaved, and report each
                                case's median round (default 3; 1 with --quick): this VM's
                                multi-thread figures swing 2x from one minute to the next
        --latency-rounds N      run the latency cases N times, interleaved, and report each
                                case's round with the median p50 (default 1): with both JVMs
                                on one CPU, raw TCP's p50 moved from 6.5 to 10.9 us between
                                two runs of the same minute
        --jvm-opt OPT           extra option for the server and client JVMs (repeatable);
                                the first use replaces the default -Xms512m -Xmx512m -XX:+AlwaysPreTouch
        --verbose               show the child JVMs' command lines and output
        --list                  list the cases and exit
        --messaging             the messaging benchmark instead (pipes and channels, one-way
                                messages): its own options, see --messaging --help
      """;

  static Options parse(String[] argv) {
    List<String> args = new ArrayList<>();
    for (String a : argv) {
      // exec:exec passes -Dbench.args as one argument; split it
      for (String part : a.trim().split("\\s+")) {
        if (!part.isEmpty()) {
          args.add(part);
        }
      }
    }
    Options o = new Options();
    boolean jvmOptsGiven = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
      String k = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (v == null && i + 1 < args.size() && takesValue(k)) {
        v = args.get(++i);
      }
      switch (k) {
        case "--quick" -> o.quick = true;
        case "--verbose" -> o.verbose = true;
        case "--only" -> o.only = Set.of(v.toLowerCase(Locale.ROOT).split(","));
        case "--placements" -> o.placements = List.of(v.toLowerCase(Locale.ROOT).split(","));
        case "--warmup" -> o.warmup = Integer.parseInt(v);
        case "--warmup-seconds" -> o.warmupSeconds = Double.parseDouble(v);
        case "--calls" -> o.calls = Integer.parseInt(v);
        case "--max-seconds" -> o.maxSeconds = Double.parseDouble(v);
        case "--warm-seconds" -> o.warmSeconds = Double.parseDouble(v);
        case "--seconds" -> o.measureSeconds = Double.parseDouble(v);
        case "--window" -> o.window = Integer.parseInt(v);
        case "--threads" -> o.threads = Integer.parseInt(v);
        case "--throughput-everywhere" -> o.throughputEverywhere = true;
        case "--rounds" -> o.rounds = Integer.parseInt(v);
        case "--latency-rounds" -> o.latencyRounds = Integer.parseInt(v);
        case "--jvm-opt" -> {
          if (!jvmOptsGiven) {
            o.jvmOpts.clear();
            jvmOptsGiven = true;
          }
          o.jvmOpts.add(v);
        }
        case "--list" -> {
          for (Case c : cases(o)) {
            System.out.printf("  %-18s %-9s %s%n", c.id, c.kind == Kind.LATENCY ? "latency" : "rate",
                c.label);
          }
          System.exit(0);
        }
        case "--help", "-h" -> {
          System.out.print(USAGE);
          System.exit(0);
        }
        default -> {
          System.err.print("unknown option " + a + "\n" + USAGE);
          System.exit(2);
        }
      }
    }
    if (o.only != null) { // a typo must not run nothing and report success
      List<Case> all = cases(o);
      for (String entry : o.only) {
        boolean known = all.stream().anyMatch(c -> entry.equals(c.system) || entry.equals(c.id) || entry.equals(c.id + "="));
        if (!known) {
          System.err.print("--only: no system or case id " + entry + " (systems: raw, rmi, typedipc; --list gives the case ids)\n"
              + USAGE);
          System.exit(2);
        }
      }
    }
    if ((o.rounds != null && o.rounds < 1) || o.latencyRounds < 1) {
      System.err.print("--rounds and --latency-rounds take a number from 1 up\n" + USAGE);
      System.exit(2);
    }
    for (String p : o.placements) {
      if (!List.of("one", "two", "unpinned").contains(p)) {
        System.err.print("unknown placement " + p + "\n" + USAGE);
        System.exit(2);
      }
    }
    return o;
  }

  private static boolean takesValue(String k) {
    return switch (k) {
      case "--only", "--placements", "--warmup", "--warmup-seconds", "--calls", "--max-seconds", "--warm-seconds",
          "--seconds", "--window", "--threads", "--rounds", "--latency-rounds", "--jvm-opt" -> true;
      default -> false;
    };
  }

  // ---------------------------------------------------------------- cases

  enum Kind { LATENCY, THROUGHPUT }

  record Case(String id, String system, String label, Kind kind, String serverMain,
              List<String> serverArgs, String clientMain, List<String> clientArgs) {}

  static final String PKG = "io.typedipc.benchmarks.";
  /** An argument replaced by {@code file=<a fresh path for a mapped file>} when a case runs. */
  static final String RING_FILE = "file=@";

  static List<Case> cases(Options o) {
    String w = "window=" + o.window;
    String t = "threads=" + o.threads;
    return List.of(
        new Case("raw-blocking", "raw", "raw TCP blocking ping-pong", Kind.LATENCY,
            "RawServer", List.of("mode=blocking"), "RawClient", List.of("case=pingpong")),
        new Case("raw-busypoll", "raw", "raw TCP busy-poll ping-pong", Kind.LATENCY,
            "RawServer", List.of("mode=busypoll"), "RawClient", List.of("case=busypoll")),
        new Case("rmi", "rmi", "Java RMI increment(1)", Kind.LATENCY,
            "RmiServer", List.of(), "RmiClient", List.of("case=sync")),
        new Case("typedipc", "typedipc", "typedipc increment(1)", Kind.LATENCY,
            "TypedIpcServer", List.of("lowLatency=false"), "TypedIpcClient",
            List.of("case=sync", "lowLatency=false")),
        new Case("typedipc-blocking", "typedipc", "typedipc blockingReads increment(1)", Kind.LATENCY,
            "TypedIpcServer", List.of("lowLatency=false"), "TypedIpcClient",
            List.of("case=sync", "lowLatency=false", "blockingReads=true")),
        new Case("typedipc-ll", "typedipc", "typedipc low-latency increment(1)", Kind.LATENCY,
            "TypedIpcServer", List.of("lowLatency=true"), "TypedIpcClient",
            List.of("case=sync", "lowLatency=true")),
        new Case("raw-shm", "raw", "raw shared-memory spin ping-pong", Kind.LATENCY,
            "RawShm", List.of("role=server", RING_FILE), "RawShm", List.of("role=client", RING_FILE)),
        new Case("typedipc-shm", "typedipc", "typedipc shm increment(1)", Kind.LATENCY,
            "TypedIpcServer", List.of("lowLatency=false", "sharedMemory=true"), "TypedIpcClient",
            List.of("case=sync", "lowLatency=false", "sharedMemory=true")),
        new Case("typedipc-shm-ll", "typedipc", "typedipc shm low-latency increment(1)", Kind.LATENCY,
            "TypedIpcServer", List.of("lowLatency=true", "sharedMemory=true"), "TypedIpcClient",
            List.of("case=sync", "lowLatency=true", "sharedMemory=true")),

        new Case("raw-pipelined", "raw",
            "raw TCP pipelined echo, 1 conn, window " + num(o.window), Kind.THROUGHPUT,
            "RawServer", List.of("mode=blocking"), "RawClient", List.of("case=pipelined", w)),
        new Case("raw-threads", "raw",
            "raw TCP " + o.threads + " conns x blocking ping-pong", Kind.THROUGHPUT,
            "RawServer", List.of("mode=blocking"), "RawClient", List.of("case=threads", t)),
        new Case("rmi-threads", "rmi", "Java RMI " + o.threads + " threads, sync", Kind.THROUGHPUT,
            "RmiServer", List.of(), "RmiClient", List.of("case=threads", t)),
        new Case("typedipc-async", "typedipc",
            "typedipc async, 1 thread, window " + num(o.window), Kind.THROUGHPUT,
            "TypedIpcServer", List.of("lowLatency=false"), "TypedIpcClient",
            List.of("case=async", w, "lowLatency=false")),
        new Case("typedipc-threads", "typedipc", "typedipc " + o.threads + " threads, sync",
            Kind.THROUGHPUT, "TypedIpcServer", List.of("lowLatency=false"), "TypedIpcClient",
            List.of("case=threads", t, "lowLatency=false")),
        new Case("typedipc-blocking-threads", "typedipc",
            "typedipc blockingReads " + o.threads + " threads, sync", Kind.THROUGHPUT,
            "TypedIpcServer", List.of("lowLatency=false"), "TypedIpcClient",
            List.of("case=threads", t, "lowLatency=false", "blockingReads=true")),
        new Case("typedipc-shm-async", "typedipc",
            "typedipc shm async, 1 thread, window " + num(o.window), Kind.THROUGHPUT,
            "TypedIpcServer", List.of("lowLatency=false", "sharedMemory=true"), "TypedIpcClient",
            List.of("case=async", w, "lowLatency=false", "sharedMemory=true")));
  }

  static boolean selected(Options o, Case c) {
    return o.only == null || o.only.contains(c.system) || o.only.contains(c.id) || o.only.contains(c.id + "=");
  }

  // ---------------------------------------------------------------- placements

  /** Where the two JVMs run: taskset CPU lists for server and client, or null for unpinned. */
  record Placement(String id, String title, String serverCpus, String clientCpus) {}

  static final Placement ONE = new Placement("one",
      "pinned to ONE CPU: server and client both under taskset -c 0", "0", "0");
  static final Placement TWO = new Placement("two",
      "pinned to TWO CPUs: server under taskset -c 0, client under taskset -c 1", "0", "1");
  static final Placement UNPINNED = new Placement("unpinned",
      "unpinned: the scheduler places both JVMs", null, null);

  static boolean commandWorks(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ---------------------------------------------------------------- running

  static final Set<Child> LIVE = ConcurrentHashMap.newKeySet();

  /** The parsed RESULT of a case, or why there is none. */
  record Outcome(Map<String, String> values, String error) {
    double get(String key) {
      return values == null || !values.containsKey(key) ? Double.NaN
          : Double.parseDouble(values.get(key));
    }

    boolean ok() {
      return error == null;
    }
  }

  public static void main(String[] argv) throws Exception {
    List<String> split = new ArrayList<>();
    for (String a : argv) {
      for (String part : a.trim().split("\\s+")) {
        if (!part.isEmpty()) {
          split.add(part);
        }
      }
    }
    if (split.contains("--messaging")) { // the messaging benchmark: its own mode, see MessagingBench
      MessagingBench.main(split.toArray(new String[0]));
      return;
    }
    Options o = parse(argv);
    long started = System.nanoTime();
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path workDir = Files.createTempDirectory("typedipc-bench-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LIVE.forEach(Child::destroyNow);
      deleteTree(workDir);
    }));
    String classpath = snapshotClasspath(System.getProperty("java.class.path"), workDir);

    boolean taskset = commandWorks("taskset", "-c", "0", "true");
    int cpus = Runtime.getRuntime().availableProcessors();
    boolean secondCpu = taskset && commandWorks("taskset", "-c", "1", "true");

    System.out.println("typedipc benchmarks: typedipc vs Java RMI vs raw TCP, two JVMs on 127.0.0.1");
    System.out.println("  java      " + java + " (" + System.getProperty("java.vm.name") + " "
        + Runtime.version() + ")");
    System.out.println("  host      " + cpus + " CPUs visible, " + System.getProperty("os.name") + " "
        + System.getProperty("os.version") + "; taskset "
        + (taskset ? "available" : "NOT available"));
    System.out.println("  child JVM options " + (o.jvmOpts.isEmpty() ? "(none)" : String.join(" ", o.jvmOpts)));
    System.out.println("  latency: " + num(o.warmup()) + " warm-up calls and at least " + o.warmupSeconds()
        + " s, then up to " + num(o.calls())
        + " timed calls (at most " + o.maxSeconds() + " s); throughput: " + o.warmSeconds()
        + " s warm-up, " + o.measureSeconds() + " s measured"
        + (o.quick ? "  [--quick: numbers are indicative only]" : ""));
    System.out.println();

    List<Placement> placements = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (String p : o.placements) {
      switch (p) {
        case "one" -> {
          if (taskset) {
            placements.add(ONE);
          } else {
            notes.add("skipped the ONE-CPU placement: taskset is not available");
          }
        }
        case "two" -> {
          if (secondCpu) {
            placements.add(TWO);
          } else {
            notes.add("skipped the TWO-CPU placement: "
                + (taskset ? "CPU 1 is not available to taskset" : "taskset is not available"));
          }
        }
        default -> placements.add(UNPINNED);
      }
    }
    for (String n : notes) {
      System.out.println("NOTE: " + n);
    }
    if (!notes.isEmpty()) {
      System.out.println();
    }

    List<Case> all = cases(o);
    List<Verdict> verdicts = new ArrayList<>();
    int keyCounter = 0;
    boolean throughputDone = false;
    for (int pi = 0; pi < placements.size(); pi++) {
      Placement pl = placements.get(pi);
      boolean lastPlacement = pi == placements.size() - 1;
      boolean runThroughput = o.throughputEverywhere || pl == UNPINNED
          || (lastPlacement && !throughputDone && !o.placements.contains("unpinned"));
      System.out.println("=== " + pl.title + " ===");
      Map<String, Outcome> results = new LinkedHashMap<>();
      Map<String, List<Outcome>> rounds = new LinkedHashMap<>();
      for (int round = 0; round < Math.max(o.rounds(), o.latencyRounds); round++) {
        for (Case c : all) {
          boolean throughput = c.kind == Kind.THROUGHPUT;
          if (!selected(o, c) || (throughput && (!runThroughput || round >= o.rounds()))
              || (!throughput && round >= o.latencyRounds)) {
            continue;
          }
          long t0 = System.nanoTime();
          Outcome out = runCase(o, c, pl, java, classpath, workDir.resolve("key-" + keyCounter++));
          String detail = "";
          if (throughput && o.rounds() > 1) {
            detail = String.format(Locale.ROOT, "  (round %d, %,.0f calls/s)", round + 1, out.get("rate"));
          } else if (!throughput && o.latencyRounds > 1) {
            detail = String.format(Locale.ROOT, "  (round %d, p50 %s us)", round + 1, us(out.get("p50")));
          }
          System.out.printf(Locale.ROOT, "  ran %-16s %-6s %5.1f s%s%n", c.id, out.ok() ? "ok" : "FAILED",
              (System.nanoTime() - t0) / 1e9, detail);
          rounds.computeIfAbsent(c.id, k -> new ArrayList<>()).add(out);
        }
      }
      rounds.forEach((id, outs) -> results.put(id, median(outs)));
      printLatency(all, results, verdicts, pl);
      if (runThroughput) {
        throughputDone = true;
        printThroughput(o, all, results, verdicts, pl);
      }
      System.out.println();
    }
    printSummary(verdicts);
    System.out.printf(Locale.ROOT, "total time %.0f s%n", (System.nanoTime() - started) / 1e9);
    deleteTree(workDir);
    System.exit(0);
  }

  /**
   * The median round: by rate for a throughput case, by p50 for a latency case (failed rounds
   * count as slowest either way).
   */
  static Outcome median(List<Outcome> outs) {
    List<Outcome> sorted = new ArrayList<>(outs);
    sorted.sort(java.util.Comparator.comparingDouble(BenchMain::speed));
    return sorted.get(sorted.size() / 2);
  }

  /** Higher is faster: the rate, or minus the p50 of a latency round; failed rounds lowest. */
  private static double speed(Outcome x) {
    if (!x.ok()) {
      return Double.NEGATIVE_INFINITY;
    }
    double p50 = x.get("p50");
    double v = Double.isNaN(p50) ? x.get("rate") : -p50;
    return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
  }

  static Outcome runCase(Options o, Case c, Placement pl, String java, String classpath, Path keyFile) {
    List<String> common = new ArrayList<>();
    common.add("warmup=" + o.warmup());
    common.add("warmupSeconds=" + o.warmupSeconds());
    common.add("calls=" + o.calls());
    common.add("maxSeconds=" + o.maxSeconds());
    common.add("warmSeconds=" + o.warmSeconds());
    common.add("measureSeconds=" + o.measureSeconds());
    boolean typedipc = c.serverMain.startsWith("TypedIpc");

    Path ringFile = keyFile.resolveSibling(keyFile.getFileName() + ".ring");
    List<String> serverArgs = new ArrayList<>(c.serverArgs);
    serverArgs.replaceAll(a -> a.equals(RING_FILE) ? "file=" + ringFile : a);
    if (typedipc) {
      serverArgs.add("keyFile=" + keyFile);
    }
    Child server = null;
    Child client = null;
    try {
      server = Child.start(c.id + "/server",
          command(java, classpath, o.jvmOpts, pl.serverCpus, c.serverMain, serverArgs), o.verbose);
      LIVE.add(server);
      int port = Integer.parseInt(server.await("READY ", 60_000).trim());

      List<String> clientArgs = new ArrayList<>(c.clientArgs);
      clientArgs.replaceAll(a -> a.equals(RING_FILE) ? "file=" + ringFile : a);
      clientArgs.add("port=" + port);
      clientArgs.addAll(common);
      if (typedipc) {
        clientArgs.add("keyFile=" + keyFile);
        clientArgs.add("serverPid=" + server.pid());
      }
      client = Child.start(c.id + "/client",
          command(java, classpath, o.jvmOpts, pl.clientCpus, c.clientMain, clientArgs), o.verbose);
      LIVE.add(client);
      long budget = (long) (1000 * (60 + (c.kind == Kind.LATENCY
          ? 4 * o.maxSeconds() : 4 * (o.warmSeconds() + o.measureSeconds()))));
      String line = client.await("RESULT ", budget);
      if (o.verbose) {
        System.out.println("  [" + c.id + "/client] " + line.trim());
      }
      Map<String, String> values = new HashMap<>();
      for (String kv : line.trim().split("\\s+")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          values.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
      if (values.containsKey("error")) {
        client.waitFor(3000);
        return new Outcome(null, values.get("error").replace('_', ' ') + client.tail());
      }
      client.waitFor(10_000);
      return new Outcome(values, null);
    } catch (Child.BenchFailure e) {
      return new Outcome(null, e.getMessage());
    } catch (Exception e) {
      return new Outcome(null, e.toString());
    } finally {
      if (client != null) {
        client.close();
        LIVE.remove(client);
      }
      if (server != null) {
        server.close();
        LIVE.remove(server);
      }
      try {
        Files.deleteIfExists(keyFile);
        Files.deleteIfExists(ringFile);
      } catch (IOException ignored) {
        // removed with the directory at the end
      }
    }
  }

  /**
   * Copies the classpath (class directories and jars) into {@code dir} and returns the copy's
   * classpath, so that a rebuild of the project while the benchmark runs (mvn clean, install)
   * cannot pull classes from under the child JVMs or change what is measured halfway.
   */
  static String snapshotClasspath(String classpath, Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    int i = 0;
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path src = Path.of(entry);
      Path dst = dir.resolve("cp" + i++ + (Files.isDirectory(src) ? "" : "-" + src.getFileName()));
      if (Files.isDirectory(src)) {
        try (Stream<Path> walk = Files.walk(src)) {
          for (Path p : (Iterable<Path>) walk::iterator) {
            Path target = dst.resolve(src.relativize(p).toString());
            if (Files.isDirectory(p)) {
              Files.createDirectories(target);
            } else {
              Files.copy(p, target);
            }
          }
        }
      } else if (Files.isRegularFile(src)) {
        Files.copy(src, dst);
      } else {
        continue; // a missing entry adds nothing
      }
      out.add(dst.toString());
    }
    return String.join(File.pathSeparator, out);
  }

  static List<String> command(String java, String classpath, List<String> jvmOpts, String cpus,
                              String main, List<String> args) {
    List<String> cmd = new ArrayList<>();
    if (cpus != null) {
      cmd.addAll(List.of("taskset", "-c", cpus));
    }
    cmd.add(java);
    cmd.addAll(jvmOpts);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(PKG + main);
    cmd.addAll(args);
    return cmd;
  }

  // ---------------------------------------------------------------- reporting

  /** One target check: measured ratio or value against its goal. */
  record Verdict(String placement, String what, double value, double target, boolean atMost) {
    boolean known() {
      return !Double.isNaN(value);
    }

    boolean met() {
      return known() && (atMost ? value <= target : value >= target);
    }
  }

  static void printLatency(List<Case> all, Map<String, Outcome> results, List<Verdict> verdicts,
                           Placement pl) {
    List<Case> lat = all.stream()
        .filter(c -> c.kind == Kind.LATENCY && results.containsKey(c.id)).toList();
    if (lat.isEmpty()) {
      return;
    }
    System.out.println("Sync round-trip latency (µs; calls/s = one thread back to back)");
    System.out.printf("  %-36s %9s %9s %9s %9s %9s %11s %9s%n",
        "", "p50", "p90", "p99", "p99.9", "mean", "calls/s", "n");
    for (Case c : lat) {
      Outcome r = results.get(c.id);
      if (!r.ok()) {
        System.out.printf("  %-36s n/a: %s%n", c.label, indent(r.error));
        continue;
      }
      System.out.printf("  %-36s %9s %9s %9s %9s %9s %11s %9s%n", c.label,
          us(r.get("p50")), us(r.get("p90")), us(r.get("p99")), us(r.get("p999")),
          us(r.get("mean")), num(r.get("rate")), num(r.get("n")));
    }
    System.out.printf("  %-38s %7s %7s   %-11s  %s%n", "ratios (lower is faster)", "p50", "p99",
        "target(p50)", "verdict");
    // issue 9's targets: sync p50 within 10 % of raw blocking TCP, low-latency within 30 % of
    // raw busy-poll (the "unpinned" placement is informative only: see the README)
    boolean pinned = !pl.id.equals("unpinned");
    ratioRow(results, verdicts, pl, "typedipc / raw blocking", "typedipc", "raw-blocking", pinned ? 1.1 : Double.NaN);
    ratioRow(results, verdicts, pl, "typedipc blockingReads / raw blocking", "typedipc-blocking", "raw-blocking",
        pinned ? 1.1 : Double.NaN);
    ratioRow(results, verdicts, pl, "typedipc / RMI", "typedipc", "rmi", pinned ? 1.0 : Double.NaN);
    ratioRow(results, verdicts, pl, "typedipc low-latency / raw busy-poll",
        "typedipc-ll", "raw-busypoll", 1.3);
    // issue 10's targets: shared memory
    ratioRow(results, verdicts, pl, "typedipc shm low-latency / raw shm spin",
        "typedipc-shm-ll", "raw-shm", 5.0);
    ratioRow(results, verdicts, pl, "typedipc shm low-latency / raw busy-poll",
        "typedipc-shm-ll", "raw-busypoll", 0.25);
    // the floor of the line above: no shared-memory transport can beat two JVMs spinning on a bare
    // mapped file, which on one shared CPU is itself above 0.25x busy-poll (each turn is a yield)
    ratioRow(results, verdicts, pl, "(info) raw shm spin / raw busy-poll", "raw-shm", "raw-busypoll", Double.NaN);
    ratioRow(results, verdicts, pl, "typedipc shm / typedipc TCP", "typedipc-shm", "typedipc", 0.6);
    ratioRow(results, verdicts, pl, "(info) RMI / raw blocking", "rmi", "raw-blocking", Double.NaN);
    ratioRow(results, verdicts, pl, "(info) raw busy-poll / raw blocking",
        "raw-busypoll", "raw-blocking", Double.NaN);
  }

  static void ratioRow(Map<String, Outcome> results, List<Verdict> verdicts, Placement pl,
                       String label, String a, String b, double target) {
    Outcome ra = results.get(a);
    Outcome rb = results.get(b);
    if (ra == null || rb == null) {
      return; // filtered out
    }
    double p50 = ra.get("p50") / rb.get("p50");
    double p99 = ra.get("p99") / rb.get("p99");
    String verdict = "";
    if (!Double.isNaN(target)) {
      Verdict v = new Verdict(pl.id, label + " p50", p50, target, true);
      verdicts.add(v);
      verdict = v.known() ? (v.met() ? "met" : "MISSED") : "n/a";
    }
    System.out.printf("  %-38s %7s %7s   %-11s  %s%n", label, x(p50, target), x(p99),
        Double.isNaN(target) ? "" : "<= " + x(target), verdict);
  }

  static void printThroughput(Options o, List<Case> all, Map<String, Outcome> results,
                              List<Verdict> verdicts, Placement pl) {
    List<Case> tp = all.stream()
        .filter(c -> c.kind == Kind.THROUGHPUT && results.containsKey(c.id)).toList();
    if (tp.isEmpty()) {
      return;
    }
    System.out.println("Throughput (calls/s, higher is faster)");
    for (Case c : tp) {
      Outcome r = results.get(c.id);
      if (!r.ok()) {
        System.out.printf("  %-44s n/a: %s%n", c.label, indent(r.error));
        continue;
      }
      System.out.printf("  %-44s %14s%n", c.label, num(r.get("rate")));
    }
    System.out.printf("  %-48s %12s  %-13s %s%n", "ratios / values (higher is faster)", "measured",
        "target", "verdict");
    Outcome async = results.get("typedipc-async");
    Outcome rmi = results.get("rmi-threads");
    Outcome tdThreads = results.get("typedipc-threads");
    Outcome rawPipe = results.get("raw-pipelined");
    Outcome rawThreads = results.get("raw-threads");
    rateRatio(verdicts, pl, "typedipc async / raw pipelined echo", async, rawPipe, 0.10);
    rateRatio(verdicts, pl, "typedipc " + o.threads + "-thread / raw " + o.threads + "-conn blocking",
        tdThreads, rawThreads, 0.80);
    rateRatio(verdicts, pl, "typedipc blockingReads " + o.threads + "-thread / raw " + o.threads + "-conn",
        results.get("typedipc-blocking-threads"), rawThreads, 0.80);
    rateRatio(verdicts, pl, "typedipc shm async / raw pipelined echo", results.get("typedipc-shm-async"),
        rawPipe, 0.25);
    rateRatio(verdicts, pl, "(info) typedipc " + o.threads + "-thread / RMI " + o.threads + "-thread",
        tdThreads, rmi, Double.NaN);
    rateRatio(verdicts, pl, "(info) typedipc async / RMI " + o.threads + "-thread aggregate", async, rmi, Double.NaN);
    rateRatio(verdicts, pl, "(info) raw " + o.threads + "-conn / RMI " + o.threads + "-thread",
        rawThreads, rmi, Double.NaN);
  }

  static void rateRatio(List<Verdict> verdicts, Placement pl, String label, Outcome a, Outcome b,
                        double target) {
    if (a == null || b == null) {
      return;
    }
    double r = a.get("rate") / b.get("rate");
    String verdict = "";
    if (!Double.isNaN(target)) {
      Verdict v = new Verdict(pl.id, label, r, target, false);
      verdicts.add(v);
      verdict = v.known() ? (v.met() ? "met" : "MISSED") : "n/a";
    }
    System.out.printf("  %-48s %12s  %-13s %s%n", label, x(r, target),
        Double.isNaN(target) ? "" : ">= " + x(target), verdict);
  }

  static void printSummary(List<Verdict> verdicts) {
    if (verdicts.isEmpty()) {
      return;
    }
    long met = verdicts.stream().filter(Verdict::met).count();
    long unknown = verdicts.stream().filter(v -> !v.known()).count();
    System.out.println("=== Targets: " + met + " of " + verdicts.size() + " met"
        + (unknown > 0 ? " (" + unknown + " not measured)" : "") + " ===");
    verdicts.stream()
        .sorted(Comparator.comparing(Verdict::met))
        .forEach(v -> System.out.printf("  %-7s %-9s %-52s %s (target %s %s)%n",
            v.known() ? (v.met() ? "met" : "MISSED") : "n/a", v.placement, v.what,
            v.what.endsWith("calls/s") ? num(v.value) : x(v.value, v.target),
            v.atMost ? "<=" : ">=",
            v.what.endsWith("calls/s") ? num(v.target) : x(v.target)));
  }

  static String us(double nanos) {
    return Double.isNaN(nanos) ? "-" : String.format(Locale.ROOT, "%.1f", nanos / 1000);
  }

  static String x(double ratio) {
    return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "n/a"
        : String.format(Locale.ROOT, ratio < 0.1 ? "%.4fx" : "%.2fx", ratio);
  }

  /**
   * {@link #x(double)}, with a third decimal when two would print the target itself for a value
   * that differs from it (0.796 against 0.80 printed "0.80x ... MISSED").
   */
  static String x(double ratio, double target) {
    String shown = x(ratio);
    return ratio != target && shown.equals(x(target)) && ratio >= 0.1
        ? String.format(Locale.ROOT, "%.3fx", ratio) : shown;
  }

  static String num(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
  }

  static String indent(String s) {
    return s.replace("\n", "\n    ");
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort
        }
      });
    } catch (IOException ignored) {
      // already gone
    }
  }
}
