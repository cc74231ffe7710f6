package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.CallTimeoutException;
import io.typedipc.ManagerBusyException;
import io.typedipc.ManagerClient;
import io.typedipc.internal.wire.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's bounds hold at their <em>defaults</em>, with a Manager built without any bound
 * setting (in its own JVM): the other bound tests set small values to be quick, and {@code
 * BoundsTableTest} only compares the README's table with the constants. Checked here, as a client
 * sees them: 64 connections still authenticating ({@code maxHandshakes}) and the 10 s handshake
 * timeout; 1,024 authenticated connections ({@code maxConnections}); 10,000 parked calls of one
 * connection ({@code maxParkedCalls}); and on the client's side, 65,536 calls waiting for their
 * replies on one connection ({@code ManagerClient.Builder.maxPendingCalls}).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DefaultBoundsTest {
  private static final int HELLO_BYTES = 4 + 2 + 4 + Protocol.NONCE_BYTES;
  private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

  /**
   * 64 silent sockets each get the Manager's hello (they are authenticating); a 65th gets nothing
   * and is closed at once; and each of the 64 is closed by the Manager about 10 s after it
   * connected, not before.
   */
  @Test
  void sixtyFourHandshakesAtOnceEachGivenTenSeconds() throws Exception {
    try (BoundedManager manager = BoundedManager.start()) {
      List<SocketChannel> silent = new ArrayList<>();
      List<Long> openedAt = new ArrayList<>();
      try {
        long first = System.nanoTime();
        for (int i = 0; i < 64; i++) {
          openedAt.add(System.nanoTime());
          SocketChannel s = RawConnection.tcp(manager.port, 0, 0);
          silent.add(s);
          assertEquals(HELLO_BYTES, read(s, HELLO_BYTES, Duration.ofSeconds(10)),
              "silent socket " + i + " got the Manager's hello: it is authenticating");
        }
        long start = System.nanoTime();
        int extraBytes;
        try (SocketChannel extra = RawConnection.tcp(manager.port, 0, 0)) {
          extraBytes = read(extra, HELLO_BYTES, Duration.ofSeconds(30));
        }
        long extraMillis = millis(System.nanoTime() - start);
        long heldMillis = millis(System.nanoTime() - first);
        assertTrue(heldMillis < HANDSHAKE_TIMEOUT_MILLIS, "opening the 64 took " + heldMillis
            + " ms: the first handshakes may have timed out meanwhile, and the test proves nothing");
        assertEquals(0, extraBytes, "the 65th socket was sent the hello: it was let into a handshake");
        assertTrue(extraMillis < HANDSHAKE_TIMEOUT_MILLIS / 2, "the 65th socket was closed only after " + extraMillis + " ms");

        long earliest = Long.MAX_VALUE;
        long latest = 0;
        for (int i = 0; i < silent.size(); i++) {
          // read until the Manager closes it: at most the 10 s timeout plus a generous margin
          read(silent.get(i), Integer.MAX_VALUE, Duration.ofSeconds(60));
          long closedAfter = millis(System.nanoTime() - openedAt.get(i));
          earliest = Math.min(earliest, closedAfter);
          latest = Math.max(latest, closedAfter);
        }
        System.out.println("default handshake timeout: 64 silent sockets closed " + earliest + "-" + latest
            + " ms after connecting (the 65th refused after " + extraMillis + " ms)");
        assertTrue(earliest >= HANDSHAKE_TIMEOUT_MILLIS - 200,
            "a silent socket was closed " + earliest + " ms after connecting, before the 10 s handshake timeout");
        assertTrue(latest < HANDSHAKE_TIMEOUT_MILLIS + 20_000,
            "a silent socket was closed only " + latest + " ms after connecting");
      } finally {
        for (SocketChannel s : silent) {
          s.close();
        }
      }
      manager.assertServesSoon();
    }
  }

  /**
   * 1,024 authenticated connections are served; the 1,025th client proves its key and its {@code
   * connect} fails with {@link ManagerBusyException}; one leaving makes room.
   */
  @Test
  void aThousandAndTwentyFourConnectionsAreServedAndTheNextIsBusy() throws Exception {
    try (BoundedManager manager = BoundedManager.start()) {
      List<RawConnection> connections = new ArrayList<>();
      try {
        long start = System.nanoTime();
        for (int i = 0; i < 1024; i++) {
          connections.add(RawConnection.authenticated(manager.port, manager.key));
        }
        long openMillis = millis(System.nanoTime() - start);
        System.out.println("1,024 authenticated connections opened in " + openMillis + " ms");
        assertTrue(openMillis < 45_000, "opening them took " + openMillis
            + " ms: the first may have reached the 60 s idle timeout meanwhile, and the test proves nothing");
        ManagerBusyException busy = assertThrows(ManagerBusyException.class, manager::client,
            "a 1,025th connection was accepted");
        assertTrue(busy.getMessage().contains("maximum number of connections"), busy.getMessage());
        RawConnection last = connections.remove(connections.size() - 1);
        last.close();
        manager.assertServesSoon();
      } finally {
        connections.forEach(RawConnection::close);
      }
    }
  }

  /**
   * One connection parks 10,000 calls (futures that complete in two minutes); the 10,001st fails
   * at once with {@link ManagerBusyException}, the parked ones stay parked, and a call that does
   * not park still runs.
   */
  @Test
  void tenThousandParkedCallsOfAConnectionAndTheNextIsRefused() throws Exception {
    try (BoundedManager manager = BoundedManager.start();
        ManagerClient client = manager.client(Duration.ofSeconds(150))) {
      TestService service = client.shared(TestService.class, "concurrent");
      List<CompletableFuture<String>> parked = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        parked.add(service.later(120_000, "late"));
      }
      assertEquals(1, service.increment(), "the connection still runs calls that do not park");
      CompletableFuture<String> refused = service.later(120_000, "one too many");
      ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(30, TimeUnit.SECONDS),
          "the 10,001st parked call was not refused");
      assertTrue(e.getCause() instanceof ManagerBusyException, "refused with " + e.getCause());
      long ended = parked.stream().filter(CompletableFuture::isDone).count();
      assertEquals(0, ended, ended + " of the 10,000 parked calls ended early");
      manager.assertServes();
    }
  }

  /**
   * The client's side, "Security model": a connection holds at most 65,536 calls waiting for their
   * replies by default; one more waits for room until its deadline, then fails with {@link
   * CallTimeoutException}. Here the Manager lets the calls park (its own bound raised for that).
   */
  @Test
  void aClientConnectionHoldsSixtyFiveThousandFiveHundredThirtySixPendingCalls() throws Exception {
    try (BoundedManager manager = BoundedManager.start("maxParkedCalls=70000");
        ManagerClient client = manager.client(Duration.ofSeconds(150))) {
      TestService service = client.shared(TestService.class, "concurrent");
      List<CompletableFuture<String>> pending = new ArrayList<>();
      for (int i = 0; i < 65_536; i++) {
        pending.add(service.later(120_000, "late"));
      }
      TestService impatient = client.withTimeout(service, Duration.ofSeconds(1));
      long start = System.nanoTime();
      CompletableFuture<String> refused = impatient.later(0, "no room");
      ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(30, TimeUnit.SECONDS),
          "a 65,537th pending call was sent");
      long waited = millis(System.nanoTime() - start);
      assertTrue(e.getCause() instanceof CallTimeoutException, "failed with " + e.getCause());
      assertTrue(e.getCause().getMessage().contains("65536 calls were already waiting"), e.getCause().getMessage());
      assertTrue(waited >= 900, "it failed after " + waited + " ms, before its 1 s deadline");
      long ended = pending.stream().filter(CompletableFuture::isDone).count();
      assertEquals(0, ended, ended + " of the 65,536 pending calls ended early");
    }
  }

  /** Reads up to {@code limit} bytes until the peer closes; returns how many came. */
  private static int read(SocketChannel s, int limit, Duration timeout) throws IOException {
    s.socket().setSoTimeout((int) timeout.toMillis());
    InputStream in = s.socket().getInputStream();
    byte[] buffer = new byte[256];
    int total = 0;
    while (total < limit) {
      int n;
      try {
        n = in.read(buffer, 0, (int) Math.min(buffer.length, (long) limit - total));
      } catch (SocketTimeoutException e) {
        throw e;
      } catch (IOException e) {
        if (String.valueOf(e.getMessage()).contains("reset")) {
          return total;
        }
        throw e;
      }
      if (n < 0) {
        return total;
      }
      total += n;
    }
    return total;
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
