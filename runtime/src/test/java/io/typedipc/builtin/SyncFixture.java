package io.typedipc.builtin;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/** A Manager in this JVM, clients of it here, and {@link SyncChildMain} JVMs; closes them all. */
final class SyncFixture implements AutoCloseable {
  static final Duration LONG = Duration.ofSeconds(30);

  final AuthKey key = AuthKey.generate();
  final Manager manager;
  private final List<AutoCloseable> open = new ArrayList<>();

  SyncFixture() {
    this(Manager.builder());
  }

  SyncFixture(Manager.Builder builder) {
    manager = TestTransport.manager(builder).address(0).authKey(key).start();
  }

  ManagerClient client() {
    ManagerClient c = TestTransport.connect(manager.port(), key);
    open.add(c);
    return c;
  }

  ChildJvm child(String scenario, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = Integer.toString(manager.port());
    all[1] = scenario;
    System.arraycopy(args, 0, all, 2, args.length);
    ChildJvm child = ChildJvm.start(SyncChildMain.class, key, all);
    open.add(child);
    return child;
  }

  /** Runs {@code task} on a thread of its own. */
  static <T> CompletableFuture<T> background(Callable<T> task) {
    CompletableFuture<T> done = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        done.complete(task.call());
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    }, "sync-test-background");
    t.setDaemon(true);
    t.start();
    return done;
  }

  /** Polls {@code condition} (a question to the Manager, typically) until true or 30 s pass. */
  static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + LONG.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + LONG + ": " + what);
      }
      Thread.sleep(5);
    }
  }

  @Override
  public void close() {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception ignored) {
        // closing anyway
      }
    }
    manager.close();
  }
}
