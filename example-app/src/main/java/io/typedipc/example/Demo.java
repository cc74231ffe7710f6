package io.typedipc.example;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The demo: one Manager, several client JVMs, thousands of calls, and proof that nothing was lost.
 *
 * <p>It ports the Manager example of the Python seeds:
 *
 * <pre>{@code
 * if __name__ == '__main__':
 *     with Manager() as manager:
 *         d = manager.dict()
 *         l = manager.list(range(5))
 *         p_list = []
 *         for i in range(10):
 *             p = Process(target=f, args=(d, l))   # f: d[pid] = pid; l.append(pid)
 *             p.start()
 *             p_list.append(p)
 *         for res in p_list:
 *             res.join()
 *         print(d)
 *         print(l)
 * }</pre>
 *
 * <p>and answers the seed's question "这边要不要加锁?" (do I need a lock here?) with a measurement:
 * the Manager runs the calls to each shared object one at a time, so a plain {@link CounterImpl}
 * and {@link LedgerImpl} shared with many JVMs lose nothing.
 *
 * <p>Steps: generate an {@link AuthKey}; start a {@link Manager} in this JVM sharing a {@link
 * Counter} and a {@link Ledger}; start {@code --clients} separate JVMs running {@link DemoClient}
 * (the key passed in the {@value #AUTH_KEY_VARIABLE} environment variable); wait for them; then
 * check, through a {@link ManagerClient} of its own, that the counter equals clients × increments,
 * that the values the clients got are all distinct, and that the ledger still holds exactly the
 * money deposited. Prints PASS/FAIL per check and exits with 1 if any failed.
 *
 * <p>Options: {@code --clients N} (default 3), {@code --increments N} per client (default 5,000),
 * {@code --transfers N} per client (default 2,000), {@code --timeout-seconds N} (default 120).
 */
public final class Demo {
  /** The environment variable that carries the auth key to the client JVMs. */
  public static final String AUTH_KEY_VARIABLE = "TYPEDIPC_AUTH_KEY";

  /** The ledger's accounts; each opens with {@link #OPENING_BALANCE_CENTS}. */
  static final List<String> ACCOUNTS = List.of("alice", "bob", "carol", "dave");

  /** $10,000.00 per account. */
  static final long OPENING_BALANCE_CENTS = 1_000_000;

  private final int clients;
  private final int increments;
  private final int transfers;
  private final long timeoutSeconds;
  private final List<String> failures = new ArrayList<>();

  private Demo(int clients, int increments, int transfers, long timeoutSeconds) {
    this.clients = clients;
    this.increments = increments;
    this.transfers = transfers;
    this.timeoutSeconds = timeoutSeconds;
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, Set.of("clients", "increments", "transfers", "timeout-seconds"));
    Demo demo = new Demo(
        options.positiveInt("clients", 3),
        options.positiveInt("increments", 5_000),
        options.positiveInt("transfers", 2_000),
        options.positiveInt("timeout-seconds", 120));
    System.exit(demo.run() ? 0 : 1);
  }

  private boolean run() throws Exception {
    long start = System.nanoTime();
    say("typedipc demo: %d client JVMs x (%,d increments + %,d transfers) against one Manager",
        clients, increments, transfers);

    // The Manager's objects are ordinary Java objects; open the accounts before sharing them.
    LedgerImpl bank = new LedgerImpl();
    for (String account : ACCOUNTS) {
      bank.deposit(account, OPENING_BALANCE_CENTS);
    }
    long deposited = ACCOUNTS.size() * OPENING_BALANCE_CENTS;

    AuthKey key = AuthKey.generate();
    Path work = Files.createTempDirectory("typedipc-demo-");
    try (Manager manager = Manager.builder()
        .address(0) // 127.0.0.1, any free port
        .authKey(key)
        .share(Counter.class, "counter", new CounterImpl())
        .share(Ledger.class, "ledger", bank)
        .start()) {
      say("Manager listening on 127.0.0.1:%d, sharing 'counter' (Counter) and 'ledger' (Ledger, %s in %d accounts)",
          manager.port(), Money.format(deposited), ACCOUNTS.size());

      // Python: p = Process(target=f, args=(d, l)); p.start() — here each client is a new JVM.
      List<Process> processes = new ArrayList<>();
      List<Thread> forwarders = new ArrayList<>();
      for (int id = 1; id <= clients; id++) {
        Process process = startClient(id, manager.port(), key, work);
        processes.add(process);
        forwarders.add(forward(process, "[client-" + id + "] "));
      }
      // Python: for res in p_list: res.join()
      List<Integer> exitCodes = waitFor(processes);
      for (Thread forwarder : forwarders) {
        forwarder.join(TimeUnit.SECONDS.toMillis(5));
      }

      // Python: print(d); print(l) — read the results through a proxy, like any other client.
      try (ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
        Counter counter = client.shared(Counter.class, "counter");
        Ledger ledger = client.shared(Ledger.class, "ledger");
        int finalCount = counter.get();
        Map<String, Long> balances = ledger.balances();
        long total = ledger.totalAsync().get(10, TimeUnit.SECONDS);
        List<Transfer> lastTransfers = ledger.history(3);

        say("");
        say("balances: %s", formatBalances(balances));
        say("last transfers: %s", lastTransfers);
        say("");
        check(exitCodes, finalCount, balances, total, deposited, lastTransfers, work);
      }
    } finally {
      deleteRecursively(work);
    }

    say("");
    if (failures.isEmpty()) {
      say("RESULT: PASS (%d client JVMs, %,d increments and %,d transfers checked, %.1f s)",
          clients, (long) clients * increments, (long) clients * transfers, (System.nanoTime() - start) / 1e9);
      return true;
    }
    say("RESULT: FAIL (%d of the checks above failed)", failures.size());
    return false;
  }

  /** Starts {@code java -cp <this JVM's classpath> DemoClient ...}; the key goes in the environment. */
  private Process startClient(int id, int port, AuthKey key, Path work) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(
        java, "-cp", System.getProperty("java.class.path"), DemoClient.class.getName(),
        "--id", Integer.toString(id),
        "--port", Integer.toString(port),
        "--increments", Integer.toString(increments),
        "--transfers", Integer.toString(transfers),
        "--out", work.toString());
    builder.environment().put(AUTH_KEY_VARIABLE, key.toBase64()); // never on the command line
    builder.redirectErrorStream(true);
    return builder.start();
  }

  /** Copies a child's output to ours, each line prefixed. */
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

  /** Waits for every client up to the timeout; a client still running then is killed (exit -1). */
  private List<Integer> waitFor(List<Process> processes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    List<Integer> exitCodes = new ArrayList<>();
    for (Process process : processes) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (process.waitFor(left, TimeUnit.NANOSECONDS)) {
        exitCodes.add(process.exitValue());
      } else {
        process.destroyForcibly();
        exitCodes.add(-1);
      }
    }
    return exitCodes;
  }

  private void check(List<Integer> exitCodes, int finalCount, Map<String, Long> balances, long total,
      long deposited, List<Transfer> lastTransfers, Path work) throws IOException {
    int expectedCount = clients * increments;

    List<String> failed = new ArrayList<>();
    for (int i = 0; i < exitCodes.size(); i++) {
      if (exitCodes.get(i) != 0) {
        int code = exitCodes.get(i);
        failed.add("client-" + (i + 1) + (code == -1 ? " timed out after " + timeoutSeconds + " s" : " exited " + code));
      }
    }
    verdict(failed.isEmpty(), "all %d client JVMs finished their own checks (exit 0)%s",
        clients, failed.isEmpty() ? "" : ": " + String.join(", ", failed));

    verdict(finalCount == expectedCount, "counter = %,d (expected %d clients x %,d increments = %,d)",
        finalCount, clients, increments, expectedCount);

    // Every increment() result, from every client: all distinct, exactly 1..expectedCount.
    BitSet seen = new BitSet(expectedCount + 1);
    long results = 0;
    long duplicates = 0;
    long outOfRange = 0;
    for (int id = 1; id <= clients; id++) {
      Path file = DemoClient.valuesFile(work, id);
      if (!Files.exists(file)) {
        continue;
      }
      try (Stream<String> lines = Files.lines(file)) {
        for (String line : (Iterable<String>) lines::iterator) {
          int value = Integer.parseInt(line);
          results++;
          if (value < 1 || value > expectedCount) {
            outOfRange++;
          } else if (seen.get(value)) {
            duplicates++;
          } else {
            seen.set(value);
          }
        }
      }
    }
    verdict(results == expectedCount && duplicates == 0 && outOfRange == 0,
        "%,d increment() results across clients, all distinct, exactly 1..%,d (expected %,d; duplicates %,d, out of range %,d)",
        results, expectedCount, expectedCount, duplicates, outOfRange);

    long sum = balances.values().stream().mapToLong(Long::longValue).sum();
    verdict(sum == deposited && total == deposited,
        "money conserved: sum of balances = %s = %,d cents (expected the initial deposits, %d x %s = %,d cents; totalAsync() = %,d)",
        Money.format(sum), sum, ACCOUNTS.size(), Money.format(OPENING_BALANCE_CENTS), deposited, total);

    long done = 0;
    int refused = 0;
    boolean auditsOk = true;
    for (int id = 1; id <= clients; id++) {
      Path file = DemoClient.reportFile(work, id);
      if (!Files.exists(file)) {
        auditsOk = false;
        continue;
      }
      Properties report = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        report.load(r);
      }
      done += Long.parseLong(report.getProperty("transfersDone", "0"));
      refused += Boolean.parseBoolean(report.getProperty("overdraftRefused")) ? 1 : 0;
      auditsOk &= Long.parseLong(report.getProperty("auditTotal", "-1")) == deposited;
    }
    long booked = lastTransfers.isEmpty() ? 0 : lastTransfers.get(lastTransfers.size() - 1).seq();
    verdict(booked == done, "ledger booked %,d transfers (expected %,d, the sum of the clients' successful transfers)",
        booked, done);
    verdict(auditsOk, "every pipelined totalAsync() audit during the transfers saw %s", Money.format(deposited));
    verdict(refused == clients, "%d of %d deliberate overdrafts arrived as InsufficientFundsException with their fields",
        refused, clients);
  }

  private void verdict(boolean passed, String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    say("%s  %s", passed ? "PASS" : "FAIL", line);
    if (!passed) {
      failures.add(line);
    }
  }

  private static String formatBalances(Map<String, Long> balances) {
    List<String> parts = new ArrayList<>();
    balances.forEach((account, cents) -> parts.add(account + "=" + Money.format(cents)));
    return "{" + String.join(", ", parts) + "}";
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
