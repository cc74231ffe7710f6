package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClient;
import io.typedipc.internal.wire.Protocol;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bound of replies waiting for one connection's client to read them ({@code maxReplyBytes}, here
 * {@value #REPLY_MIB} MiB): above half of it the Manager stops reading that connection; at the
 * bound the connection is closed and the client's calls fail with {@link ConnectionLostException};
 * other clients of the same object are not delayed. The write-stall timeout is set far beyond
 * these tests (60 s), so whatever closes a connection here is the bound. The Manager runs in its
 * own JVM.
 */
@Timeout(120)
class ReplyBoundTest {
  private static final int MiB = 1024 * 1024;
  private static final int REPLY_MIB = 16;
  private static BoundedManager manager;

  @BeforeAll
  static void startManager() throws Exception {
    manager = BoundedManager.start("maxReplyBytes=" + REPLY_MIB * MiB, "writeStallTimeout=60000");
  }

  @AfterAll
  static void stopManager() {
    manager.close();
  }

  /**
   * A raw client that does not read sends 28 calls whose 512 KiB replies come due in 2 s (14 MiB:
   * more than half the bound even after the sockets' buffers took their share, less than the
   * bound), then floods the Manager with keep-alive frames. The Manager reads the flood until the
   * replies are due, then stops: the flood is pushed back, and the connection stays open. Once the
   * client reads its replies, every one of them is there and the Manager reads it again.
   */
  @Test
  void aboveHalfTheBoundTheManagerStopsReadingThatConnection() throws Exception {
    try (HonestClient honest = new HonestClient(manager, "service");
        RawConnection raw = RawConnection.authenticated(manager.port, manager.key, 64 * 1024, 64 * 1024)) {
      int service = raw.openService("service");
      int calls = 28;
      String reply = "r".repeat(512 * 1024);
      byte[][] frames = new byte[calls][];
      for (int i = 0; i < calls; i++) {
        frames[i] = RawConnection.call(10 + i, service, "later", 2000L, reply);
      }
      long sent = System.nanoTime();
      raw.send(RawConnection.concat(frames)); // read at once: no reply waits yet
      long due = sent + TimeUnit.MILLISECONDS.toNanos(2000);

      byte[] pings = new byte[64 * 1024];
      for (int at = 0; at + 6 <= pings.length; at += 6) {
        pings[at + 3] = 2; // a frame of two bytes: PING, id 0
        pings[at + 4] = Protocol.PING;
      }
      int usable = pings.length - pings.length % 6;
      long floodStart = System.nanoTime();
      AtomicReference<ByteBuffer> current = new AtomicReference<>();
      CallFloodTest.Flood flood = CallFloodTest.flood(raw.socket, () -> {
        current.set(ByteBuffer.wrap(pings, 0, usable));
        return current.get();
      }, Duration.ofSeconds(20), Duration.ofMillis(1500));
      raw.socket.configureBlocking(true);
      long lastProgress = floodStart + TimeUnit.MILLISECONDS.toNanos(flood.elapsedMillis() - flood.stalledMillis());
      long readUntilMillis = TimeUnit.NANOSECONDS.toMillis(lastProgress - due);
      String report = "keep-alive flood: " + flood + "; the Manager read it until " + readUntilMillis
          + " ms after the replies came due";
      System.out.println(report);
      manager.assertAlive();
      assertTrue(!flood.closed(), "the connection was closed below the bound: " + report);
      assertTrue(flood.stalledMillis() >= 1500, "the Manager kept reading a client that does not read: " + report);
      assertTrue(lastProgress - due > -TimeUnit.MILLISECONDS.toNanos(100),
          "the Manager stopped reading before the replies waited: " + report);
      honest.assertServedWithin1s();

      // the client reads: every reply is there, and the Manager reads it again
      for (int i = 0; i < calls; i++) {
        RawConnection.Reply r = raw.readReply(Duration.ofSeconds(20));
        assertEquals(10 + i, r.id(), "replies in order");
        assertEquals(reply.length(), ((String) r.value(String.class)).length());
      }
      while (current.get().hasRemaining()) {
        raw.socket.write(current.get()); // the rest of the frame the flood was in the middle of
      }
      raw.send(RawConnection.call(99, service, "echo", "reading again"));
      RawConnection.Reply echo = raw.readReply(Duration.ofSeconds(20));
      assertEquals(99, echo.id());
      assertEquals("reading again", echo.value(String.class));
    }
  }

  /**
   * A real client whose reading thread is blocked (in a callback of one of its futures) has 28
   * calls in the Manager whose 1 MiB replies all come due at once: they reach the bound and the
   * Manager closes the connection, long before its write-stall timeout; an honest client of the
   * same object is not delayed meanwhile. Once the callback returns, every call of the blocked
   * client has ended: with its reply (those the sockets' buffers held) or ConnectionLostException.
   */
  @Test
  void atTheBoundTheConnectionIsClosedAndItsCallsFailWithConnectionLost() throws Exception {
    List<Throwable> lost = blockedReaderReachesTheBound();
    assertTrue(!lost.isEmpty(), "no call failed with ConnectionLostException");
    for (Throwable t : lost) {
      assertTrue(t instanceof ConnectionLostException, "a call failed with " + t);
    }
  }

  /** The scenario of the two tests above; returns the failures of the blocked client's calls. */
  private static List<Throwable> blockedReaderReachesTheBound() throws Exception {
    try (HonestClient honest = new HonestClient(manager, "service");
        ManagerClient client = manager.client(Duration.ofSeconds(60))) {
      TestService service = client.shared(TestService.class, "service");
      CountDownLatch blocked = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<String> blocker = service.later(300, "block").thenApply(v -> {
        blocked.countDown();
        try {
          release.await(60, TimeUnit.SECONDS); // the thread that reads this connection's replies waits here
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return v;
      });
      assertTrue(blocked.await(10, TimeUnit.SECONDS), "the callback did not run");

      String big = "b".repeat(MiB);
      int calls = 28;
      List<CompletableFuture<String>> replies = new ArrayList<>();
      CompletableFuture<Void> sending = Background.run(() -> {
        for (int i = 0; i < calls; i++) {
          CompletableFuture<String> f;
          try {
            f = service.later(1500, big);
          } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e); // the connection was closed while this one was written
          }
          synchronized (replies) {
            replies.add(f);
          }
        }
      });
      long start = System.nanoTime();
      String closed = manager.awaitOutput("(maxReplyBytes)", Duration.ofSeconds(30));
      long closedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      honest.assertServedWithin1s();

      release.countDown();
      assertEquals("block", blocker.get(10, TimeUnit.SECONDS));
      sending.get(10, TimeUnit.SECONDS);
      int answered = 0;
      List<Throwable> failures = new ArrayList<>();
      for (CompletableFuture<String> f : replies) {
        try {
          assertEquals(MiB, f.get(10, TimeUnit.SECONDS).length());
          answered++;
        } catch (ExecutionException e) {
          failures.add(e.getCause());
        }
      }
      System.out.println("a client that stopped reading was closed " + closedAfter + " ms after its calls began ("
          + closed.trim() + "); " + answered + " calls answered, " + failures.size() + " failed"
          + (failures.isEmpty() ? "" : ", the first with: " + failures.get(0)));
      assertTrue(!client.isConnected(), "the client still thinks it is connected");
      return failures;
    }
  }
}
