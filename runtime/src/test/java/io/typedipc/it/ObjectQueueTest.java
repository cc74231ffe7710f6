package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.internal.wire.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bound of calls waiting for one object's turn ({@code maxQueuedCallsPerObject}): while an
 * object's queue is full, a connection with one more call for it is not read — its call to
 * another object waits too — and is read again once there is room; nothing is lost, and
 * connections that do not call that object are not affected. The Manager runs in its own JVM.
 */
@Timeout(120)
class ObjectQueueTest {
  private static final int BOUND = 2;
  private static final long SLOW_MILLIS = 2000;

  @Test
  void aFullObjectQueueStopsReadingOnlyTheConnectionsThatAddToIt() throws Exception {
    try (BoundedManager manager = BoundedManager.start("maxQueuedCallsPerObject=" + BOUND);
        HonestClient honest = new HonestClient(manager, "other");
        RawConnection staller = RawConnection.authenticated(manager.port, manager.key)) {
      List<RawConnection> queuers = new ArrayList<>();
      try {
        for (int i = 0; i <= BOUND; i++) {
          queuers.add(RawConnection.authenticated(manager.port, manager.key));
        }
        // "service" runs a slow call; the echo behind it, on "other", is answered once the
        // Manager has handed the staller's reading on, so the slow call is running, not queued
        long start = System.nanoTime();
        staller.send(RawConnection.concat(
            RawConnection.call(10, staller.openService("service"), "sleep", SLOW_MILLIS),
            RawConnection.call(11, staller.openService("other"), "echo", "running")));
        assertEquals(11, staller.readReply(Duration.ofSeconds(10)).id(), "the echo behind the slow call");

        // BOUND connections each queue a call for "service" and are still read: their echo on
        // "other" comes back while the slow call runs
        List<String> log = new ArrayList<>();
        for (int i = 0; i < BOUND; i++) {
          RawConnection q = queuers.get(i);
          RawConnection.Reply echo = queueAndEcho(q, "q" + i);
          long after = echo.arrivedNanos() - start;
          log.add("q" + i + "'s echo after " + millis(after) + " ms");
          assertEquals(21, echo.id(), "the echo of q" + i + " came before its queued call's reply");
          assertTrue(after < TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS),
              "connection q" + i + " was not read while the queue had room: " + log);
        }

        // the queue is full: the next connection with a call for "service" is not read, so its
        // echo on "other" waits until the slow call ends and there is room again
        RawConnection last = queuers.get(BOUND);
        List<RawConnection.Reply> lastReplies = new ArrayList<>();
        lastReplies.add(queueAndEcho(last, "q" + BOUND));
        lastReplies.add(last.readReply(Duration.ofSeconds(10)));
        RawConnection.Reply lastEcho = lastReplies.stream().filter(r -> r.id() == 21).findFirst().orElseThrow();
        long after = lastEcho.arrivedNanos() - start;
        log.add("q" + BOUND + "'s echo after " + millis(after) + " ms");
        System.out.println("object queue bound " + BOUND + ", slow call " + SLOW_MILLIS + " ms: " + log);
        assertTrue(after >= TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS - 20),
            "a connection adding to a full queue was still read: " + log);

        // nothing lost: the queued increments ran once each, in the order they were queued
        RawConnection.Reply slow = staller.readReply(Duration.ofSeconds(10));
        assertEquals(10, slow.id());
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < BOUND; i++) {
          RawConnection.Reply reply = queuers.get(i).readReply(Duration.ofSeconds(10));
          assertEquals(20, reply.id());
          counts.add((Integer) reply.value(int.class));
        }
        RawConnection.Reply lastIncrement = lastReplies.stream().filter(r -> r.id() == 20).findFirst().orElseThrow();
        counts.add((Integer) lastIncrement.value(int.class));
        assertEquals(List.of(1, 2, 3), counts, "increments in queue order");
        honest.assertServedWithin1s(); // it calls "other" only: the full queue of "service" never held it up
      } finally {
        queuers.forEach(RawConnection::close);
      }
      manager.assertServes();
    }
  }

  /** Sends an increment on "service" (id 20) and an echo on "other" (id 21); returns the first reply. */
  private static RawConnection.Reply queueAndEcho(RawConnection q, String text) throws Exception {
    int service = q.openService("service");
    int other = q.openService("other");
    q.send(RawConnection.concat(
        RawConnection.call(20, service, "increment"),
        RawConnection.call(21, other, "echo", text)));
    RawConnection.Reply reply = q.readReply(Duration.ofSeconds(10));
    assertEquals(Protocol.RESULT, reply.type());
    return reply;
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
