package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.internal.wire.Protocol;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's security model: a connection's calls cost "one [thread] for each of its calls
 * running at that moment (at most maxCallsInFlight; a call waiting for its turn or parked holds
 * none)". A Manager with its default bounds, in its own JVM: one connection sends a slow call to a
 * shared object and {@value #QUEUED} quick calls behind it, to the same object (calls to one object
 * run one at a time). While they wait for their turn the Manager's threads do not grow with them,
 * and then every call runs once, in order.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class QueuedCallsHoldNoThreadTest {
  private static final int QUEUED = 500;
  private static final long SLOW_MILLIS = 2000;

  @Test
  void callsWaitingForTheirTurnHoldNoThread() throws Exception {
    try (BoundedManager manager = BoundedManager.start();
        RawConnection raw = RawConnection.authenticated(manager.port, manager.key)) {
      int service = raw.openService("service");
      int threadsBefore = manager.stats(false).threads();
      manager.resetPeakThreads();
      byte[][] calls = new byte[QUEUED + 1][];
      calls[0] = RawConnection.call(1, service, "sleep", SLOW_MILLIS);
      for (int i = 1; i <= QUEUED; i++) {
        calls[i] = RawConnection.call(1 + i, service, "increment");
      }
      long start = System.nanoTime();
      raw.send(RawConnection.concat(calls));
      RawConnection.Reply first = raw.readReply(Duration.ofSeconds(30));
      long slowTook = TimeUnit.NANOSECONDS.toMillis(first.arrivedNanos() - start);
      int peakWhileQueued = manager.stats(false).peakThreads();
      assertEquals(1, first.id(), "the slow call, first in line, is answered first");
      assertEquals(Protocol.RESULT, first.type());
      for (int i = 1; i <= QUEUED; i++) {
        RawConnection.Reply reply = raw.readReply(Duration.ofSeconds(30));
        assertEquals(Protocol.RESULT, reply.type());
        assertEquals(1 + i, reply.id(), "calls to one object are answered in arrival order");
        assertEquals(i, (Integer) reply.value(int.class), "each queued increment ran once, in order");
      }
      String report = QUEUED + " calls queued behind a " + SLOW_MILLIS + " ms call (answered after " + slowTook
          + " ms): Manager threads " + threadsBefore + " before, at most " + peakWhileQueued + " meanwhile";
      System.out.println(report);
      assertTrue(slowTook >= SLOW_MILLIS - 20, "the slow call did not run first: " + report);
      assertTrue(peakWhileQueued - threadsBefore <= 8, "queued calls took threads: " + report);
    }
  }
}
