package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README: the Manager's and a client's threads are daemon threads, so a JVM whose main
 * returns ends, the Manager with it, without anyone closing them.
 */
@Timeout(120)
class MainReturnsTest {

  @Test
  void aJvmWhoseMainReturnsEndsWithItsManagerAndItsClient() throws Exception {
    try (ChildJvm jvm = ChildJvm.start(MainReturnsMain.class, io.typedipc.AuthKey.generate(), "manager")) {
      jvm.awaitLine("SERVING", Duration.ofSeconds(60));
      assertEquals(0, jvm.waitFor(Duration.ofSeconds(30)), jvm.output());
    }
  }

  @Test
  void aClientJvmWhoseMainReturnsEndsWithACallInFlight() throws Exception {
    try (BoundedManager manager = BoundedManager.start();
        ChildJvm jvm = ChildJvm.start(MainReturnsMain.class, manager.key, "client", Integer.toString(manager.port))) {
      jvm.awaitLine("CALLED", Duration.ofSeconds(60));
      assertEquals(0, jvm.waitFor(Duration.ofSeconds(30)), jvm.output());
    }
  }
}
