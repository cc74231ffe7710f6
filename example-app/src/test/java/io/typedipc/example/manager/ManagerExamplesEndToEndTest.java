package io.typedipc.example.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.example.ExampleJvm;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The seeds' Manager examples, each run as users run it: a JVM of its own starting worker JVMs. */
class ManagerExamplesEndToEndTest {
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(150);

  @Test
  @Timeout(180)
  void tenWorkerJvmsShareADictAndAList() throws Exception {
    try (ExampleJvm example = ExampleJvm.start(DictAndList.class)) {
      int exit = example.awaitExit(EXIT_TIMEOUT);
      String out = example.output();
      assertEquals(0, exit, out);
      assertTrue(out.contains("PASS  10 workers: 10 entries in d, 15 elements in l, nothing lost"), out);
      assertTrue(out.contains("[worker-9] [0, 1, 2, 3, 4, "), out);
      assertTrue(out.contains("d = {"), out);
      assertFalse(out.contains("FAIL"), out);
      assertTrue(out.contains("RESULT: PASS"), out);
    }
  }

  @Test
  @Timeout(90)
  void aListIsAppendedFromAnotherJvm() throws Exception {
    try (ExampleJvm example = ExampleJvm.start(ListFromAnotherJvm.class)) {
      int exit = example.awaitExit(Duration.ofSeconds(60));
      String out = example.output();
      assertEquals(0, exit, out);
      assertTrue(out.contains("[]\n[a]\nPASS"), out);
      assertTrue(out.contains("RESULT: PASS"), out);
    }
  }

  @Test
  @Timeout(120)
  void listsInADictStaySharedWhenAppendedThroughTheDict() throws Exception {
    try (ExampleJvm example = ExampleJvm.start(NestedLists.class, "--workers", "2")) {
      int exit = example.awaitExit(Duration.ofSeconds(100));
      String out = example.output();
      assertEquals(0, exit, out);
      assertTrue(out.contains("sizes of the lists in d: {evens=100, odds=100}"), out);
      assertTrue(out.contains("PASS  d.get(k).add(x) from 2 JVMs: all 200 appends are in the Manager's lists"), out);
      assertTrue(out.contains("RESULT: PASS"), out);
    }
  }
}
