package io.typedipc.example;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The examples' end-to-end tests rely on {@link ExampleJvm} noticing a JVM left behind. */
class ExampleJvmTest {

  /** Starts a process that outlives it, and exits when told to (once the test saw that one run). */
  public static final class LeavesAChildBehind {
    public static void main(String[] args) throws Exception {
      Process orphan = new ProcessBuilder("sleep", "30").start();
      System.out.println("started " + orphan.pid());
      new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())).readLine();
      System.exit(0);
    }
  }

  @Test
  void anExampleThatLeavesAProcessRunningFails() throws Exception {
    try (ExampleJvm jvm = ExampleJvm.start(LeavesAChildBehind.class)) {
      long orphan = Long.parseLong(jvm.awaitLine("started", Duration.ofSeconds(60)).substring("started ".length()).trim());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!jvm.sawDescendant(orphan)) { // the watcher looks every 20 ms
        assertTrue(System.nanoTime() < deadline, "the watcher never saw the example's child process");
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      jvm.send("exit");
      AssertionError e = assertThrows(AssertionError.class, () -> jvm.awaitExit(Duration.ofSeconds(60)));
      assertTrue(e.getMessage().contains("processes started by the example still run after it ended"), e.getMessage());
    }
  }
}
