package io.typedipc.example.cluster;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.example.Counter;
import io.typedipc.example.Options;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Cluster mode under a {@code kill -9}: three Managers, each a Hazelcast member in its own JVM
 * ({@link FailoverMember}: TCP-IP join on loopback, multicast off), and four client JVMs ({@link
 * FailoverClient}) that increment one shared counter and put to a shared map and queue. A third of
 * the way through, the first member is killed with {@code kill -9}; its clients move to the
 * others and everyone carries on. At the end: the counter is at least the number of increments
 * acknowledged to clients and at most that plus the ones that failed as indeterminate, the
 * acknowledged values are all distinct, and nothing acknowledged is missing from the map or the
 * queue.
 *
 * <p>Run: {@code mvn -B -q -Pexample -DskipTests verify -Dexample=cluster.Failover} (options:
 * {@code -Dexample.args="--clients 4 --ops 300 --timeout-seconds 300"}). Prints {@code RESULT:
 * PASS} and exits 0 when every check holds.
 */
public final class Failover {
  static final String KEY_ENV = "TYPEDIPC_FAILOVER_KEY";

  private Failover() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, Set.of("clients", "ops", "timeout-seconds"));
    int clients = options.positiveInt("clients", 4);
    int ops = options.positiveInt("ops", 300);
    long timeoutNanos = TimeUnit.SECONDS.toNanos(options.positiveInt("timeout-seconds", 300));
    long deadline = System.nanoTime() + timeoutNanos;
    AuthKey key = AuthKey.generate();
    String cluster = "typedipc-failover-" + UUID.randomUUID();
    List<Integer> hzPorts = List.of(freePort(), freePort(), freePort());
    String hzList = String.join(",", hzPorts.stream().map(String::valueOf).toList());
    List<Child> members = new ArrayList<>();
    List<Child> workers = new ArrayList<>();
    Path dir = Files.createTempDirectory("typedipc-failover");
    boolean pass = false;
    try {
      for (int port : hzPorts) {
        members.add(Child.start(key, "member", FailoverMember.class, cluster, String.valueOf(port), hzList));
      }
      List<Integer> ports = new ArrayList<>();
      for (Child m : members) {
        ports.add(Integer.parseInt(m.await("READY ", deadline)));
      }
      System.out.println("3 Managers in one Hazelcast cluster, typedipc ports " + ports);
      String portList = String.join(",", ports.stream().map(String::valueOf).toList());
      for (int i = 0; i < clients; i++) {
        workers.add(Child.start(key, "client-" + i, FailoverClient.class, String.valueOf(i), String.valueOf(ops),
            dir.resolve("client-" + i).toString(), portList));
      }
      for (Child w : workers) {
        w.await("THIRD", deadline);
      }
      System.out.println("kill -9 of the Manager on port " + ports.get(0) + " (pid " + members.get(0).process.pid() + ")");
      members.get(0).process.destroyForcibly();
      members.get(0).process.waitFor(30, TimeUnit.SECONDS);
      for (Child w : workers) {
        System.out.println("client " + w.name + ": " + w.await("DONE ", deadline));
      }

      List<Integer> acked = new ArrayList<>();
      int indeterminate = 0;
      Map<String, Integer> mapPuts = new HashMap<>();
      Set<String> queuePuts = new HashSet<>();
      for (int i = 0; i < clients; i++) {
        for (String line : Files.readAllLines(dir.resolve("client-" + i), StandardCharsets.UTF_8)) {
          String[] f = line.split(" ");
          switch (f[0]) {
            case "A" -> acked.add(Integer.parseInt(f[1]));
            case "I" -> indeterminate += Integer.parseInt(f[1]);
            case "M" -> mapPuts.put(f[1], Integer.parseInt(f[2]));
            case "Q" -> queuePuts.add(f[1]);
            default -> throw new IllegalStateException("bad report line " + line);
          }
        }
      }
      try (ManagerClient client = ManagerClient.connect("127.0.0.1", ports.get(1), key)) {
        int counter = client.shared(Counter.class, "hits").get();
        SharedMap<String, Integer> ledger = client.map("ledger");
        int missingFromMap = 0;
        for (Map.Entry<String, Integer> e : mapPuts.entrySet()) {
          if (!e.getValue().equals(ledger.get(e.getKey()))) {
            missingFromMap++;
          }
        }
        SharedQueue<String> work = client.queue("work", String.class);
        Set<String> inQueue = new HashSet<>();
        for (String item; (item = work.poll()) != null; ) {
          inQueue.add(item);
        }
        Set<String> missingFromQueue = new HashSet<>(queuePuts);
        missingFromQueue.removeAll(inQueue);
        boolean distinct = new HashSet<>(acked).size() == acked.size();
        System.out.printf("counter %d; %d increments acknowledged, %d indeterminate; acknowledged values distinct: %s%n",
            counter, acked.size(), indeterminate, distinct);
        System.out.printf("map: %d acknowledged puts, %d missing; queue: %d acknowledged puts, %d missing%n",
            mapPuts.size(), missingFromMap, queuePuts.size(), missingFromQueue.size());
        pass = counter >= acked.size() && counter <= acked.size() + indeterminate && distinct
            && missingFromMap == 0 && missingFromQueue.isEmpty();
      }
    } finally {
      for (Child c : workers) {
        c.close();
      }
      for (Child c : members) {
        c.close();
      }
    }
    System.out.println(pass ? "RESULT: PASS" : "RESULT: FAIL");
    System.exit(pass ? 0 : 1);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A child JVM with this JVM's classpath, its output echoed with a prefix and searchable. */
  private static final class Child implements AutoCloseable {
    final String name;
    final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Child(String name, Process process) {
      this.name = name;
      this.process = process;
      Thread pump = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (IOException e) {
          // gone
        }
      }, "output-" + name);
      pump.setDaemon(true);
      pump.start();
    }

    static Child start(AuthKey key, String name, Class<?> main, String... args) throws IOException {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          // what Hazelcast asks for on Java 9+ (it works without, slower, and says so at start)
          "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens", "java.management/sun.management=ALL-UNNAMED",
          "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), main.getName()));
      command.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put(KEY_ENV, key.toBase64()); // never on the command line
      return new Child(name, pb.start());
    }

    /** The rest of the first line starting with {@code prefix}; other lines are echoed. */
    String await(String prefix, long deadline) throws InterruptedException {
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left > 0 ? lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS) : null;
        if (line == null) {
          if (left <= 0 || (!process.isAlive() && lines.isEmpty())) {
            throw new IllegalStateException(name + " did not print '" + prefix + "'" + (process.isAlive() ? " in time" : ": it exited"));
          }
          continue;
        }
        if (line.startsWith(prefix)) {
          return line.substring(prefix.length()).trim();
        }
        System.out.println("[" + name + "] " + line);
      }
    }

    @Override
    public void close() throws InterruptedException {
      try {
        process.getOutputStream().close();
      } catch (IOException ignored) {
        // gone
      }
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
