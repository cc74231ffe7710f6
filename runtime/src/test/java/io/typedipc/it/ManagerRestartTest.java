package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CPython's manager-restart tests: a Manager started on the port of one just closed. When {@code
 * Manager.close()} has returned, the port is free again — the listening socket is closed for good
 * even though the accept thread was blocked in {@code accept}, and the address is reusable while the
 * old connections linger in TIME_WAIT, also when two threads close it at once. Clients in another
 * JVM keep connecting and calling all the time, and busy threads load the CPUs.
 */
class ManagerRestartTest {
  private static final int ROUNDS = 30;

  @Test
  @Timeout(240)
  void aManagerRestartsOnThePortOfTheOneJustClosedManyTimesInARow() throws Exception {
    AuthKey key = AuthKey.generate();
    AtomicBoolean loading = new AtomicBoolean(true);
    List<Thread> load = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread t = new Thread(() -> {
        long x = 0;
        while (loading.get()) {
          x += System.nanoTime() % 7;
        }
        if (x == 42) {
          System.out.print("");
        }
      }, "cpu-load-" + i);
      t.setDaemon(true);
      t.start();
      load.add(t);
    }
    int port = 0;
    ChildJvm clients = null;
    try {
      for (int round = 0; round < ROUNDS; round++) {
        TestServiceImpl service = new TestServiceImpl();
        Manager manager;
        try {
          manager = Manager.builder().address(port).authKey(key).share(TestService.class, "service", service).start();
        } catch (UncheckedIOException e) {
          throw new AssertionError("round " + round + ": the port of the Manager closed just before is not free", e);
        }
        try {
          if (port == 0) {
            port = manager.port();
            clients = ChildJvm.start(RestartClientMain.class, key, Integer.toString(port));
            clients.awaitLine("STARTED", Duration.ofSeconds(60));
          }
          // wait until a client of the other JVM is connected and calling this Manager
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (service.get() == 0) {
            if (System.nanoTime() > deadline) {
              fail("round " + round + ": no client called the restarted Manager within 60 s; client output:\n" + clients.output());
            }
            Thread.sleep(5); // polling with a deadline, not synchronisation
          }
        } finally {
          if (round % 3 == 2) { // two threads close it at once: whichever returns, the port is free
            Thread other = new Thread(manager::close, "other-closer");
            other.start();
            manager.close();
            other.join(30_000);
          } else {
            manager.close();
          }
        }
      }
      assertTrue(clients.isAlive(), clients.output());
    } finally {
      loading.set(false);
      if (clients != null) {
        clients.close();
      }
      for (Thread t : load) {
        t.join(5_000);
      }
    }
  }
}
