package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ManagerBusyException;
import io.typedipc.ManagerClient;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connections are capped: sockets that never authenticate cannot make the Manager start a thread
 * each (maxHandshakes), and authenticated connections beyond maxConnections are refused with a
 * clear error.
 */
@Timeout(120)
class ConnectionLimitsTest {

  /** 1,000 TCP sockets that send nothing: the Manager's threads stay bounded, others are served. */
  @Test
  void aThousandSilentSocketsDoNotCostAThreadEach() throws Exception {
    try (BoundedManager manager = BoundedManager.start("maxHandshakes=64");
        HonestClient honest = new HonestClient(manager, "service")) {
      int threadsBefore = manager.stats(false).threads();
      manager.resetPeakThreads();
      List<SocketChannel> silent = new ArrayList<>();
      int refused = 0;
      ExecutorService connecting = Executors.newFixedThreadPool(4);
      try {
        List<Future<SocketChannel>> opening = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          opening.add(connecting.submit(() -> RawConnection.tcp(manager.port, 0, 0)));
        }
        for (Future<SocketChannel> f : opening) {
          try {
            silent.add(f.get(60, TimeUnit.SECONDS));
          } catch (java.util.concurrent.ExecutionException e) {
            refused++; // a full accept queue may refuse some: that is fine too
          }
        }
        // hold them open for a while (well within the 10 s handshake timeout), watching the threads
        int peak = 0;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        do {
          peak = Math.max(peak, manager.stats(false).peakThreads());
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        } while (System.nanoTime() - until < 0);
        manager.assertAlive();
        String report = silent.size() + " silent sockets connected (" + refused + " refused); Manager threads "
            + threadsBefore + " before, at most " + peak + " during";
        System.out.println(report);
        honest.assertServedWithin1s();
        assertTrue(peak < 150, report);
      } finally {
        connecting.shutdownNow();
        for (SocketChannel s : silent) {
          closeQuietly(s);
        }
      }
      manager.assertServesSoon();
    }
  }

  /** With maxConnections(5), a sixth connection is refused with ManagerBusyException; one leaving makes room. */
  @Test
  void connectionsBeyondTheLimitAreRefusedClearly() throws Exception {
    try (BoundedManager manager = BoundedManager.start("maxConnections=5");
        HonestClient honest = new HonestClient(manager, "service")) {
      List<ManagerClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) { // with the honest client's connection: five
          ManagerClient c = manager.client();
          clients.add(c);
          assertEquals("in", c.shared(TestService.class, "other").echo("in"));
        }
        ManagerBusyException busy = assertThrows(ManagerBusyException.class, manager::client,
            "a sixth connection was accepted");
        String message = String.valueOf(busy.getMessage());
        assertTrue(message.contains("maximum") || message.contains("limit"),
            "the refusal should say the connection limit was reached: " + message);
        honest.assertServedWithin1s();
        clients.remove(0).close();
      } finally {
        clients.forEach(ManagerClient::close);
      }
      manager.assertServesSoon(); // room again once a client left
    }
  }

  private static void closeQuietly(SocketChannel socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
