package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decision 6: ten thousand increments from each of four JVMs lose nothing. */
class CounterAcrossJvmsTest {
  private static final int CLIENTS = 4;
  private static final int INCREMENTS = 10_000;

  @Test
  void fourJvmsIncrementingOneCounterGetExactlyTheTotalAndUniqueValues(@TempDir Path dir) throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = TestTransport.manager(Manager.builder()).address(0).authKey(key)
        .share(TestService.class, "service", new TestServiceImpl()).start()) {
      List<ChildJvm> children = new ArrayList<>();
      try {
        for (int i = 0; i < CLIENTS; i++) {
          children.add(ChildJvm.start(CounterClientMain.class, key,
              Integer.toString(manager.port()), Integer.toString(INCREMENTS), dir.resolve("values-" + i).toString()));
        }
        for (ChildJvm child : children) {
          assertEquals(0, child.waitFor(Duration.ofSeconds(120)), child.output());
        }
      } finally {
        for (ChildJvm child : children) {
          child.close();
        }
      }

      BitSet seen = new BitSet();
      int count = 0;
      for (int i = 0; i < CLIENTS; i++) {
        for (String line : Files.readAllLines(dir.resolve("values-" + i))) {
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
      assertEquals(CLIENTS * INCREMENTS, seen.length() - 1);
      try (ManagerClient client = TestTransport.connect(manager.port(), key)) {
        assertEquals(CLIENTS * INCREMENTS, client.shared(TestService.class, "service").get());
      }
    }
  }
}
