package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClient;
import io.typedipc.testing.Interrupts;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A synchronous call is not interruptible: an interrupted caller goes on waiting for its reply,
 * without spinning (a selector returns at once while its thread's interrupt flag is set, and an
 * interrupted caller used a whole CPU until the reply came: an audit), and gets the flag back.
 */
@Timeout(120)
class InterruptedCallerTest {

  @Test
  void anInterruptedCallerWaitsForItsReplyWithoutSpinningAndKeepsTheFlag() throws Exception {
    try (BoundedManager manager = BoundedManager.start();
        ManagerClient client = manager.client(Duration.ofSeconds(30))) {
      TestService service = client.shared(TestService.class, "service");
      assertEquals("ok", service.echo("ok"));
      long start = System.nanoTime();
      long[] cpuAndFlag = Interrupts.interruptedWhile(() -> service.sleep(1500));
      long elapsed = System.nanoTime() - start;
      assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(1400), "the call ran to its end: " + elapsed / 1_000_000 + " ms");
      assertTrue(cpuAndFlag[0] < TimeUnit.MILLISECONDS.toNanos(400),
          "an interrupted caller used " + TimeUnit.NANOSECONDS.toMillis(cpuAndFlag[0]) + " ms of CPU in 1500 ms");
      assertEquals(1, cpuAndFlag[1], "the interrupt flag is kept");
      assertEquals("still", service.echo("still"), "the connection serves on");
    }
  }

  /**
   * The limit that ManagerClient.Builder.blockingReads documents: a thread blocked in the socket's
   * read for its reply reads from an interruptible channel, which Java closes when the thread is
   * interrupted; the calls pending on that connection fail with ConnectionLostException.
   */
  @Test
  void withBlockingReadsAnInterruptDuringTheReadClosesTheConnection() throws Exception {
    try (BoundedManager manager = BoundedManager.start();
        ManagerClient client = ManagerClient.builder().address("127.0.0.1", manager.port).authKey(manager.key)
            .connections(1).blockingReads(true).callTimeout(Duration.ofSeconds(30)).connect()) {
      TestService service = client.shared(TestService.class, "service");
      assertEquals("ok", service.echo("ok"));
      CompletableFuture<String> pending = service.later(1000, "pending on the same connection");
      ExecutionException interrupted = assertThrows(ExecutionException.class,
          () -> Interrupts.interruptedWhile(() -> service.sleep(1500)));
      assertInstanceOf(ConnectionLostException.class, interrupted.getCause());
      ExecutionException other = assertThrows(ExecutionException.class, () -> pending.get(30, TimeUnit.SECONDS));
      assertInstanceOf(ConnectionLostException.class, other.getCause());
    }
  }
}
