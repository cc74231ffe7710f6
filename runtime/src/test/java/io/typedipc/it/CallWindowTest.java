package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.CallTimeoutException;
import io.typedipc.ManagerClient;
import io.typedipc.internal.wire.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The window of calls in flight, counted in calls ({@code maxCallsInFlight}): the Manager reads
 * at most that many calls of one connection that have not yet run and answered, and reads the
 * next one only when one of them finishes. TCP then pushes back on that client alone: its further
 * calls wait (and may time out) while other connections are served. The Manager runs in its own
 * JVM with a window of {@value #WINDOW} calls.
 */
@Timeout(120)
class CallWindowTest {
  private static final int WINDOW = 4;
  private static final long SLOW_MILLIS = 1500;
  private static BoundedManager manager;

  @BeforeAll
  static void startManager() throws Exception {
    manager = BoundedManager.start("maxCallsInFlight=" + WINDOW);
  }

  @AfterAll
  static void stopManager() {
    manager.close();
  }

  /**
   * A raw connection sends, in one write, a slow call to "service", {@code queued} quick calls to
   * "service" (which wait behind it) and then a quick call to "other". With WINDOW - 2 queued the
   * call to "other" is the WINDOW-th call and is read and answered at once; with WINDOW - 1 queued
   * it is one too many and is not read until the slow call finishes. Every call is answered in the
   * end, and an honest client of "other" on another connection is served throughout.
   */
  @Test
  void theManagerReadsAtMostMaxCallsInFlightCallsOfOneConnection() throws Exception {
    try (HonestClient honest = new HonestClient(manager, "other");
        RawConnection raw = RawConnection.authenticated(manager.port, manager.key)) {
      int service = raw.openService("service");
      int other = raw.openService("other");

      // within the window: the call to "other" is read and answered while the slow call runs
      long sent = System.nanoTime();
      List<RawConnection.Reply> within = burst(raw, service, other, 100, WINDOW - 2);
      RawConnection.Reply echo = byId(within, 100 + WINDOW - 1);
      RawConnection.Reply slow = byId(within, 100);
      assertEquals(echo, within.get(0), "the " + WINDOW + "th call was not answered first: " + ids(within));
      assertTrue(echo.arrivedNanos() - sent < TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS),
          "the " + WINDOW + "th call was answered only after " + millis(echo.arrivedNanos() - sent) + " ms");
      assertTrue(slow.arrivedNanos() - sent >= TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS - 20));

      // one past the window: the call to "other" waits, unread, until the slow call is done
      sent = System.nanoTime();
      List<RawConnection.Reply> past = burst(raw, service, other, 200, WINDOW - 1);
      echo = byId(past, 200 + WINDOW);
      slow = byId(past, 200);
      assertEquals(slow, past.get(0), "the call past the window was answered before the slow call: " + ids(past));
      assertTrue(echo.arrivedNanos() - sent >= TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS - 20),
          "the call past the window was answered after " + millis(echo.arrivedNanos() - sent) + " ms, before the slow call ended");

      // nothing was lost: the queued increments ran once each, in order
      List<Integer> counts = new ArrayList<>();
      for (long id = 101; id < 100 + WINDOW - 1; id++) {
        counts.add((Integer) byId(within, id).value(int.class));
      }
      for (long id = 201; id < 200 + WINDOW; id++) {
        counts.add((Integer) byId(past, id).value(int.class));
      }
      for (int i = 1; i < counts.size(); i++) {
        assertEquals(counts.get(i - 1) + 1, counts.get(i), "increments " + counts);
      }
      assertEquals("past", echo.value(String.class));
      System.out.println("window " + WINDOW + ": within " + ids(within) + ", past " + ids(past)
          + ", the call past the window answered after " + millis(echo.arrivedNanos() - sent) + " ms");
      honest.assertServedWithin1s();
    }
  }

  /**
   * What a user sees: a client whose connection already has WINDOW calls in the Manager (one slow
   * call and the calls queued behind it) makes one more call, to another object; the Manager does
   * not read it, so it times out. Once the slow call is done the connection is read again and
   * every call completes.
   */
  @Test
  void aCallPastTheWindowWaitsInTheClientsOwnConnectionAndMayTimeOut() throws Exception {
    try (HonestClient honest = new HonestClient(manager, "other");
        ManagerClient client = manager.client(Duration.ofSeconds(20));
        ManagerClient probe = manager.client()) {
      TestService service = client.shared(TestService.class, "service");
      TestService other = client.shared(TestService.class, "other");
      assertEquals("warm", other.echo("warm"));

      CompletableFuture<Void> slow = Background.run(() -> service.sleep(2 * SLOW_MILLIS));
      Busy.awaitBusy(probe, "service"); // the slow call runs: it is in this connection's window
      List<CompletableFuture<Integer>> queued = new ArrayList<>();
      for (int i = 0; i < WINDOW - 1; i++) {
        queued.add(service.incrementAsync()); // they wait behind the slow call: the window is full
      }
      TestService impatient = client.withTimeout(other, Duration.ofMillis(500));
      long start = System.nanoTime();
      assertThrows(CallTimeoutException.class, () -> impatient.echo("not read"),
          "a call past the window was answered while the window was full");
      long waited = System.nanoTime() - start;
      assertTrue(!slow.isDone(), "the slow call ended before the call past the window timed out; the test proves nothing");

      slow.get(20, TimeUnit.SECONDS);
      int previous = -1;
      for (CompletableFuture<Integer> f : queued) {
        int n = f.get(10, TimeUnit.SECONDS);
        assertTrue(previous < 0 || n == previous + 1, "increments out of order");
        previous = n;
      }
      assertEquals("read again", other.echo("read again"));
      System.out.println("a call past the window timed out after " + millis(waited) + " ms; the connection recovered");
      honest.assertServedWithin1s();
    }
  }

  /**
   * One connection sends 2 × WINDOW one-second calls to an object that runs its calls
   * concurrently. At most WINDOW of them are read, so at most WINDOW run at once: they take two
   * seconds in all, not one, and the Manager's threads grow by about WINDOW (one thread per
   * running call, plus the connection's reader), not 2 × WINDOW.
   */
  @Test
  void aConnectionRunsAtMostMaxCallsInFlightCallsAtOnce() throws Exception {
    try (RawConnection raw = RawConnection.authenticated(manager.port, manager.key)) {
      int concurrent = raw.openService("concurrent");
      int threadsBefore = manager.stats(false).threads();
      manager.resetPeakThreads();
      byte[][] calls = new byte[2 * WINDOW][];
      for (int i = 0; i < calls.length; i++) {
        calls[i] = RawConnection.call(10 + i, concurrent, "sleep", 1000L);
      }
      long start = System.nanoTime();
      raw.send(RawConnection.concat(calls));
      List<Long> answered = new ArrayList<>();
      for (int i = 0; i < calls.length; i++) {
        RawConnection.Reply reply = raw.readReply(Duration.ofSeconds(20));
        assertEquals(Protocol.RESULT, reply.type());
        answered.add(reply.id());
      }
      long took = millis(System.nanoTime() - start);
      int peak = manager.stats(false).peakThreads();
      String report = calls.length + " one-second calls on one connection with a window of " + WINDOW + " took "
          + took + " ms; Manager threads " + threadsBefore + " before, at most " + peak + " meanwhile";
      System.out.println(report);
      assertEquals(calls.length, answered.stream().distinct().count(), report);
      assertTrue(took >= 1950, "more than " + WINDOW + " calls ran at once: " + report);
      assertTrue(peak - threadsBefore <= WINDOW + 3, "the connection's calls took too many threads: " + report);
    }
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Sends, in one write: a {@value #SLOW_MILLIS} ms sleep on {@code service} (id {@code base}),
   * {@code queued} increments on it (ids base+1…), and an echo of "past" on {@code other} (the
   * last id); returns all the replies in the order they arrived.
   */
  private static List<RawConnection.Reply> burst(RawConnection raw, int service, int other, long base, int queued)
      throws Exception {
    byte[][] frames = new byte[queued + 2][];
    frames[0] = RawConnection.call(base, service, "sleep", SLOW_MILLIS);
    for (int i = 1; i <= queued; i++) {
      frames[i] = RawConnection.call(base + i, service, "increment");
    }
    frames[queued + 1] = RawConnection.call(base + queued + 1, other, "echo", "past");
    raw.send(RawConnection.concat(frames));
    List<RawConnection.Reply> replies = new ArrayList<>();
    for (int i = 0; i < frames.length; i++) {
      RawConnection.Reply reply = raw.readReply(Duration.ofSeconds(20));
      assertEquals(Protocol.RESULT, reply.type(), "call " + reply.id() + " failed");
      replies.add(reply);
    }
    return replies;
  }

  private static RawConnection.Reply byId(List<RawConnection.Reply> replies, long id) {
    return replies.stream().filter(r -> r.id() == id).findFirst()
        .orElseThrow(() -> new AssertionError("no reply to call " + id + " in " + ids(replies)));
  }

  private static List<Long> ids(List<RawConnection.Reply> replies) {
    return replies.stream().map(RawConnection.Reply::id).toList();
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
