package io.typedipc.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Entries for JavadocProcessesTest. */
final class JavadocEntries {
  private JavadocEntries() {}

  /** Installs a shutdown hook that writes args[0], says READY, then waits for ever. */
  static final class Hooked implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) throws Exception {
      Path marker = Path.of(ctx.args().get(0));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          Files.writeString(marker, "hook ran");
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      }));
      System.out.println("READY");
      new CountDownLatch(1).await();
    }
  }

  /** Starts a non-daemon thread that never ends, then returns. */
  static final class LeavesAThread implements ProcessEntry {
    @Override
    public void run(ChildContext ctx) {
      Thread t = new Thread(() -> {
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "lingering");
      t.setDaemon(false);
      t.start();
    }
  }

  /** A main that leaves a non-daemon thread running and returns. */
  public static final class MainLeavesAThread {
    public static void main(String[] args) {
      new LeavesAThread().run(null);
    }
  }
}
