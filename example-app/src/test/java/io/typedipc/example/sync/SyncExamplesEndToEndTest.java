package io.typedipc.example.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.example.ExampleRun;
import io.typedipc.junit.ChildJvms;
import io.typedipc.junit.TypedIpcTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the sync examples as users do, each main in a JVM of its own starting its worker JVMs, none
 * of which may outlive it ({@link ChildJvms}).
 */
@TypedIpcTest
class SyncExamplesEndToEndTest {
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(80);

  @Test
  @Timeout(90)
  void theLockRaceEndsAtExactlyZeroWithTheSharedLock(ChildJvms jvms) throws Exception {
    ExampleRun run = ExampleRun.run(jvms, RUN_TIMEOUT, LockRace.class, "--iterations", "1000", "--timeout-seconds", "60");
    assertEquals(0, run.exit(), run.out());
    assertTrue(run.out().contains("with a shared lock: data = 0 (expected 0)"), run.out());
    assertTrue(run.out().contains("without a lock: data = "), run.out());
    assertTrue(run.out().contains("added 1 1,000 times holding the lock"), run.out());
    assertTrue(run.out().contains("subtracted 1 1,000 times holding the lock"), run.out());
    assertTrue(run.out().contains("RESULT: PASS"), run.out());
  }

  @Test
  @Timeout(90)
  void everyNumberProducedIsConsumedExactlyOnce(ChildJvms jvms) throws Exception {
    ExampleRun run = ExampleRun.run(jvms, RUN_TIMEOUT, ProducerConsumer.class, "--items", "1000", "--consumers", "2", "--timeout-seconds", "60");
    assertEquals(0, run.exit(), run.out());
    assertTrue(run.out().contains("[producer] produced 1,000 numbers"), run.out());
    assertTrue(run.out().contains("taken 1,000 of 1,000 numbers"), run.out());
    assertTrue(run.out().contains("queue empty: true"), run.out());
    assertTrue(run.out().contains("RESULT: PASS"), run.out());
  }
}
