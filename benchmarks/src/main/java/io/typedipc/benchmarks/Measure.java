package io.typedipc.benchmarks;

import java.util.Arrays;
import java.util.function.IntFunction;

/** The measuring loops shared by all clients, so every system is timed the same way. */
final class Measure {

  private Measure() {}

  /** One synchronous call: sends {@code x}, returns the reply. */
  @FunctionalInterface
  interface IntCall {
    int call(int x) throws Exception;
  }

  /** Measurement settings passed from the driver. */
  record Settings(int warmupCalls, double warmupSeconds, int calls, double maxSeconds,
                  double warmSeconds, double measureSeconds) {

    static Settings from(java.util.Map<String, String> args) {
      return new Settings(
          ChildSupport.intArg(args, "warmup", 20_000),
          ChildSupport.doubleArg(args, "warmupSeconds", 1),
          ChildSupport.intArg(args, "calls", 100_000),
          ChildSupport.doubleArg(args, "maxSeconds", 8),
          ChildSupport.doubleArg(args, "warmSeconds", 1),
          ChildSupport.doubleArg(args, "measureSeconds", 3));
    }
  }

  /**
   * Sync round-trip latency: untimed calls, at least {@code warmupCalls} of them and for at least
   * {@code warmupSeconds} (so that the JIT has compiled the path however fast each call is), then
   * up to {@code calls} timed calls (stopping early after {@code maxSeconds}), each timed with
   * {@link System#nanoTime()}. Prints the RESULT line with percentiles in nanoseconds.
   */
  static void latency(IntCall call, Settings s) throws Exception {
    int sink = 0;
    long warmUntil = System.nanoTime() + (long) (s.warmupSeconds() * 1e9);
    for (int i = 0; ; i++) {
      if (i >= s.warmupCalls() && (i & 1023) == 0 && System.nanoTime() - warmUntil >= 0) {
        break;
      }
      sink += call.call(i);
    }
    long[] lat = new long[s.calls()];
    long start = System.nanoTime();
    long deadline = start + (long) (s.maxSeconds() * 1e9);
    int n = 0;
    while (n < lat.length) {
      long t0 = System.nanoTime();
      sink += call.call(n);
      long t1 = System.nanoTime();
      lat[n++] = t1 - t0;
      if ((n & 1023) == 0 && t1 > deadline) {
        break;
      }
    }
    long elapsed = System.nanoTime() - start;
    lat = Arrays.copyOf(lat, n);
    Arrays.sort(lat);
    double sum = 0;
    for (long l : lat) {
      sum += l;
    }
    ChildSupport.result("type=latency n=" + n
        + " p50=" + pct(lat, 0.50) + " p90=" + pct(lat, 0.90) + " p99=" + pct(lat, 0.99)
        + " p999=" + pct(lat, 0.999) + " min=" + lat[0] + " max=" + lat[n - 1]
        + " mean=" + ChildSupport.fmt(sum / n)
        + " rate=" + ChildSupport.fmt(n / (elapsed / 1e9))
        + " sink=" + (sink & 1));
  }

  private static long pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /**
   * Aggregate calls/s of {@code threads} threads, each calling synchronously in a loop through
   * the call made for it by {@code perThread} (its own connection, or a shared stub): warm for
   * {@code warmSeconds}, then count calls for {@code measureSeconds}.
   */
  static void threads(int threads, IntFunction<IntCall> perThread, Settings s) throws Exception {
    IntCall[] calls = new IntCall[threads];
    for (int t = 0; t < threads; t++) {
      calls[t] = perThread.apply(t);
    }
    Phase phase = new Phase();
    long[][] counts = new long[threads][16]; // padded, one row per thread
    Throwable[] failure = new Throwable[1];
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      final int id = t;
      workers[t] = new Thread(() -> {
        IntCall c = calls[id];
        long count = 0;
        int x = 0;
        try {
          int p;
          while ((p = phase.value) != 2) {
            c.call(x++);
            if (p == 1) {
              count++;
            }
          }
        } catch (Throwable e) {
          synchronized (failure) {
            failure[0] = e;
          }
        }
        counts[id][8] = count;
      }, "bench-worker-" + t);
      workers[t].start();
    }
    Thread.sleep((long) (s.warmSeconds() * 1000));
    long t0 = System.nanoTime();
    phase.value = 1;
    Thread.sleep((long) (s.measureSeconds() * 1000));
    phase.value = 2;
    long t1 = System.nanoTime();
    for (Thread w : workers) {
      w.join();
    }
    synchronized (failure) {
      if (failure[0] instanceof Exception e) {
        throw e;
      } else if (failure[0] != null) {
        throw new RuntimeException(failure[0]);
      }
    }
    long total = 0;
    for (long[] c : counts) {
      total += c[8];
    }
    double seconds = (t1 - t0) / 1e9;
    ChildSupport.result("type=throughput threads=" + threads + " ops=" + total
        + " seconds=" + ChildSupport.fmt(seconds) + " rate=" + ChildSupport.fmt(total / seconds));
  }

  /** 0 = warming up, 1 = measuring, 2 = stop. */
  static final class Phase {
    volatile int value;
  }
}
