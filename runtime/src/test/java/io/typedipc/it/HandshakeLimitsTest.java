package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.AuthenticationException;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerBusyException;
import io.typedipc.ManagerClient;
import io.typedipc.internal.wire.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bounds on connections before and at authentication, as a client (or a hostile peer) sees
 * them, with the Manager in its own JVM: beyond {@code maxHandshakes} sockets still
 * authenticating a further socket is closed at once; a handshake that does not finish within
 * {@code handshakeTimeout} is closed, however slowly it trickles; at {@code maxConnections} a
 * client must still prove its key before it is told the Manager is busy.
 */
@Timeout(120)
class HandshakeLimitsTest {
  private static final int HANDSHAKES = 4;
  private static final long HANDSHAKE_TIMEOUT_MILLIS = 4000;
  private static final int CONNECTIONS = 3;
  private static final int HELLO_BYTES = 4 + 2 + 4 + Protocol.NONCE_BYTES;
  private static BoundedManager manager;

  @BeforeAll
  static void startManager() throws Exception {
    manager = BoundedManager.start("maxHandshakes=" + HANDSHAKES, "handshakeTimeout=" + HANDSHAKE_TIMEOUT_MILLIS,
        "maxConnections=" + CONNECTIONS);
  }

  @AfterAll
  static void stopManager() {
    manager.close();
  }

  /**
   * With HANDSHAKES silent sockets in their handshake (each got the Manager's hello), a further
   * socket gets no hello: it is closed at once, long before the handshake timeout, and a real
   * client fails to connect just as fast. Authenticated clients are served meanwhile; once the
   * silent sockets go, clients connect again.
   */
  @Test
  void aSocketBeyondMaxHandshakesIsClosedAtOnce() throws Exception {
    try (HonestClient honest = new HonestClient(manager, "service")) {
      List<SocketChannel> silent = new ArrayList<>();
      long opened = System.nanoTime();
      try {
        for (int i = 0; i < HANDSHAKES; i++) {
          SocketChannel s = RawConnection.tcp(manager.port, 0, 0);
          silent.add(s);
          assertEquals(HELLO_BYTES, readUntilClosed(s, HELLO_BYTES, Duration.ofSeconds(5)).bytes(),
              "silent socket " + i + " got the Manager's hello: it is authenticating");
        }

        long start = System.nanoTime();
        Closed extra;
        try (SocketChannel s = RawConnection.tcp(manager.port, 0, 0)) {
          extra = readUntilClosed(s, HELLO_BYTES, Duration.ofSeconds(HANDSHAKE_TIMEOUT_MILLIS * 2));
        }
        long extraMillis = millis(System.nanoTime() - start);

        start = System.nanoTime();
        ConnectionLostException refused = assertThrows(ConnectionLostException.class, () -> manager.client(),
            "a client connected while " + HANDSHAKES + " sockets were authenticating");
        long clientMillis = millis(System.nanoTime() - start);
        long heldMillis = millis(System.nanoTime() - opened);
        System.out.println("beyond maxHandshakes=" + HANDSHAKES + ": a socket was closed after " + extraMillis
            + " ms having read " + extra.bytes() + " bytes" + (extra.reset() ? " (reset)" : "")
            + "; a client failed after " + clientMillis + " ms with: " + refused.getMessage());
        assertTrue(heldMillis < HANDSHAKE_TIMEOUT_MILLIS, "the silent sockets' handshakes may have timed out meanwhile ("
            + heldMillis + " ms): the test proves nothing");
        assertEquals(0, extra.bytes(), "the socket beyond the limit was sent the hello: it was let into a handshake");
        // refused at once, not after a handshake timeout (half of it: a loaded machine once took over 1 s)
        assertTrue(extraMillis < HANDSHAKE_TIMEOUT_MILLIS / 2, "the socket beyond the limit was closed only after " + extraMillis + " ms");
        assertTrue(clientMillis < HANDSHAKE_TIMEOUT_MILLIS / 2, "the client beyond the limit failed only after " + clientMillis + " ms");
        honest.assertServedWithin1s();
      } finally {
        for (SocketChannel s : silent) {
          s.close();
        }
      }
      manager.assertServesSoon();
    }
  }

  /**
   * A peer that reads the hello and then sends its answer one byte every 100 ms (it would need
   * 7 s) is closed when the handshake timeout passes: trickling does not extend it.
   */
  @Test
  void aHandshakeNotFinishedInTimeIsClosedHoweverItTrickles() throws Exception {
    long start = System.nanoTime();
    try (SocketChannel s = RawConnection.tcp(manager.port, 0, 0)) {
      assertEquals(HELLO_BYTES, readUntilClosed(s, HELLO_BYTES, Duration.ofSeconds(5)).bytes(), "the hello");
      CompletableFuture<Long> closedAt = new CompletableFuture<>();
      Background.run(() -> {
        try {
          readUntilClosed(s, Integer.MAX_VALUE, Duration.ofSeconds(30));
          closedAt.complete(System.nanoTime());
        } catch (IOException e) {
          closedAt.completeExceptionally(e);
        }
      });
      int sent = 0;
      while (!closedAt.isDone() && sent < HELLO_BYTES + Protocol.MAC_BYTES) {
        try {
          s.write(ByteBuffer.wrap(new byte[] {0}));
          sent++;
        } catch (IOException e) {
          break; // the Manager has closed it
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // the trickle's pace
      }
      long closed = closedAt.get(30, TimeUnit.SECONDS);
      long after = millis(closed - start);
      System.out.println("a trickling handshake (" + sent + " bytes sent) was closed after " + after + " ms");
      assertTrue(after >= HANDSHAKE_TIMEOUT_MILLIS - 100 && after < HANDSHAKE_TIMEOUT_MILLIS + 3000,
          "a trickling handshake was closed after " + after + " ms, handshake timeout " + HANDSHAKE_TIMEOUT_MILLIS + " ms");
      assertTrue(sent < HELLO_BYTES + Protocol.MAC_BYTES, "the whole answer was sent before the Manager closed it");
    }
    assertTrue(manager.awaitOutput("timed out", Duration.ofSeconds(5)).contains("handshake"));
  }

  /**
   * At maxConnections, a client with a wrong key is refused for its key (it is never told the
   * Manager is busy), and one with the right key is told the Manager is busy.
   */
  @Test
  void atTheConnectionLimitAClientStillProvesItsKeyBeforeBeingToldTheManagerIsBusy() throws Exception {
    try (HonestClient honest = new HonestClient(manager, "service")) {
      List<ManagerClient> clients = new ArrayList<>();
      try {
        for (int i = 1; i < CONNECTIONS; i++) { // with the honest client's: CONNECTIONS
          ManagerClient c = manager.client();
          clients.add(c);
          assertEquals("in", c.shared(TestService.class, "other").echo("in"));
        }
        AuthenticationException wrongKey = assertThrows(AuthenticationException.class,
            () -> ManagerClient.builder().address("127.0.0.1", manager.port).authKey(AuthKey.generate()).connect(),
            "a client with a wrong key at the connection limit");
        ManagerBusyException busy = assertThrows(ManagerBusyException.class, () -> manager.client(),
            "a client with the right key at the connection limit");
        System.out.println("at maxConnections=" + CONNECTIONS + ": wrong key → " + wrongKey.getMessage()
            + "; right key → " + busy.getMessage());
        honest.assertServedWithin1s();
      } finally {
        clients.forEach(ManagerClient::close);
      }
    }
    manager.assertServesSoon();
  }

  // ------------------------------------------------------------------ helpers

  /** How a socket ended: the bytes it read, and whether it ended with a reset. */
  record Closed(int bytes, boolean reset) {}

  /**
   * Reads until {@code limit} bytes arrived or the Manager closed the socket.
   *
   * @throws SocketTimeoutException if neither happened within {@code timeout}
   */
  private static Closed readUntilClosed(SocketChannel s, int limit, Duration timeout) throws IOException {
    s.socket().setSoTimeout((int) timeout.toMillis());
    InputStream in = s.socket().getInputStream();
    byte[] buffer = new byte[256];
    int total = 0;
    while (total < limit) {
      int n;
      try {
        n = in.read(buffer, 0, Math.min(buffer.length, limit - total));
      } catch (SocketTimeoutException e) {
        throw e;
      } catch (IOException e) {
        if (String.valueOf(e.getMessage()).contains("reset")) {
          return new Closed(total, true);
        }
        throw e;
      }
      if (n < 0) {
        return new Closed(total, false);
      }
      total += n;
    }
    return new Closed(total, false);
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
