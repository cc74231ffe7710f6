package io.typedipc.example.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.example.ExampleJvm;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the sync examples as users do, each main in a JVM of its own starting its worker JVMs, none
 * of which may outlive it.
 */
class SyncExamplesEndToEndTest {

  @Test
  @Timeout(90)
  void theLockRaceEndsAtExactlyZeroWithTheSharedLock() throws Exception {
    Run run = run(LockRace.class, "--iterations", "1000", "--timeout-seconds", "60");
    assertEquals(0, run.exit, run.out);
    assertTrue(run.out.contains("with a shared lock: data = 0 (expected 0)"), run.out);
    assertTrue(run.out.contains("without a lock: data = "), run.out);
    assertTrue(run.out.contains("added 1 1,000 times holding the lock"), run.out);
    assertTrue(run.out.contains("subtracted 1 1,000 times holding the lock"), run.out);
    assertTrue(run.out.contains("RESULT: PASS"), run.out);
  }

  @Test
  @Timeout(90)
  void everyNumberProducedIsConsumedExactlyOnce() throws Exception {
    Run run = run(ProducerConsumer.class, "--items", "1000", "--consumers", "2", "--timeout-seconds", "60");
    assertEquals(0, run.exit, run.out);
    assertTrue(run.out.contains("[producer] produced 1,000 numbers"), run.out);
    assertTrue(run.out.contains("taken 1,000 of 1,000 numbers"), run.out);
    assertTrue(run.out.contains("queue empty: true"), run.out);
    assertTrue(run.out.contains("RESULT: PASS"), run.out);
  }

  private record Run(int exit, String out) {}

  private static Run run(Class<?> main, String... args) throws InterruptedException {
    try (ExampleJvm jvm = ExampleJvm.start(main, args)) {
      int exit = jvm.awaitExit(Duration.ofSeconds(80)); // also: no JVM it started is left running
      return new Run(exit, jvm.output());
    }
  }
}
