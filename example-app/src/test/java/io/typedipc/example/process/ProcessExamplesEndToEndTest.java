package io.typedipc.example.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.example.ExampleRun;
import io.typedipc.junit.ChildJvms;
import io.typedipc.junit.TypedIpcTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the process examples as users do, each in a JVM of its own (which starts its own children),
 * asserting on what they print and that they leave no JVM behind ({@link ChildJvms}).
 */
@TypedIpcTest
class ProcessExamplesEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  @Timeout(90)
  void isolationChildChangesItsOwnStaticOnly(ChildJvms jvms) throws Exception {
    String out = run(jvms, Isolation.class);
    assertTrue(out.contains("child pid "), out);
    assertTrue(out.contains(": set data = 222"), out);
    assertTrue(out.contains("parent after join: data = 666"), out);
    assertTrue(out.contains("RESULT: PASS"), out);
  }

  @Test
  @Timeout(90)
  void poolApplyAsyncRunsCallbacksInTheMasterAndMapKeepsOrder(ChildJvms jvms) throws Exception {
    String out = run(jvms, PoolApplyAsync.class);
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
  void childrenGivenSharedDictAndListUpdateTheManagerJvm(ChildJvms jvms) throws Exception {
    String out = run(jvms, ProcessWithSharedObjects.class);
    assertTrue(out.contains("dt = {name=sober, workdata=2018-05-09}"), out);
    assertTrue(out.contains("RESULT: PASS  5 child JVMs wrote to the dict and appended their 5 pids"), out);
  }

  @Test
  @Timeout(90)
  void aChildPutsIntoTheQueueItWasGivenAndTheParentGetsIt(ChildJvms jvms) throws Exception {
    String out = run(jvms, QueueToChild.class);
    assertTrue(out.lines().anyMatch("[1, 2sdf]"::equals), out);
    assertTrue(out.contains("RESULT: PASS  the child JVM put [1, 2sdf] into the queue it was given"), out);
  }

  private static String run(ChildJvms jvms, Class<?> example) throws InterruptedException {
    ExampleRun run = ExampleRun.run(jvms, WAIT, example);
    assertEquals(0, run.exit(), run.out());
    assertFalse(run.out().contains("FAIL"), run.out());
    return run.out();
  }
}
