package io.typedipc.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.typedipc.Manager;
import io.typedipc.process.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decision 6, on the extension: ten thousand increments from each of four child JVMs to a plain,
 * unsynchronized counter lose nothing and return every value once.
 */
@Timeout(300)
@TypedIpcTest
class CounterAcrossJvmsTest {
  private static final int CLIENTS = 4;
  private static final int INCREMENTS = 10_000;

  @ConfigureManager
  static void share(Manager.Builder manager) {
    manager.share(Counter.class, "counter", new CounterImpl());
  }

  @Test
  void fourJvmsIncrementingOneCounterGetExactlyTheTotalAndUniqueValues(
      @SharedProxy("counter") Counter counter, ChildJvms jvms, @TempDir Path dir) throws Exception {
    for (int i = 0; i < CLIENTS; i++) {
      jvms.start(ChildProcess.builder(IncrementAndRecord.class).handle("counter", counter)
          .args(Integer.toString(INCREMENTS), dir.resolve("values-" + i).toString()));
    }
    for (ChildProcess child : jvms.started()) {
      assertEquals(true, child.join(Duration.ofSeconds(240)), child + " did not finish");
      assertEquals(0, child.exitCode().orElseThrow(), child.toString());
    }

    BitSet seen = new BitSet();
    int count = 0;
    for (int i = 0; i < CLIENTS; i++) {
      List<String> lines = Files.readAllLines(dir.resolve("values-" + i));
      for (String line : lines) {
        int value = Integer.parseInt(line);
        if (seen.get(value)) {
          throw new AssertionError("value " + value + " was returned twice");
        }
        seen.set(value);
        count++;
      }
    }
    assertEquals(CLIENTS * INCREMENTS, count);
    assertEquals(CLIENTS * INCREMENTS, seen.cardinality());
    assertEquals(1, seen.nextSetBit(0));
    assertEquals(CLIENTS * INCREMENTS, counter.get());
  }
}
