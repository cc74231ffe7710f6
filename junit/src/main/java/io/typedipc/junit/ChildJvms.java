package io.typedipc.junit;

import io.typedipc.process.ChildProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts child JVMs for one test ({@link ChildProcess}) and makes sure they, and every process
 * they started, are gone when it ends: each child is closed ({@link ChildProcess#close()}: its
 * stdin closed, so it exits; killed if it has not within 10 s — a hung child does not fail the
 * test), and the test fails if a process seen among the children's descendants while they ran is
 * still alive 10 s after that, or a child is still alive 10 s after its kill (such survivors are
 * killed). Inject it as a parameter of a test, {@code @BeforeEach} or {@code @AfterEach} method of
 * a {@link TypedIpcTest}: they get the same one.
 */
public final class ChildJvms {
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final long WATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final List<ChildProcess> started = new ArrayList<>();
  private final List<Thread> watchers = new ArrayList<>();
  /** Every process seen among the children's descendants while they ran. */
  private final Set<ProcessHandle> descendants = ConcurrentHashMap.newKeySet();
  private boolean closed;

  ChildJvms() {}

  /**
   * Starts the child {@code builder} describes (handles, arguments, JVM options as usual) and
   * tracks it, and the processes it starts.
   *
   * @throws IllegalStateException if the test has ended
   */
  public synchronized ChildProcess start(ChildProcess.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    if (closed) {
      throw new IllegalStateException("the test has ended: its child JVMs are closed");
    }
    ChildProcess child = builder.start();
    started.add(child);
    ProcessHandle handle = ProcessHandle.of(child.pid()).orElse(null);
    if (handle != null) {
      // once the child has exited its orphans are no longer its descendants: look while it runs
      Thread watcher = new Thread(() -> {
        while (handle.isAlive()) {
          handle.descendants().forEach(descendants::add);
          LockSupport.parkNanos(WATCH_NANOS);
        }
      }, "descendants of " + child.pid());
      watcher.setDaemon(true);
      watcher.start();
      watchers.add(watcher);
    }
    return child;
  }

  /** Every child started so far, oldest first. */
  public synchronized List<ChildProcess> started() {
    return List.copyOf(started);
  }

  /**
   * Waits until {@code child}'s output (it must capture it: {@link
   * ChildProcess.Builder#captureOutput()}) has a line containing {@code text}, and returns that
   * line.
   *
   * @throws AssertionError if no such line comes within {@code timeout}, or the child exits first;
   *     with the output so far
   */
  public static String awaitLine(ChildProcess child, String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean exited = !child.isAlive();
      String found = child.output().lines().filter(l -> l.contains(text)).findFirst().orElse(null);
      if (found != null) {
        return found;
      }
      if (exited || System.nanoTime() > deadline) {
        throw new AssertionError("no line containing '" + text + "' from " + child
            + (exited ? "" : " within " + timeout) + "; output:\n" + child.output());
      }
      Thread.sleep(20); // polling the captured output, with a deadline
    }
  }

  /** Closes every child, newest first; throws if one, or a process it started, is still alive afterwards. */
  synchronized void closeAll() {
    closed = true;
    List<String> survivors = new ArrayList<>();
    boolean interrupted = false;
    for (int i = started.size() - 1; i >= 0; i--) {
      ChildProcess child = started.get(i);
      child.close();
      try {
        if (child.isAlive() && !child.join(GRACE)) {
          child.kill();
          survivors.add(child.toString());
        }
      } catch (InterruptedException e) {
        interrupted = true;
        child.kill();
      }
    }
    try {
      for (Thread watcher : watchers) {
        watcher.join(GRACE.toMillis()); // each ends when its child has exited
      }
      long deadline = System.nanoTime() + GRACE.toNanos();
      List<ProcessHandle> alive = aliveDescendants();
      while (!alive.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50); // children of the children end when their parent's end closes their stdin
        alive = aliveDescendants();
      }
      for (ProcessHandle h : alive) {
        h.destroyForcibly();
        survivors.add("pid " + h.pid() + " " + h.info().commandLine().orElse("") + " (started by a child JVM)");
      }
    } catch (InterruptedException e) {
      interrupted = true;
      aliveDescendants().forEach(ProcessHandle::destroyForcibly);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (!survivors.isEmpty()) {
      throw new AssertionError("child JVMs still alive after the test (killed now): " + survivors);
    }
  }

  /** Whether the process {@code pid} has been seen among the children's descendants (for tests). */
  boolean sawDescendant(long pid) {
    return descendants.stream().anyMatch(h -> h.pid() == pid);
  }

  private List<ProcessHandle> aliveDescendants() {
    return descendants.stream().filter(ProcessHandle::isAlive).toList();
  }
}
