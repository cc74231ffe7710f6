package io.typedipc.junit;

import io.typedipc.process.ChildProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Starts child JVMs for one test ({@link ChildProcess}) and makes sure they are gone when it ends:
 * each is closed (its stdin closed, so it exits; killed after 10 s if it has not), and the test
 * fails if one is still alive after that. Inject it as a test parameter of a {@link TypedIpcTest}.
 */
public final class ChildJvms {
  private final List<ChildProcess> started = new ArrayList<>();
  private boolean closed;

  ChildJvms() {}

  /**
   * Starts the child {@code builder} describes (handles, arguments, JVM options as usual) and
   * tracks it.
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
    return child;
  }

  /** Every child started so far, oldest first. */
  public synchronized List<ChildProcess> started() {
    return List.copyOf(started);
  }

  /** Closes every child, newest first; throws if one is still alive afterwards. */
  synchronized void closeAll() {
    closed = true;
    List<String> survivors = new ArrayList<>();
    for (int i = started.size() - 1; i >= 0; i--) {
      ChildProcess child = started.get(i);
      child.close();
      try {
        if (child.isAlive() && !child.join(Duration.ofSeconds(10))) {
          child.kill();
          survivors.add(child.toString());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        child.kill();
      }
    }
    if (!survivors.isEmpty()) {
      throw new AssertionError("child JVMs still alive after the test (killed now): " + survivors);
    }
  }
}
