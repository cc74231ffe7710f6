package io.typedipc.example.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.example.ExampleJvm;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the process examples as users do, each in a JVM of its own (which starts its own children),
 * asserting on what they print and that they leave no JVM behind.
 */
class ProcessExamplesEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  @Timeout(90)
  void isolationChildChangesItsOwnStaticOnly() throws Exception {
    String out = run(Isolation.class);
    assertTrue(out.contains("child pid "), out);
    assertTrue(out.contains(": set data = 222"), out);
    assertTrue(out.contains("parent after join: data = 666"), out);
    assertTrue(out.contains("RESULT: PASS"), out);
  }

  @Test
  @Timeout(90)
  void poolApplyAsyncRunsCallbacksInTheMasterAndMapKeepsOrder() throws Exception {
    String out = run(PoolApplyAsync.class);
    for (int i = 0; i < 10; i++) {
      assertTrue(out.contains("Start number: " + i + " (worker pid "), out);
      assertTrue(out.contains("CallBack Def: number " + i + " done in worker "), out);
    }
    assertTrue(out.contains("map(square, range(10)) = [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]"), out);
    assertTrue(out.contains("imap(square, range(10), chunksize=3) = [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]"), out);
    assertTrue(out.contains("RESULT: PASS  10 callbacks ran in the master process"), out);
  }

  @Test
  @Timeout(90)
  void childrenGivenSharedDictAndListUpdateTheManagerJvm() throws Exception {
    String out = run(ProcessWithSharedObjects.class);
    assertTrue(out.contains("dt = {name=sober, workdata=2018-05-09}"), out);
    assertTrue(out.contains("RESULT: PASS  5 child JVMs wrote to the dict and appended their 5 pids"), out);
  }

  @Test
  @Timeout(90)
  void aChildPutsIntoTheQueueItWasGivenAndTheParentGetsIt() throws Exception {
    String out = run(QueueToChild.class);
    assertTrue(out.lines().anyMatch("[1, 2sdf]"::equals), out);
    assertTrue(out.contains("RESULT: PASS  the child JVM put [1, 2sdf] into the queue it was given"), out);
  }

  private static String run(Class<?> example) throws InterruptedException {
    try (ExampleJvm jvm = ExampleJvm.start(example)) {
      int exit = jvm.awaitExit(WAIT); // also: no JVM it started is left running
      String out = jvm.output();
      assertEquals(0, exit, out);
      assertFalse(out.contains("FAIL"), out);
      return out;
    }
  }
}
