package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.internal.wire.Protocol;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code writeStallTimeout} (here {@value #STALL_MILLIS} ms): a write to a client making no
 * progress closes the connection after about that long; a client that reads slowly but steadily
 * makes progress and is not cut. Replies are 8 MiB, far below {@code maxReplyBytes} (32 MiB), so
 * the reply bound plays no part. The Manager runs in its own JVM.
 */
@Timeout(120)
class WriteStallTest {
  private static final long STALL_MILLIS = 2000; // a loaded machine (load 16) once paused the steady reader past 1 s
  private static final int REPLY = 8 * 1024 * 1024;
  private static BoundedManager manager;

  @BeforeAll
  static void startManager() throws Exception {
    manager = BoundedManager.start("writeStallTimeout=" + STALL_MILLIS);
  }

  @AfterAll
  static void stopManager() {
    manager.close();
  }

  /**
   * A client asks for an 8 MiB reply and reads nothing: once the sockets' buffers are full, the
   * Manager's write makes no progress, and the connection is closed about STALL_MILLIS later. An
   * honest client is served meanwhile. (It calls another object: encoding an 8 MiB reply is the
   * call's own work, inside its object's turn, and takes 0.1 s here, more on a loaded machine;
   * that a reply waiting for a non-reader never holds the object is {@link SlowReaderTest}'s.)
   */
  @Test
  void aClientThatStopsReadingIsClosedAfterTheWriteStallTimeout() throws Exception {
    try (HonestClient honest = new HonestClient(manager, "other");
        RawConnection raw = RawConnection.authenticated(manager.port, manager.key, 64 * 1024, 0)) {
      int service = raw.openService("service");
      raw.send(RawConnection.call(2, service, "echoBytes", (Object) new byte[REPLY]));
      long sent = System.nanoTime(); // the Manager starts writing the reply after this
      String line = manager.awaitOutput(closingFragment(raw), Duration.ofSeconds(20));
      long closedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
      RawConnection.Ending end = raw.readUntilClosed(Duration.ofSeconds(10));
      System.out.println("a client that stopped reading was closed " + closedAfter + " ms after its call ("
          + line.trim() + "); it then read " + end);
      assertTrue(closedAfter >= STALL_MILLIS - 50, "closed after " + closedAfter + " ms, before the write stalled for "
          + STALL_MILLIS + " ms");
      assertTrue(closedAfter < STALL_MILLIS + 4000, "closed only after " + closedAfter + " ms");
      assertEquals(0, end.frames(), "the 8 MiB reply cannot have arrived whole");
      honest.assertServedWithin1s();
    }
    manager.assertServes();
  }

  /**
   * A client that reads its 8 MiB reply slowly but steadily (64 KiB every 30 ms, about 2 MiB/s:
   * four seconds in all, each step far shorter than STALL_MILLIS) keeps the Manager's write making
   * progress: it gets the whole reply and keeps its connection.
   */
  @Test
  void aClientThatReadsSlowlyButSteadilyIsNotCut() throws Exception {
    try (RawConnection raw = RawConnection.authenticated(manager.port, manager.key, 64 * 1024, 0)) {
      int service = raw.openService("service");
      CompletableFuture<Long> closedByManager = new CompletableFuture<>();
      Background.run(() -> { // notes when the Manager says it closes this connection, if it does
        try {
          manager.awaitOutput(closingFragment(raw), Duration.ofSeconds(30));
          closedByManager.complete(System.nanoTime());
        } catch (InterruptedException | AssertionError e) {
          closedByManager.completeExceptionally(e);
        }
      });
      raw.send(RawConnection.call(2, service, "echoBytes", (Object) new byte[REPLY]));
      raw.socket.socket().setSoTimeout(10_000);
      InputStream in = raw.socket.socket().getInputStream();
      byte[] chunk = new byte[64 * 1024];
      long total = 0;
      long start = 0;
      try {
        long left = new DataInputStream(in).readInt(); // the reply's frame: its length, then its bytes
        start = System.nanoTime(); // the Manager is writing the reply
        total = 4;
        while (left > 0) {
          int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
          if (n < 0) {
            throw new EOFException("closed by the Manager");
          }
          left -= n;
          total += n;
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(30)); // the slow reader's pace
        }
      } catch (IOException e) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String log = manager.jvm.output().lines().filter(l -> l.contains(closingFragment(raw))).findFirst().orElse("");
        Long closedAt = closedByManager.getNow(null);
        throw new AssertionError("a client reading its reply steadily (" + (total * 1000 / Math.max(1, millis) / 1024)
            + " KiB/s) was cut: the Manager closed the connection "
            + (closedAt == null ? "(when?)" : TimeUnit.NANOSECONDS.toMillis(closedAt - start) + " ms")
            + " after the reply began to arrive, saying: " + log.trim() + "; the client read " + total / 1024
            + " KiB (the last from the Manager's socket buffer) and then " + e, e);
      }
      System.out.println("a slow reader read its " + total + "-byte reply in "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms and kept its connection");
      raw.send(RawConnection.call(3, service, "echo", "still here"));
      RawConnection.Reply echo = raw.readReply(Duration.ofSeconds(10));
      assertEquals(Protocol.RESULT, echo.type());
      assertEquals(3, echo.id());
    }
  }

  /** How the Manager's log starts the line saying it closes {@code raw}'s connection for a write stall. */
  private static String closingFragment(RawConnection raw) {
    int port = raw.socket.socket().getLocalPort();
    return "closing connection from /127.0.0.1:" + port + ": it has not read its replies for";
  }
}
