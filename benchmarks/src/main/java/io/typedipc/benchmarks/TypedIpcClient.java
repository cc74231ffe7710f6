package io.typedipc.benchmarks;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The typedipc client.
 *
 * <ul>
 *   <li>{@code case=sync}: latency of {@code increment(1)} through the generated proxy.
 *   <li>{@code case=async}: one thread issuing {@code incrementAsync(1)} with at most
 *       {@code window} calls in flight; calls/s counted on completion.
 *   <li>{@code case=threads}: {@code threads} threads calling {@code increment(1)} through one
 *       proxy of one client (which gives each thread a connection from its pool).
 * </ul>
 * {@code lowLatency=true} selects the client's low-latency mode (the server is started alike);
 * {@code blockingReads=true} the client's blocking reads.
 */
public final class TypedIpcClient {

  private TypedIpcClient() {}

  public static void main(String[] argv) {
    ChildSupport.dieWithParent();
    try {
      Map<String, String> args = ChildSupport.parse(argv);
      int port = Integer.parseInt(ChildSupport.arg(args, "port"));
      AuthKey key = AuthKey.fromFile(Path.of(ChildSupport.arg(args, "keyFile")));
      boolean lowLatency = Boolean.parseBoolean(args.getOrDefault("lowLatency", "false"));
      boolean sharedMemory = Boolean.parseBoolean(args.getOrDefault("sharedMemory", "false"));
      boolean blockingReads = Boolean.parseBoolean(args.getOrDefault("blockingReads", "false"));
      Measure.Settings s = Measure.Settings.from(args);
      ManagerClient client = ManagerClient.builder()
          .address("127.0.0.1", port)
          .authKey(key)
          .lowLatency(lowLatency)
          .sharedMemory(sharedMemory)
          .blockingReads(blockingReads)
          .connect();
      if (client.usesSharedMemory() != sharedMemory) {
        throw new IllegalStateException("asked for sharedMemory=" + sharedMemory + " but the client "
            + (sharedMemory ? "stayed on TCP" : "uses shared memory"));
      }
      BenchService bench = client.shared(BenchService.class, "bench");
      switch (ChildSupport.arg(args, "case")) {
        case "sync" -> Measure.latency(x -> bench.increment(1), s);
        case "threads" ->
            Measure.threads(ChildSupport.intArg(args, "threads", 4), t -> x -> bench.increment(1), s);
        case "async" -> async(bench, ChildSupport.intArg(args, "window", 10_000),
            Long.parseLong(args.getOrDefault("serverPid", "-1")), s);
        default -> throw new IllegalArgumentException("case=" + args.get("case"));
      }
      client.close();
      System.exit(0);
    } catch (Throwable t) {
      ChildSupport.fail(t);
      System.exit(1);
    }
  }

  /**
   * Issues {@code incrementAsync(1)} from this thread for warm-up plus measurement time, never
   * more than {@code window} unanswered: when the window is full the thread parks until half of
   * it has completed (so wake-ups are rare), then refills it. Calls/s = completions counted
   * during the measured interval. Every call must complete without error. With the Manager's
   * process id ({@code serverPid}, -1 for none) it also reports the Manager JVM's CPU per call.
   */
  static void async(BenchService bench, int window, long serverPid, Measure.Settings s) throws Exception {
    AtomicLong completed = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    Thread caller = Thread.currentThread();
    WakeAt wake = new WakeAt();

    java.util.function.BiConsumer<Integer, Throwable> onDone = (r, e) -> {
      if (e != null) {
        failed.incrementAndGet();
        firstError.compareAndSet(null, e);
      }
      long n = completed.incrementAndGet();
      if (n >= wake.value && wake.armed.getAndSet(false)) { // one wake-up per wait, not one per completion
        LockSupport.unpark(caller);
      }
    };

    long start = System.nanoTime();
    long measureFrom = start + (long) (s.warmSeconds() * 1e9);
    long end = measureFrom + (long) (s.measureSeconds() * 1e9);
    long issued = 0;
    long mayIssueUntil = 0;
    long c0 = -1;
    long t0 = 0;
    long c1;
    long t1;
    long cpu0 = 0;
    long cpu1 = 0;
    long serverCpu0 = -1;
    long serverCpu1 = -1;
    while (true) {
      if ((issued & 255) == 0) {
        long now = System.nanoTime();
        if (c0 < 0 && now >= measureFrom) {
          c0 = completed.get();
          t0 = now;
          cpu0 = ChildSupport.processCpuNanos();
          serverCpu0 = ChildSupport.processCpuNanos(serverPid);
        }
        if (now >= end || failed.get() > 0) {
          c1 = completed.get();
          t1 = now;
          cpu1 = ChildSupport.processCpuNanos();
          serverCpu1 = ChildSupport.processCpuNanos(serverPid);
          break;
        }
      }
      // the completion count, which the reader thread bumps on every completion, is read only when
      // the window last seen is used up, not on every call
      if (issued >= mayIssueUntil) {
        mayIssueUntil = completed.get() + window;
        if (issued >= mayIssueUntil) {
          wake.armed.set(true);
          wake.value = issued - window / 2;
          while (completed.get() < wake.value) {
            LockSupport.parkNanos(1_000_000);
          }
          wake.value = Long.MAX_VALUE;
          wake.armed.set(false);
          mayIssueUntil = completed.get() + window;
        }
      }
      CompletableFuture<Integer> f = bench.incrementAsync(1);
      f.whenComplete(onDone);
      issued++;
    }
    long drainDeadline = System.nanoTime() + 30_000_000_000L;
    while (completed.get() < issued && System.nanoTime() < drainDeadline) {
      Thread.sleep(1);
    }
    if (firstError.get() != null) {
      throw new IllegalStateException(failed.get() + " async calls failed", firstError.get());
    }
    if (completed.get() < issued) {
      throw new IllegalStateException(
          "only " + completed.get() + " of " + issued + " async calls completed in 30 s");
    }
    double seconds = (t1 - t0) / 1e9;
    long ops = c1 - c0;
    ChildSupport.result("type=throughput threads=1 window=" + window + " ops=" + ops
        + " seconds=" + ChildSupport.fmt(seconds) + " rate=" + ChildSupport.fmt(ops / seconds)
        + " issued=" + issued + " clientCpuNsPerCall=" + ChildSupport.fmt((double) (cpu1 - cpu0) / ops)
        + (serverCpu0 < 0 || serverCpu1 < 0 ? "" : " serverCpuNsPerCall=" + ChildSupport.fmt((double) (serverCpu1 - serverCpu0) / ops)));
  }

  private static final class WakeAt {
    volatile long value = Long.MAX_VALUE;
    /** Set while the caller waits; the completion that reaches {@link #value} first clears it and unparks. */
    final java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
  }
}
