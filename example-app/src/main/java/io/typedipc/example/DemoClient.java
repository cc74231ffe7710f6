package io.typedipc.example;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One client JVM of the {@link Demo} — the body of the Python seed's child process:
 *
 * <pre>{@code
 * def f(d, l):                      # runs in each Process(target=f, args=(d, l))
 *     d[os.getpid()] = os.getpid()  # through the Manager's proxies
 *     l.append(os.getpid())
 * }</pre>
 *
 * <p>It connects to the Manager (the auth key comes from the {@value Demo#AUTH_KEY_VARIABLE}
 * environment variable, never from the command line), tries one transfer that must overdraw, counts
 * with {@link Counter#increment()} and moves money with {@link Ledger#transfer} while pipelining
 * {@link Ledger#totalAsync()} audits. It checks what it can see alone — its counter values are
 * unique, every audit saw the same total — and writes its counter values and a report to the
 * {@code --out} directory, so the Demo can check across all clients. Exit status 0 means its own
 * checks passed.
 */
public final class DemoClient {
  private DemoClient() {}

  /** The report and values files of client {@code id} in {@code dir}. */
  static Path reportFile(Path dir, int id) {
    return dir.resolve("client-" + id + ".properties");
  }

  static Path valuesFile(Path dir, int id) {
    return dir.resolve("client-" + id + ".values");
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args, Set.of("id", "port", "increments", "transfers", "out"));
    int id = options.positiveInt("id", 1);
    int port = options.port("port", 0);
    int increments = options.positiveInt("increments", 5_000);
    int transfers = options.positiveInt("transfers", 2_000);
    Path out = Path.of(options.string("out"));

    AuthKey key = AuthKey.fromEnvironment(Demo.AUTH_KEY_VARIABLE);
    boolean ok;
    try (ManagerClient client = ManagerClient.connect("127.0.0.1", port, key)) {
      Counter counter = client.shared(Counter.class, "counter");
      Ledger ledger = client.shared(Ledger.class, "ledger");
      say("connected to the Manager at 127.0.0.1:%d (pid %d)", port, ProcessHandle.current().pid());

      boolean overdraftRefused = overdraw(ledger, id);

      // The Python child's `l.append(...)` in a loop: each increment() is one remote call.
      long start = System.nanoTime();
      int[] values = new int[increments];
      for (int i = 0; i < increments; i++) {
        values[i] = counter.increment();
      }
      // One thread calling one after the other: every value must be larger than the one before,
      // which also makes them unique. Across clients, the Demo checks they never collide.
      boolean unique = strictlyIncreasing(values);
      say("%,d increments: %s (first %,d, last %,d) in %d ms",
          increments, unique ? "all values unique" : "DUPLICATE OR OUT-OF-ORDER VALUES",
          values[0], values[increments - 1], millisSince(start));

      start = System.nanoTime();
      TransferStats stats = transfer(ledger, id, transfers);
      say("%,d transfers (%,d done, %,d declined) with %,d pipelined totalAsync() audits: %s in %d ms",
          transfers, stats.done, stats.declined, stats.audits,
          stats.auditTotal >= 0 ? "every audit saw " + Money.format(stats.auditTotal) : "AUDITS DISAGREE",
          millisSince(start));

      writeValues(valuesFile(out, id), values);
      Properties report = new Properties();
      report.setProperty("increments", Integer.toString(increments));
      report.setProperty("unique", Boolean.toString(unique));
      report.setProperty("transfersDone", Integer.toString(stats.done));
      report.setProperty("transfersDeclined", Integer.toString(stats.declined));
      report.setProperty("auditTotal", Long.toString(stats.auditTotal));
      report.setProperty("overdraftRefused", Boolean.toString(overdraftRefused));
      try (Writer w = Files.newBufferedWriter(reportFile(out, id))) {
        report.store(w, "typedipc demo client " + id);
      }
      ok = unique && stats.auditTotal >= 0 && overdraftRefused;
    }
    System.exit(ok ? 0 : 1);
  }

  /**
   * Asks for more money than exists in the whole ledger: the Manager must refuse, and the declared
   * {@link InsufficientFundsException} must arrive here as itself, with its fields.
   */
  private static boolean overdraw(Ledger ledger, int id) {
    List<String> accounts = Demo.ACCOUNTS;
    String from = accounts.get(id % accounts.size());
    String to = accounts.get((id + 1) % accounts.size());
    long everything = ledger.totalAsync().join();
    try {
      ledger.transfer(from, to, everything + 1);
      say("transfer(%s -> %s, %s) was NOT refused", from, to, Money.format(everything + 1));
      return false;
    } catch (InsufficientFundsException e) {
      say("transfer(%s -> %s, %s) refused as expected: %s: %s",
          from, to, Money.format(everything + 1), e.getClass().getSimpleName(), e.getMessage());
      say("  fields that crossed the wire: account=%s balance=%d requested=%d", e.account(), e.balance(), e.requested());
      return e.account().equals(from) && e.requested() == everything + 1 && e.balance() <= everything;
    }
  }

  private static final class TransferStats {
    int done;
    int declined;
    int audits;
    long auditTotal = -1; // the one total every audit saw, or -1 if they disagree
  }

  /**
   * Random transfers between the demo accounts; every tenth one also fires an asynchronous
   * {@code totalAsync()} without waiting for it. Each transfer runs alone on the Manager, so every
   * audit, whenever it runs, must see the same total.
   */
  private static TransferStats transfer(Ledger ledger, int id, int count) {
    List<String> accounts = Demo.ACCOUNTS;
    Random random = new Random(id);
    List<CompletableFuture<Long>> audits = new ArrayList<>();
    TransferStats stats = new TransferStats();
    for (int i = 0; i < count; i++) {
      int a = random.nextInt(accounts.size());
      int b = (a + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
      long cents = 1 + random.nextInt(10_000); // up to $100.00
      try {
        ledger.transfer(accounts.get(a), accounts.get(b), cents);
        stats.done++;
      } catch (InsufficientFundsException e) {
        stats.declined++;
      }
      if (i % 10 == 0) {
        audits.add(ledger.totalAsync()); // returns at once; the reply comes later
      }
    }
    List<Long> totals = audits.stream().map(CompletableFuture::join).distinct().toList();
    stats.audits = audits.size();
    stats.auditTotal = totals.size() == 1 ? totals.get(0) : -1;
    return stats;
  }

  private static boolean strictlyIncreasing(int[] values) {
    for (int i = 1; i < values.length; i++) {
      if (values[i] <= values[i - 1]) {
        return false;
      }
    }
    return true;
  }

  private static void writeValues(Path file, int[] values) throws IOException {
    StringBuilder text = new StringBuilder(values.length * 7);
    for (int v : values) {
      text.append(v).append('\n');
    }
    Files.writeString(file, text);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
