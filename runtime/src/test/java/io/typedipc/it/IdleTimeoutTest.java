package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Input;
import io.typedipc.ManagerClient;
import io.typedipc.internal.wire.Protocol;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Manager with a 1 s idle timeout closes an authenticated connection that sends nothing, and
 * says why; a live client that merely has nothing to do keeps its connection (it pings).
 */
@Timeout(60)
class IdleTimeoutTest {
  private static BoundedManager manager;

  @BeforeAll
  static void startManager() throws Exception {
    manager = BoundedManager.start("idleTimeout=1000");
  }

  @AfterAll
  static void stopManager() {
    manager.close();
  }

  @Test
  void aSilentConnectionIsToldItIsIdleAndClosed() throws Exception {
    try (HonestClient honest = new HonestClient(manager, "service");
        RawConnection silent = RawConnection.authenticated(manager.port, manager.key)) {
      long start = System.nanoTime();
      byte[] frame = silent.readFrame(Duration.ofSeconds(5)); // times out if the Manager never closes it
      Input notice = new Input(frame);
      assertEquals(Protocol.NOTICE, notice.readByte(), "a NOTICE before the Manager closes the connection");
      assertEquals(0, notice.readVarLong(true));
      assertEquals(Protocol.NOTICE_IDLE, notice.readByte(), "the notice says the connection was idle");
      RawConnection.Ending end = silent.readUntilClosed(Duration.ofSeconds(5));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals(0, end.frames(), "nothing after the notice");
      assertTrue(millis >= 900 && millis < 5_000, "closed after " + millis + " ms of silence");
      honest.assertServedWithin1s();
    }
    manager.assertServes();
  }

  @Test
  void anIdleClientKeepsItsConnection() throws Exception {
    try (HonestClient honest = new HonestClient(manager, "service");
        ManagerClient idle = manager.client()) {
      TestService service = idle.shared(TestService.class, "other");
      assertEquals("before", service.echo("before"));
      Thread.sleep(4_000); // idle for four idle timeouts: this is the behaviour under test
      assertTrue(idle.isConnected(), "the idle client lost its connection");
      assertEquals("after", service.echo("after"));
      honest.assertServedWithin1s();
    }
  }
}
