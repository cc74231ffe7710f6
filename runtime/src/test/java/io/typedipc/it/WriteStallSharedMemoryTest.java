package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's failure table, "the Manager closed the connection (maxReplyBytes,
 * writeStallTimeout) ... the reason is in the Manager's log", over shared memory: a client that
 * stops reading while a reply larger than its ring is written to it is closed after the write
 * stalled for writeStallTimeout, and the Manager says so, as over TCP ({@link WriteStallTest}).
 * Before, the shared-memory ring's own stall closed the connection without a word.
 */
@Timeout(120)
class WriteStallSharedMemoryTest {

  @Test
  void aSharedMemoryClientThatStopsReadingIsClosedAndTheManagerSaysWhy() throws Exception {
    try (BoundedManager manager = BoundedManager.start("writeStallTimeout=2000", "sharedMemory=1");
        ChildJvm client = ChildJvm.start(LateBigReplyClientMain.class, manager.key, Integer.toString(manager.port), "3000")) {
      assertEquals("true", client.awaitLine("SENT ", Duration.ofSeconds(30)), "the client uses shared memory");
      client.signal("STOP"); // before the 4 MiB reply comes, 3 s after the call
      long stopped = System.nanoTime();
      String line = manager.awaitOutput("has not read its replies for 2000 ms", Duration.ofSeconds(60));
      System.out.println("closed " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped) + " ms after the client stopped: "
          + line.trim());
      client.signal("CONT");
      manager.assertServes();
    }
  }
}
