package io.typedipc.example.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.example.ExampleRun;
import io.typedipc.junit.ChildJvms;
import io.typedipc.junit.TypedIpcTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The seeds' Manager examples, each run as users run it: a JVM of its own starting worker JVMs. */
@TypedIpcTest
class ManagerExamplesEndToEndTest {
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(150);

  @Test
  @Timeout(180)
  void tenWorkerJvmsShareADictAndAList(ChildJvms jvms) throws Exception {
    ExampleRun run = ExampleRun.run(jvms, EXIT_TIMEOUT, DictAndList.class);
    String out = run.out();
    assertEquals(0, run.exit(), out);
    assertTrue(out.contains("PASS  10 workers: 10 entries in d, 15 elements in l, nothing lost"), out);
    assertTrue(out.contains("[worker-9] [0, 1, 2, 3, 4, "), out);
    assertTrue(out.contains("d = {"), out);
    assertFalse(out.contains("FAIL"), out);
    assertTrue(out.contains("RESULT: PASS"), out);
  }

  @Test
  @Timeout(90)
  void aListIsAppendedFromAnotherJvm(ChildJvms jvms) throws Exception {
    ExampleRun run = ExampleRun.run(jvms, Duration.ofSeconds(60), ListFromAnotherJvm.class);
    String out = run.out();
    assertEquals(0, run.exit(), out);
    assertTrue(out.contains("[]\n[a]\nPASS"), out);
    assertTrue(out.contains("RESULT: PASS"), out);
  }

  @Test
  @Timeout(120)
  void listsInADictStaySharedWhenAppendedThroughTheDict(ChildJvms jvms) throws Exception {
    ExampleRun run = ExampleRun.run(jvms, Duration.ofSeconds(100), NestedLists.class, "--workers", "2");
    String out = run.out();
    assertEquals(0, run.exit(), out);
    assertTrue(out.contains("sizes of the lists in d: {evens=100, odds=100}"), out);
    assertTrue(out.contains("PASS  d.get(k).add(x) from 2 JVMs: all 200 appends are in the Manager's lists"), out);
    assertTrue(out.contains("RESULT: PASS"), out);
  }
}
