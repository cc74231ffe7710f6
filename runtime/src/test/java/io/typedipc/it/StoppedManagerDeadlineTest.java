package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.typedipc.AuthKey;
import io.typedipc.CallTimeoutException;
import io.typedipc.ManagerClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/transport.md, "How a client waits for a reply": by default "a waiting reader sleeps in a
 * selector with its own deadline: a call fails with CallTimeoutException at its deadline whatever
 * the Manager does" — here, a Manager JVM stopped with SIGSTOP, which answers nothing.
 */
class StoppedManagerDeadlineTest {

  @Test
  @Timeout(120)
  void aCallToAStoppedManagerFailsAtItsDeadlineByDefault() throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "needs kill -STOP");
    assumeFalse(TestTransport.sharedMemory(), "the selector wait is the TCP mode's");
    AuthKey key = AuthKey.generate();
    try (ChildJvm manager = ChildJvm.start(TestManagerMain.class, key)) {
      int port = Integer.parseInt(manager.awaitLine("PORT", Duration.ofSeconds(30)));
      try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key).connections(1).connect()) {
        TestService impatient = client.withTimeout(client.shared(TestService.class, "service"), Duration.ofMillis(300));
        assertEquals("warm", impatient.echo("warm"));
        manager.signal("STOP");
        try {
          long start = System.nanoTime();
          assertThrows(CallTimeoutException.class, () -> impatient.echo("while stopped"));
          long syncMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          assertTrue(syncMillis >= 250 && syncMillis < 5_000, "the sync call failed after " + syncMillis + " ms (deadline 300 ms)");

          start = System.nanoTime();
          CompletableFuture<Integer> async = impatient.incrementAsync();
          ExecutionException e = assertThrows(ExecutionException.class, () -> async.get(20, TimeUnit.SECONDS));
          assertInstanceOf(CallTimeoutException.class, e.getCause());
          long asyncMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          assertTrue(asyncMillis < 5_000, "the async call failed after " + asyncMillis + " ms (deadline 300 ms)");
        } finally {
          manager.signal("CONT");
        }
        assertEquals("after", impatient.echo("after"), "the connection survives a Manager that answers again");
      }
    }
  }

}
