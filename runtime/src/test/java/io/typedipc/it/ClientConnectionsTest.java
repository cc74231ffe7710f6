package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Dispatch;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.ReconnectPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README §3: "Its threads share a few TCP connections (at most 4 by default): the thread that
 * connected uses the first, every other thread is given the next one in turn at its first call, and
 * a connection opens only when a thread given it first calls, so a single-threaded client uses
 * one", and {@code connections(1)}: everything over one connection — counted by the Manager
 * ({@code introspect().connections()}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientConnectionsTest {
  private final AuthKey key = AuthKey.generate();
  private Manager manager;

  @BeforeEach
  void start() {
    manager = TestTransport.manager(Manager.builder().address(0).authKey(key))
        .share(TestService.class, "service", new TestServiceImpl(), Dispatch.CONCURRENT).start();
  }

  @AfterEach
  void stop() {
    manager.close();
  }

  private int connections() {
    return manager.introspect().connections().size();
  }

  /** {@code threads} threads each make 3 calls of 200 ms, all starting together. */
  private static void callTogether(ManagerClient client, int threads) throws Exception {
    TestService service = client.shared(TestService.class, "service");
    CyclicBarrier together = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 3; i++) {
            together.await(30, TimeUnit.SECONDS);
            service.sleep(200);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSingleThreadedClientUsesOneConnection() {
    try (ManagerClient client = TestTransport.connect(manager.port(), key)) {
      TestService service = client.shared(TestService.class, "service");
      for (int i = 0; i < 100; i++) {
        service.increment();
      }
      assertEquals(1, connections());
    }
  }

  /**
   * "Every other thread is given the next one in turn at its first call": threads that call one
   * after another, never at once, still open the second, third and fourth connection, and the
   * fifth shares the first.
   */
  @Test
  void threadsAreGivenTheConnectionsInTurnAtTheirFirstCall() throws Exception {
    try (ManagerClient client = TestTransport.connect(manager.port(), key)) {
      TestService service = client.shared(TestService.class, "service");
      service.increment();
      int[] seen = new int[5];
      for (int t = 0; t < 5; t++) {
        Thread thread = new Thread(service::increment);
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(30));
        seen[t] = connections();
      }
      assertEquals("[2, 3, 4, 4, 4]", java.util.Arrays.toString(seen));
    }
  }

  /**
   * "A single-threaded client uses one" ({@code ManagerClient.Builder.connections}) after a reconnect
   * too: the new session's pool, opened by the reconnecting thread, still gives the first
   * connection to the thread that connected the client.
   */
  @Test
  void aSingleThreadedClientUsesOneConnectionAfterAReconnect() throws Exception {
    int port = manager.port();
    try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
        .address("127.0.0.1", port).authKey(key)
        .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofMillis(200), 1_000)).connect())) {
      TestService service = client.shared(TestService.class, "service");
      for (int i = 0; i < 10; i++) {
        service.increment();
      }
      assertEquals(1, connections());
      manager.close();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (client.isConnected()) {
        assertTrue(System.nanoTime() < deadline, "the client never noticed the Manager closed");
        Thread.sleep(10); // polling with a deadline
      }
      manager = TestTransport.manager(Manager.builder().address(port).authKey(key))
          .share(TestService.class, "service", new TestServiceImpl(), Dispatch.CONCURRENT).start();
      for (int i = 0; i < 10; i++) {
        service.increment(); // the first waits for the reconnect
      }
      assertEquals(1, connections(), "after the reconnect: " + manager.introspect().connections());
    }
  }

  @Test
  void manyThreadsCallingAtOnceUseAtMostFourByDefault() throws Exception {
    try (ManagerClient client = TestTransport.connect(manager.port(), key)) {
      callTogether(client, 8);
      assertEquals(4, connections(), "8 threads calling at once: 4 connections, no more");
      callTogether(client, 8);
      assertEquals(4, connections(), "connections are reused, not opened again");
    }
  }

  @Test
  void connectionsOneCarriesEverything() throws Exception {
    try (ManagerClient client = TestTransport.client(ManagerClient.builder().address("127.0.0.1", manager.port())
        .authKey(key).connections(1)).connect()) {
      callTogether(client, 8);
      assertEquals(1, connections());
    }
  }
}
