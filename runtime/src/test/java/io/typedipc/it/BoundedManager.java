package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A {@link BoundedManagerMain} in its own JVM (256 MiB of heap, exiting on {@code
 * OutOfMemoryError} so that running out of memory is seen, not limped through), and the questions
 * a test asks it: heap, threads, file descriptors.
 */
final class BoundedManager implements AutoCloseable {
  final AuthKey key = AuthKey.generate();
  final ChildJvm jvm;
  final int port;
  private int seq;

  /** What the Manager JVM reported. */
  record Stats(long heap, int threads, int peakThreads, long fds, long sockets) {
    long heapMiB() {
      return heap >> 20;
    }
  }

  private BoundedManager(List<String> launcher, List<String> jvmOptions, String... settings) throws InterruptedException {
    List<String> options = new ArrayList<>(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
    options.addAll(jvmOptions);
    this.jvm = ChildJvm.startUnder(launcher, options, BoundedManagerMain.class, key, settings);
    this.port = Integer.parseInt(jvm.awaitLine("PORT", Duration.ofSeconds(30)));
  }

  /** Starts a Manager with these {@code name=value} settings (see {@link BoundedManagerMain}). */
  static BoundedManager start(String... settings) throws InterruptedException {
    return new BoundedManager(List.of(), List.of(), settings);
  }

  /** {@link #start(String...)} with extra JVM options. */
  static BoundedManager start(List<String> jvmOptions, String... settings) throws InterruptedException {
    return new BoundedManager(List.of(), jvmOptions, settings);
  }

  /**
   * {@link #start(String...)} with the JVM started by {@code launcher} (a command that ends by
   * running its arguments, e.g. {@code sh -c 'ulimit -n 200 && exec "$@"' sh}).
   */
  static BoundedManager startUnder(List<String> launcher, String... settings) throws InterruptedException {
    return new BoundedManager(launcher, List.of(), settings);
  }

  /** Heap used (after a full GC if {@code gc}), threads, file descriptors. */
  synchronized Stats stats(boolean gc) throws InterruptedException {
    assertAlive();
    int n = ++seq;
    jvm.send("stats " + n + (gc ? " gc" : ""));
    String line = jvm.awaitLine("STATS " + n + " ", Duration.ofSeconds(30));
    long heap = 0;
    int threads = 0;
    int peak = 0;
    long fds = 0;
    long sockets = 0;
    for (String field : line.split(" ")) {
      String[] kv = field.split("=");
      switch (kv[0]) {
        case "heap" -> heap = Long.parseLong(kv[1]);
        case "threads" -> threads = Integer.parseInt(kv[1]);
        case "peakThreads" -> peak = Integer.parseInt(kv[1]);
        case "fds" -> fds = Long.parseLong(kv[1]);
        case "sockets" -> sockets = Long.parseLong(kv[1]);
        default -> {
          // a field this test does not know
        }
      }
    }
    return new Stats(heap, threads, peak, fds, sockets);
  }

  /** The peak thread count starts over from the live count. */
  synchronized void resetPeakThreads() throws InterruptedException {
    int n = ++seq;
    jvm.send("resetPeak " + n);
    jvm.awaitLine("OK " + n, Duration.ofSeconds(30));
  }

  /** Fails, with the Manager's output, if its JVM has exited (e.g. on {@code OutOfMemoryError}). */
  void assertAlive() {
    assertTrue(jvm.isAlive(), () -> "the Manager JVM died; its output:\n" + tail(jvm.output()));
  }

  /** A client with a single connection and a 5 s call timeout, so that a stall fails instead of hanging. */
  ManagerClient client() {
    return client(Duration.ofSeconds(5));
  }

  /** A client with a single connection and the given call timeout. */
  ManagerClient client(Duration callTimeout) {
    return ManagerClient.builder().address("127.0.0.1", port).authKey(key).connections(1)
        .callTimeout(callTimeout).register(Poison.class).connect();
  }

  /**
   * Waits until the Manager's output (its log included) contains {@code fragment}; returns the
   * first line containing it. Does not consume lines, so {@link #stats} may be used meanwhile.
   */
  String awaitOutput(String fragment, Duration timeout) throws InterruptedException {
    return jvm.awaitOutput(fragment, timeout);
  }

  /** A new client can connect and call "service". */
  /** A new client connects and calls within 10 s (the Manager may take a moment to see sockets go). */
  void assertServesSoon() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        assertServes();
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() - deadline > 0) {
          throw e;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
  }

  void assertServes() {
    assertServes("service");
  }

  /** A new client can connect and call {@code object}. */
  void assertServes(String object) {
    assertAlive();
    try (ManagerClient client = client()) {
      assertEquals("after", client.shared(TestService.class, object).echo("after"));
    }
  }

  /** How much the heap after a GC grew while {@code step} ran {@code times} times (given 0 to times-1); printed. */
  long heapGrowth(int times, String what, IntConsumer step) throws InterruptedException {
    long before = stats(true).heap();
    for (int i = 0; i < times; i++) {
      step.accept(i);
    }
    assertAlive();
    long grew = stats(true).heap() - before;
    System.out.println(times + " " + what + ": heap after GC grew by " + (grew >> 10) + " KiB");
    return grew;
  }

  static String tail(String output) {
    return ChildJvm.tail(output);
  }

  @Override
  public void close() {
    jvm.close();
  }
}
