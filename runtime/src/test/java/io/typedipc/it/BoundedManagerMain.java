package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.Dispatch;
import io.typedipc.Manager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A Manager in its own JVM whose bounds are set from the command line, for the tests of those
 * bounds. Shares {@link TestService}s "service" and "other" (serial) and "concurrent" ({@link
 * Dispatch#CONCURRENT}) and a {@link PoisonSink} "sink", and
 * registers {@link Poison}. Prints {@code PORT n} when ready.
 *
 * <p>Arguments are {@code name=value} pairs, each setting the {@link Manager.Builder} method of
 * that name: {@code maxFrameSize}, {@code maxConnections}, {@code maxHandshakes}, {@code
 * maxCallsInFlight}, {@code maxCallBytesInFlight}, {@code maxArgumentBytes}, {@code maxReplyBytes}, {@code maxParkedCalls},
 * {@code maxQueuedCallsPerObject} (numbers), and {@code idleTimeout}, {@code handshakeTimeout},
 * {@code writeStallTimeout} (in milliseconds), and {@code sharedMemory} (1: on, whatever this run's
 * transport).
 *
 * <p>Reads commands on stdin, one a line, and exits when stdin closes:
 *
 * <ul>
 *   <li>{@code stats SEQ [gc]}: prints {@code STATS SEQ heap=B threads=N peakThreads=N fds=N
 *       sockets=N}: heap used in bytes (after {@code System.gc()} if {@code gc} is given), live
 *       threads, the most threads alive at once since the last {@code resetPeak}, open file
 *       descriptors and those of them that are sockets (-1 where {@code /proc/self/fd} does not
 *       exist).
 *   <li>{@code resetPeak SEQ}: restarts the peak thread count from the live count; prints {@code
 *       OK SEQ}.
 * </ul>
 */
public final class BoundedManagerMain {
  public static void main(String[] args) throws Exception {
    Manager.Builder builder = TestTransport.manager(Manager.builder())
        .address(0)
        .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV))
        .share(TestService.class, "service", new TestServiceImpl())
        .share(TestService.class, "other", new TestServiceImpl())
        .share(TestService.class, "concurrent", new TestServiceImpl(), Dispatch.CONCURRENT)
        .share(PoisonSink.class, "sink", new PoisonSinkImpl())
        .register(Poison.class);
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("expected name=value, got " + arg);
      }
      String name = arg.substring(0, eq);
      long value = Long.parseLong(arg.substring(eq + 1));
      switch (name) {
        case "maxFrameSize" -> builder.maxFrameSize((int) value);
        case "maxConnections" -> builder.maxConnections((int) value);
        case "maxHandshakes" -> builder.maxHandshakes((int) value);
        case "maxCallsInFlight" -> builder.maxCallsInFlight((int) value);
        case "maxCallBytesInFlight" -> builder.maxCallBytesInFlight((int) value);
        case "maxArgumentBytes" -> builder.maxArgumentBytes((int) value);
        case "maxReplyBytes" -> builder.maxReplyBytes((int) value);
        case "maxParkedCalls" -> builder.maxParkedCalls((int) value);
        case "maxParkedCallsTotal" -> builder.maxParkedCallsTotal((int) value);
        case "maxQueuedCallsPerObject" -> builder.maxQueuedCallsPerObject((int) value);
        case "idleTimeout" -> builder.idleTimeout(Duration.ofMillis(value));
        case "handshakeTimeout" -> builder.handshakeTimeout(Duration.ofMillis(value));
        case "writeStallTimeout" -> builder.writeStallTimeout(Duration.ofMillis(value));
        case "sharedMemory" -> builder.sharedMemory(value != 0);
        default -> throw new IllegalArgumentException("unknown setting " + name);
      }
    }
    Manager manager = builder.start();
    System.out.println("PORT " + manager.port());
    Thread commands = new Thread(BoundedManagerMain::serveCommands, "test-commands");
    commands.setDaemon(true);
    commands.start();
    manager.awaitTermination();
  }

  private static void serveCommands() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        String[] words = line.trim().split("\\s+");
        switch (words[0]) {
          case "stats" -> {
            if (words.length > 2 && words[2].equals("gc")) {
              System.gc();
              System.gc();
            }
            long heap = memory.getHeapMemoryUsage().getUsed();
            System.out.println("STATS " + words[1] + " heap=" + heap + " threads=" + threads.getThreadCount()
                + " peakThreads=" + threads.getPeakThreadCount() + " fds=" + openFileDescriptors(false)
                + " sockets=" + openFileDescriptors(true));
          }
          case "resetPeak" -> {
            threads.resetPeakThreadCount();
            System.out.println("OK " + words[1]);
          }
          default -> System.out.println("UNKNOWN " + line);
        }
      }
    } catch (IOException e) {
      // the parent is gone
    }
    Runtime.getRuntime().halt(0);
  }

  /** Open file descriptors, or only those of sockets; -1 without {@code /proc/self/fd}. */
  private static long openFileDescriptors(boolean socketsOnly) {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return -1;
    }
    try (Stream<Path> list = Files.list(fds)) {
      return list.filter(fd -> !socketsOnly || isSocket(fd)).count() - (socketsOnly ? 0 : 1); // not the listing's own
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isSocket(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString().startsWith("socket:");
    } catch (IOException e) {
      return false; // closed meanwhile
    }
  }
}
