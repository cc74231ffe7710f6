package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.internal.wire.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that sends calls with large replies and never reads them costs only itself: the shared
 * object it calls goes on serving others at once, the Manager closes the non-reader when its
 * replies reach the connection's bound, and doing it again at once does no better.
 */
@Timeout(120)
class SlowReaderTest {
  private static final int MiB = 1024 * 1024;
  private static final int CALLS = 40;

  @Test
  void aClientThatNeverReadsItsRepliesStallsNobody() throws Exception {
    // the non-reader is dropped when its unwritten replies reach maxReplyBytes, or when writing to
    // it makes no progress for writeStallTimeout: either way within the 10 s this test waits
    try (BoundedManager manager = BoundedManager.start(
            "maxFrameSize=" + 2 * MiB, "maxReplyBytes=" + 8 * MiB, "writeStallTimeout=5000");
        HonestClient honest = new HonestClient(manager, "service")) {
      long sockets = manager.stats(false).sockets();
      List<String> rounds = new ArrayList<>();
      for (int round = 1; round <= 2; round++) { // the second attack comes right after the first is dropped
        try (RawConnection attacker = RawConnection.authenticated(manager.port, manager.key, 64 * 1024, 0)) {
          int handle = attacker.openService("service");
          long start = System.nanoTime();
          Background.run(() -> {
            try {
              for (int i = 0; i < CALLS; i++) {
                attacker.send(RawConnection.call(2 + i, handle, "echoBytes", (Object) new byte[MiB]));
              }
            } catch (java.io.IOException e) {
              // the Manager closed it
            }
          });
          // never read, until the Manager has closed its end (it keeps no socket of it)
          long deadline = start + TimeUnit.SECONDS.toNanos(10);
          long open = manager.stats(false).sockets();
          while (open > sockets && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            open = manager.stats(false).sockets();
          }
          long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          if (open > sockets) {
            rounds.add("round " + round + ": still open after " + millis + " ms; honest worst so far " + honest.worstMillis() + " ms");
            continue;
          }
          // after the fact: what arrived ends with the connection closed; a notice, if readable, says why
          RawConnection.Ending end = attacker.readUntilClosed(Duration.ofSeconds(10));
          rounds.add("round " + round + ": closed by the Manager after " + millis + " ms; " + end);
          assertTrue(end.noticeCodes().isEmpty() || end.noticeCodes().contains(Protocol.NOTICE_SLOW_READER),
              "the Manager closed a client that did not read with notices " + end.noticeCodes());
        }
      }
      System.out.println(String.join("\n", rounds));
      honest.assertServedWithin1s();
      assertTrue(rounds.stream().allMatch(r -> r.contains("closed by the Manager")), String.join("\n", rounds));
      manager.assertServes();
    }
  }
}
