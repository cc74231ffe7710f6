package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Caller;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Caller}: one identity per client across its connections, and disconnect actions. */
class CallerTest {
  private final AuthKey key = AuthKey.generate();

  private Manager manager(Presence presence) {
    return TestTransport.manager(Manager.builder()).address(0).authKey(key).share(Presence.class, "presence", presence).start();
  }

  @Test
  void aClientIsOneCallerOverAllItsConnectionsAndDistinctFromOthers() throws Exception {
    try (Manager manager = manager(new PresenceImpl());
        ManagerClient a = TestTransport.checked(TestTransport.client(ManagerClient.builder()).address("127.0.0.1", manager.port()).authKey(key).connections(2).connect());
        ManagerClient b = TestTransport.connect(manager.port(), key)) {
      Presence viaA = a.shared(Presence.class, "presence");
      String[] fromOtherThread = new String[1];
      Thread t = new Thread(() -> fromOtherThread[0] = viaA.whoAmI());
      t.start();
      t.join();
      assertEquals(viaA.whoAmI(), fromOtherThread[0]);
      assertNotEquals(viaA.whoAmI(), b.shared(Presence.class, "presence").whoAmI());
    }
  }

  @Test
  void disconnectActionsRunOnceWhenAKilledClientJvmLosesItsLastConnection() throws Exception {
    PresenceImpl presence = new PresenceImpl();
    try (Manager manager = manager(presence);
        ChildJvm child = ChildJvm.start(PresenceClientMain.class, key, Integer.toString(manager.port()))) {
      String[] ids = child.awaitLine("ID", Duration.ofSeconds(30)).split(" ");
      assertEquals(ids[0], ids[1], "both connections of the child are one caller");
      assertEquals(List.of(), presence.gone());
      child.kill();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (presence.gone().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(List.of(ids[0]), presence.gone());
    }
  }

  @Test
  void closingTheClientRunsTheActions() throws Exception {
    PresenceImpl presence = new PresenceImpl();
    try (Manager manager = manager(presence)) {
      String id;
      try (ManagerClient client = TestTransport.connect(manager.port(), key)) {
        Presence p = client.shared(Presence.class, "presence");
        p.watchMe();
        id = p.whoAmI();
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (presence.gone().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(List.of(id), presence.gone());
    }
  }

  @Test
  void outsideACallThereIsNoCaller() {
    IllegalStateException e = assertThrows(IllegalStateException.class, Caller::current);
    assertTrue(e.getMessage().contains("only available while the Manager runs a client's call"), e.getMessage());
  }
}
