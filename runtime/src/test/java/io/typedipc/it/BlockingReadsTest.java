package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.typedipc.AuthKey;
import io.typedipc.CallTimeoutException;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClient;
import io.typedipc.testing.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ManagerClient.Builder.blockingReads(true)}: the waiting thread blocks in the socket's read,
 * and deadlines are kept with the Manager's help (a wake-up PING it answers). What its Javadoc
 * promises, with the Manager in its own JVM: calls of every kind work; a deadline fails the call on
 * time while the Manager responds, whether the caller itself or the background thread is blocked
 * in the read; keep-alives still flow while a reader blocks; a stopped Manager fails the call only
 * once it answers, or ends the connection if it stays silent past its idle timeout.
 */
class BlockingReadsTest {
  private static AuthKey key;
  private static ChildJvm managerJvm;
  private static int port;

  @BeforeAll
  static void startManager() throws Exception {
    assumeFalse(TestTransport.sharedMemory(), "blocking reads are a plain TCP mode");
    key = AuthKey.generate();
    managerJvm = ChildJvm.start(TestManagerMain.class, key);
    port = Integer.parseInt(managerJvm.awaitLine("PORT", Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stopManager() {
    if (managerJvm != null) {
      managerJvm.close();
    }
  }

  private static ManagerClient.Builder client(int port) {
    return ManagerClient.builder().address("127.0.0.1", port).authKey(key).blockingReads(true);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void syncAndAsyncCallsFromSeveralThreadsAllComplete() throws Exception {
    try (ManagerClient client = client(port).connections(2).connect()) {
      TestService service = client.shared(TestService.class, "service");
      int before = service.get();
      List<CompletableFuture<Void>> threads = new ArrayList<>();
      List<CompletableFuture<Integer>> async = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        threads.add(Background.run(() -> {
          for (int i = 0; i < 500; i++) {
            service.increment();
          }
        }));
      }
      for (int i = 0; i < 2_000; i++) {
        async.add(service.incrementAsync());
      }
      for (CompletableFuture<Void> t : threads) {
        t.get(60, TimeUnit.SECONDS);
      }
      for (CompletableFuture<Integer> f : async) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertEquals(before + 4 * 500 + 2_000, service.get());
      assertEquals("x".repeat(100_000), service.echo("x".repeat(100_000)), "a frame larger than one read");
    }
  }

  /** The only caller on its connection holds the read side, blocked in the socket, when its deadline passes. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aBlockedCallersDeadlineFailsItOnTime() {
    try (ManagerClient client = client(port).connections(1).connect()) {
      TestService impatient = client.withTimeout(client.shared(TestService.class, "concurrent"), Duration.ofMillis(300));
      long start = System.nanoTime();
      assertThrows(CallTimeoutException.class, () -> impatient.sleep(10_000));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis >= 300 && millis < 5_000, "the call failed after " + millis + " ms (deadline 300 ms)");
      assertEquals("still here", client.shared(TestService.class, "other").echo("still here"),
          "the connection serves on after the timeout");
    }
  }

  /** Only an asynchronous call is pending: the background thread is blocked in the read. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void anAsyncDeadlineFailsItWhileTheBackgroundThreadReads() throws Exception {
    try (ManagerClient client = client(port).connections(1).connect()) {
      TestService impatient = assertAsyncDeadlineFailsOnTime(client);
      assertEquals("soon", impatient.later(10, "soon").get(20, TimeUnit.SECONDS));
    }
  }

  /**
   * The application keeps every worker of the JVM's common pool busy waiting (a blocking task of
   * its own): an expired asynchronous call still fails on time, since its failure is delivered on
   * a thread of the client's, not on the common pool.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void anAsyncDeadlineFailsOnTimeWhileTheCommonPoolIsBusy() throws Exception {
    try (TestThreads.CommonPoolHold busy = TestThreads.holdCommonPool();
        ManagerClient client = client(port).connections(1).connect()) {
      assertAsyncDeadlineFailsOnTime(client);
    }
  }

  /**
   * An asynchronous call with a 300 ms deadline to a method that answers after 10 s fails with
   * {@link CallTimeoutException} within 5 s; returns the impatient proxy.
   */
  private static TestService assertAsyncDeadlineFailsOnTime(ManagerClient client) {
    TestService impatient = client.withTimeout(client.shared(TestService.class, "concurrent"), Duration.ofMillis(300));
    long start = System.nanoTime();
    CompletableFuture<String> late = impatient.later(10_000, "too late");
    ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(20, TimeUnit.SECONDS));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertInstanceOf(CallTimeoutException.class, e.getCause());
    assertTrue(millis < 5_000, "the asynchronous call failed after " + millis + " ms (deadline 300 ms)");
    return impatient;
  }

  /** A call that outlives the Manager's idle timeout: the timer's keep-alives keep the connection. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void keepAlivesFlowWhileAReaderBlocks() throws Exception {
    try (ChildJvm bounded = ChildJvm.start(BoundedManagerMain.class, key, "idleTimeout=1500")) {
      int boundedPort = Integer.parseInt(bounded.awaitLine("PORT", Duration.ofSeconds(30)));
      try (ManagerClient client = client(boundedPort).connections(1).connect()) {
        TestService service = client.shared(TestService.class, "concurrent");
        service.sleep(5_000); // over three idle timeouts with only the keep-alives written
        assertEquals("alive", service.echo("alive"));
      }
    }
  }

  /**
   * The Javadoc's price: a stopped Manager cannot answer the wake-up, so the call ends only when
   * it runs again (with its result if that comes first, else {@link CallTimeoutException}); one
   * that stays silent past its idle timeout (the grace is at least 10 s) ends the connection.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aStoppedManagersCallFailsWhenItAnswersOrTheConnectionEnds() throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "needs kill -STOP");
    try (ChildJvm stopped = ChildJvm.start(BoundedManagerMain.class, key, "idleTimeout=2000")) {
      int stoppedPort = Integer.parseInt(stopped.awaitLine("PORT", Duration.ofSeconds(30)));
      try (ManagerClient client = client(stoppedPort).connections(1).connect()) {
        TestService impatient = client.withTimeout(client.shared(TestService.class, "service"), Duration.ofMillis(300));
        assertEquals("warm", impatient.echo("warm"));

        stopped.signal("STOP");
        CompletableFuture<String> call;
        try {
          call = CompletableFuture.supplyAsync(() -> impatient.echo("while stopped"), TestThreads.EACH);
          assertThrows(TimeoutException.class, () -> {
            String got = call.get(1_500, TimeUnit.MILLISECONDS);
            throw new AssertionError("the call returned '" + got + "' while the Manager was stopped");
          }, "the call returned while the Manager was stopped; then this mode needs no Manager to keep deadlines");
        } finally {
          stopped.signal("CONT");
        }
        try { // its reply and the answer to the wake-up were both waiting: whichever comes first ends it
          assertEquals("while stopped", call.get(20, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          assertInstanceOf(CallTimeoutException.class, e.getCause());
        }
        assertEquals("after", impatient.echo("after"), "the connection survives a Manager that answers again");

        stopped.signal("STOP");
        try {
          long start = System.nanoTime();
          assertThrows(ConnectionLostException.class, () -> impatient.echo("silent"));
          long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          assertTrue(millis >= 9_000 && millis < 40_000, "the connection ended after " + millis + " ms (grace 10 s)");
        } finally {
          stopped.signal("CONT");
        }
      }
    }
  }

}
