package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.internal.wire.Protocol;
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
 * What connections cost the Manager's heap (a 256 MiB Manager in its own JVM): a buffer grows with
 * the bytes that arrived, never with the length a peer announced; an idle connection is cheap.
 */
@Timeout(120)
class ConnectionMemoryTest {
  private static final long MiB = 1024 * 1024;

  /**
   * 64 authenticated connections each send only a 4-byte length announcing a 16 MiB frame (the
   * frame limit) and then nothing: 256 bytes in all must not cost the Manager 1 GiB.
   */
  @Test
  void aFrameLengthAloneCostsTheManagerNoMemory() throws Exception {
    try (BoundedManager manager = BoundedManager.start();
        HonestClient honest = new HonestClient(manager, "service")) {
      long baseline = manager.stats(true).heap();
      List<RawConnection> claims = new ArrayList<>();
      try {
        for (int i = 0; i < 64; i++) {
          claims.add(RawConnection.authenticated(manager.port, manager.key));
        }
        for (RawConnection raw : claims) {
          raw.send(RawConnection.lengthOnly(Protocol.DEFAULT_MAX_FRAME));
        }
        // the Manager reads each length as it arrives; watch its heap for two seconds meanwhile
        long worst = 0;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        do {
          worst = Math.max(worst, manager.stats(true).heap());
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
        } while (System.nanoTime() - until < 0);
        manager.assertAlive();
        long grew = worst - baseline;
        System.out.println("64 claimed 16 MiB frames: heap after GC grew by " + (grew / MiB) + " MiB");
        assertTrue(grew < 64 * MiB, "64 announced 16 MiB frames grew the Manager's heap by " + (grew / MiB) + " MiB");
        honest.assertServedWithin1s();
      } finally {
        claims.forEach(RawConnection::close);
      }
      manager.assertServes();
    }
  }

  /**
   * An idle authenticated connection costs a few KiB of heap (the README's words; about 10 KiB
   * measured): 1,000 of them cost less than 16 MiB, far below the 64 MiB the issue allowed.
   */
  @Test
  void anIdleConnectionCostsAFewKiB() throws Exception {
    try (BoundedManager manager = BoundedManager.start();
        HonestClient honest = new HonestClient(manager, "service")) {
      long baseline = manager.stats(true).heap();
      List<RawConnection> idle = new ArrayList<>();
      ExecutorService connecting = Executors.newFixedThreadPool(4); // well under the handshake limit
      try {
        List<Future<RawConnection>> opening = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          opening.add(connecting.submit(() -> RawConnection.authenticated(manager.port, manager.key)));
        }
        for (Future<RawConnection> f : opening) {
          idle.add(f.get(60, TimeUnit.SECONDS));
        }
        long with = manager.stats(true).heap();
        manager.assertAlive();
        long cost = with - baseline;
        System.out.println("1000 idle connections: heap after GC grew by " + (cost / MiB) + " MiB ("
            + (cost / 1000 / 1024) + " KiB each)");
        assertTrue(cost < 16 * MiB, "1,000 idle connections cost the Manager " + (cost / MiB) + " MiB of heap ("
            + (cost / 1000 / 1024) + " KiB each)");
        honest.assertServedWithin1s();
      } finally {
        connecting.shutdownNow();
        idle.forEach(RawConnection::close);
      }
      manager.assertServes();
    }
  }

  /**
   * A connection that carried frames of 60 KiB (a call's argument and its reply) and is idle again
   * should cost what a fresh idle one costs, a few KiB: the buffers it grew for those frames are
   * given back. 200 such connections are measured.
   */
  @Test
  void anIdleConnectionThatCarriedLargeFramesCostsAFewKiB() throws Exception {
    int count = 200;
    try (BoundedManager manager = BoundedManager.start()) {
      long baseline = manager.stats(true).heap();
      List<RawConnection> used = new ArrayList<>();
      try {
        byte[] payload = new byte[60 * 1024];
        for (int i = 0; i < count; i++) {
          RawConnection raw = RawConnection.authenticated(manager.port, manager.key);
          used.add(raw);
          int service = raw.openService("service");
          for (int call = 0; call < 2; call++) {
            raw.send(RawConnection.call(10 + call, service, "echoBytes", (Object) payload));
            assertTrue(raw.readReply(java.time.Duration.ofSeconds(10)).type() == Protocol.RESULT);
          }
        }
        // idle means quiet for a while: a connection gives its grown buffers back once nothing
        // has come for 10 ms (FrameChannel.IDLE_TRIM_NANOS); the last ones may not have yet
        long with = manager.stats(true).heap();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while ((with - baseline) / count >= 16 * 1024 && System.nanoTime() < deadline) {
          Thread.sleep(50); // polling with a deadline
          with = manager.stats(true).heap();
        }
        manager.assertAlive();
        long each = (with - baseline) / count;
        System.out.println(count + " idle connections that carried 60 KiB frames: heap after GC grew by "
            + ((with - baseline) / MiB) + " MiB (" + (each / 1024) + " KiB each)");
        assertTrue(each < 16 * 1024, "an idle connection that carried 60 KiB frames costs " + (each / 1024) + " KiB");
      } finally {
        used.forEach(RawConnection::close);
      }
    }
  }
}
