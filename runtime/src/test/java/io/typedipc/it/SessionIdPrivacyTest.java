package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.introspect.ConnectionView;
import io.typedipc.internal.wire.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client's connections join one session by presenting a secret of the client's (a SESSION
 * frame); whoever presents it acts as that client (its locks, its leases). The id a view shows for
 * a client ({@link ConnectionView#client()}, also what {@code Caller.id()} gives implementations)
 * must not be that secret: a hostile client holding the key reads the view through its own {@code
 * introspect()}, presents what it shows in every form, and must still be a client of its own.
 */
@Timeout(60)
class SessionIdPrivacyTest {

  @Test
  void theClientIdAViewShowsDoesNotJoinThatClientsSession() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = Manager.builder().address(0).authKey(key)
            .share(TestService.class, "service", new TestServiceImpl()).start();
        ManagerClient victim = ManagerClient.builder().address("127.0.0.1", manager.port()).authKey(key)
            .connections(2).connect();
        ManagerClient attacker = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      victim.shared(TestService.class, "service").echo("hello");
      String victimId = attacker.introspect().connections().stream().map(ConnectionView::client)
          .filter(id -> !id.equals(clientOf(attacker))).findFirst().orElseThrow();
      long victimConnections = connectionsOf(manager, victimId);

      for (String presented : List.of(victimId, victimId.substring(victimId.indexOf('-') + 1))) {
        try (RawConnection raw = RawConnection.authenticated(manager.port(), key)) {
          raw.send(RawConnection.frame(Protocol.SESSION, 0, o -> o.writeString(presented)));
          raw.openService("service"); // the Manager has read the SESSION frame by the time it answers
          assertEquals(victimConnections, connectionsOf(manager, victimId),
              "presenting '" + presented + "' joined the client's session: " + manager.introspect().connections());
        }
      }
    }
  }

  private static long connectionsOf(Manager manager, String client) {
    return manager.introspect().connections().stream().filter(c -> c.client().equals(client)).count();
  }

  /** The id the Manager shows for {@code client}: the one its {@code introspect()} call runs under. */
  private static String clientOf(ManagerClient client) {
    return client.introspect().connections().stream()
        .filter(c -> c.callsInFlight() > 0).map(ConnectionView::client).findFirst().orElseThrow();
  }
}
