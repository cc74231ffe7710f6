package io.typedipc.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What every server and client JVM started by {@link BenchMain} shares: arguments as
 * {@code key=value}, the line protocol to the driver, and dying with the driver.
 *
 * <p>Protocol on the child's stdout: a server prints {@code READY <port>} once it accepts
 * connections; a client prints one {@code RESULT key=value ...} line. Anything else on stdout or
 * stderr is diagnostics, shown by the driver. A child exits when its stdin reaches end-of-file
 * (the driver closed it, or the driver died) or when its parent process exits.
 */
final class ChildSupport {

  private ChildSupport() {}

  /** Halts this JVM when the driver closes our stdin or when the parent process exits. */
  static void dieWithParent() {
    Thread stdinWatch = new Thread(() -> {
      InputStream in = System.in;
      byte[] sink = new byte[256];
      try {
        while (in.read(sink) >= 0) {
          // discard; the driver never writes, it only closes
        }
      } catch (IOException ignored) {
        // treated like end-of-file
      }
      Runtime.getRuntime().halt(0);
    }, "bench-stdin-watch");
    stdinWatch.setDaemon(true);
    stdinWatch.start();
    ProcessHandle.current().parent()
        .ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
  }

  /** Parses {@code key=value} arguments. */
  static Map<String, String> parse(String[] args) {
    Map<String, String> map = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got: " + a);
      }
      map.put(a.substring(0, eq), a.substring(eq + 1));
    }
    return map;
  }

  static int intArg(Map<String, String> args, String key, int def) {
    String v = args.get(key);
    return v == null ? def : Integer.parseInt(v);
  }

  static double doubleArg(Map<String, String> args, String key, double def) {
    String v = args.get(key);
    return v == null ? def : Double.parseDouble(v);
  }

  static String arg(Map<String, String> args, String key) {
    String v = args.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing argument " + key + "=...");
    }
    return v;
  }

  /** Tells the driver which port the server listens on. */
  static void ready(int port) {
    System.out.println("READY " + port);
    System.out.flush();
  }

  /** Prints a result line for the driver; values in nanoseconds or per second. */
  static void result(String text) {
    System.out.println("RESULT " + text);
    System.out.flush();
  }

  /** Prints a failure line for the driver (the client then exits non-zero). */
  static void fail(Throwable t) {
    String msg = (t.getClass().getSimpleName() + ": " + t.getMessage()).replace('\n', ' ');
    System.out.println("RESULT error=" + msg.replace(' ', '_'));
    System.out.flush();
    t.printStackTrace();
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /**
   * CPU time (user and system, all threads) of process {@code pid} so far, in nanoseconds, from
   * {@code /proc/<pid>/stat} in clock ticks of 10 ms; -1 where that cannot be read (for a
   * {@code pid} of -1 too).
   */
  static long processCpuNanos(long pid) {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // f[0] is field 3, the state
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // fields 14 and 15
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  /** CPU time of this whole JVM (all its threads) so far, in nanoseconds. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
