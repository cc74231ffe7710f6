package io.typedipc.example;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The examples' end-to-end tests rely on {@link ExampleJvm} noticing a JVM left behind. */
class ExampleJvmTest {

  /** Starts a process that outlives it, waits until that one runs, and exits. */
  public static final class LeavesAChildBehind {
    public static void main(String[] args) throws Exception {
      Process orphan = new ProcessBuilder("sleep", "30").start();
      Thread.sleep(300); // long enough for the watcher to see it among the descendants
      System.out.println("started " + orphan.pid());
      System.exit(0);
    }
  }

  @Test
  void anExampleThatLeavesAProcessRunningFails() throws Exception {
    try (ExampleJvm jvm = ExampleJvm.start(LeavesAChildBehind.class)) {
      AssertionError e = assertThrows(AssertionError.class, () -> jvm.awaitExit(Duration.ofSeconds(60)));
      assertTrue(e.getMessage().contains("processes started by the example still run after it ended"), e.getMessage());
    }
  }
}
