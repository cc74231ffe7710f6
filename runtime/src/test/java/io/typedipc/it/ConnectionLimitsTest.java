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

  /**
   * A client allowed 4 connections, whose Manager takes only 2: the extra connections it is refused
   * are not an error for its calls, which share the connections it has; and it does not ask the
   * Manager again on every call.
   */
  @Test
  void aClientRefusedExtraConnectionsCallsOverTheOnesItHas() throws Exception {
    try (BoundedManager manager = BoundedManager.start("maxConnections=2");
        ManagerClient client = ManagerClient.builder().address("127.0.0.1", manager.port).authKey(manager.key)
            .connections(4).callTimeout(java.time.Duration.ofSeconds(10)).connect()) {
      TestService service = client.shared(TestService.class, "service");
      ExecutorService callers = Executors.newFixedThreadPool(8); // eight threads: every connection index is used
      try {
        List<Future<String>> calls = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int n = t;
          calls.add(callers.submit(() -> {
            String last = null;
            for (int i = 0; i < 50; i++) {
              last = service.echo("t" + n + "-" + i);
            }
            return last;
          }));
        }
        for (int t = 0; t < 8; t++) {
          assertEquals("t" + t + "-49", calls.get(t).get(60, TimeUnit.SECONDS));
        }
      } finally {
        callers.shutdownNow();
      }
      String refusal = "already serves its maximum number of connections";
      manager.awaitOutput(refusal, java.time.Duration.ofSeconds(10)); // the pool did ask for more
      int refusals = manager.jvm.output().split(refusal, -1).length - 1;
      assertTrue(refusals <= 2, "the pool asked " + refusals + " times for connections 3 and 4; at most once each");
      assertTrue(client.isConnected(), "refused extra connections must not make the client look broken");
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
