package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.typedipc.AuthKey;
import io.typedipc.Dispatch;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
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
 * README §3: "Its threads share a few TCP connections (at most 4 by default, opened only as more
 * threads call at once)", and {@code connections(1)}: everything over one connection — counted by
 * the Manager ({@code introspect().connections()}).
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
