package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.CallTimeoutException;
import io.typedipc.ManagerClient;
import io.typedipc.testing.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Callers sharing one client connection never wait on each other: a reply is handed to its caller
 * as soon as it is read, whatever another caller on the same connection is waiting for, and
 * whatever that caller's deadline is (issue 9, item 6). The Manager runs in its own JVM.
 */
class CallerIsolationTest {
  private static AuthKey key;
  private static ChildJvm managerJvm;
  private static int port;

  @BeforeAll
  static void startManager() throws Exception {
    key = AuthKey.generate();
    managerJvm = ChildJvm.start(TestManagerMain.class, key);
    port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stopManager() {
    managerJvm.close();
  }

  /**
   * One thread makes slow calls that time out after 2.5 s; another pings a different object every
   * 5 ms over the same (only) connection. No ping may wait for the slow call's deadline: its worst
   * latency stays below half of it (generous: on a loaded 2-CPU machine pings were seen to take a
   * few hundred ms for other reasons). The bug this guards against showed up only on a loaded machine
   * (two busy loops beside the test): the Manager held a ping's reply back while it ran the slow
   * call that had arrived in the same read, until the client sent again. The exact case is
   * {@code -Disolation.deadlineMillis=200 -Disolation.slowCalls=10}.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void anotherCallersDeadlineNeverHoldsUpMyReply() throws Exception {
    long slowDeadlineMillis = Long.getLong("isolation.deadlineMillis", 2500);
    int slowCalls = Integer.getInteger("isolation.slowCalls", 4);
    try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key)
        .connections(1).connect()) {
      // "concurrent" dispatches each call on its own, so the slow calls do not queue behind each other
      TestService slow = client.withTimeout(client.shared(TestService.class, "concurrent"),
          Duration.ofMillis(slowDeadlineMillis));
      TestService ping = client.shared(TestService.class, "other");
      ping.increment(); // opened and warm

      AtomicBoolean slowDone = new AtomicBoolean();
      CompletableFuture<List<Throwable>> slowCaller = CompletableFuture.supplyAsync(() -> {
        List<Throwable> failures = new ArrayList<>();
        try {
          for (int i = 0; i < slowCalls; i++) {
            try {
              slow.sleep(slowDeadlineMillis + 3000);
              failures.add(new AssertionError("the slow call returned before its deadline"));
            } catch (RuntimeException e) {
              failures.add(e);
            }
          }
        } finally {
          slowDone.set(true);
        }
        return failures;
      }, TestThreads.EACH);

      long worst = 0;
      long pings = 0;
      long[] latencies = new long[1 << 16];
      while (!slowDone.get()) {
        long start = System.nanoTime();
        ping.increment();
        long took = System.nanoTime() - start;
        worst = Math.max(worst, took);
        latencies[(int) (pings++ % latencies.length)] = took;
        Thread.sleep(5); // the pace of the pinging thread, not synchronisation
      }
      List<Throwable> failures = slowCaller.get(60, TimeUnit.SECONDS);
      assertEquals(slowCalls, failures.size());
      for (Throwable t : failures) {
        assertInstanceOf(CallTimeoutException.class, t);
      }
      long[] sorted = java.util.Arrays.copyOf(latencies, (int) Math.min(pings, latencies.length));
      java.util.Arrays.sort(sorted);
      System.out.printf("isolation: %d pings, p50 %.3f ms, p99 %.3f ms, worst %.3f ms (slow deadline %d ms)%n",
          pings, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, worst / 1e6,
          slowDeadlineMillis);
      assertTrue(pings > 10, "the pinging thread made only " + pings + " calls");
      assertTrue(worst < TimeUnit.MILLISECONDS.toNanos(slowDeadlineMillis) / 2,
          "a ping took " + worst / 1_000_000 + " ms while another thread's call waited for its "
              + slowDeadlineMillis + " ms deadline on the same connection");
    }
  }
}
