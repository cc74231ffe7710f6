package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README §3, "Reconnecting": "{@code isConnected()} and {@code managerAddress()} say where it is" —
 * as an address a user can compare with the one they gave, however they gave it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ManagerAddressTest {

  @Test
  void managerAddressIsTheManagerTheClientIsConnectedTo() throws Exception {
    AuthKey key = AuthKey.generate();
    try (Manager manager = TestTransport.manager(Manager.builder().address(0).authKey(key))
        .share(TestService.class, "service", new TestServiceImpl()).start()) {
      InetSocketAddress expected = new InetSocketAddress("127.0.0.1", manager.port());

      try (ManagerClient client = TestTransport.connect(manager.port(), key)) {
        assertTrue(client.isConnected());
        assertEquals(expected, client.managerAddress(), "given as address(host, port)");
        assertFalse(client.managerAddress().isUnresolved());
      }

      int dead;
      try (ServerSocket gone = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        dead = gone.getLocalPort();
      }
      try (ManagerClient client = TestTransport.client(ManagerClient.builder()
          .addresses(new InetSocketAddress("127.0.0.1", dead), expected).authKey(key)).connect()) {
        assertEquals(expected, client.managerAddress(), "given as addresses(...): the one that accepted");
        assertEquals(manager.port(), client.managerAddress().getPort());
        assertEquals("127.0.0.1", client.managerAddress().getHostString());
      }
    }
  }
}
