package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClient;
import io.typedipc.ProtocolException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README, "Failures": what a caller gets when the two sides registered different classes — the
 * receiving side cannot tell a class id it does not know from malformed data. The value arrives
 * at a side that did not register its class: the call fails with {@link ProtocolException} saying
 * to register the class on both sides, and that connection is closed (later calls on it fail with
 * {@link ConnectionLostException}, the Manager's reason in its message); other clients are not affected. (A class the <em>sender</em>
 * did not register is refused before sending, with {@code SerializationException}: see {@code
 * RemoteCallsTest}.) The Manager runs in its own JVM ({@link TestManagerMain}: a {@code Box} of
 * {@link Money}, which it registers; it does not register {@link Parcel}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RegistrationMismatchTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  @Test
  void aReplyHoldingAClassTheClientDidNotRegisterFailsTheCallAndClosesTheConnection() throws Exception {
    AuthKey key = AuthKey.generate();
    try (ChildJvm managerJvm = ChildJvm.start(TestManagerMain.class, key)) {
      int port = Integer.parseInt(managerJvm.awaitLine("PORT", LONG));
      try (ManagerClient registered = ManagerClient.builder().address("127.0.0.1", port).authKey(key)
              .register(Money.class).connect();
          ManagerClient unaware = ManagerClient.builder().address("127.0.0.1", port).authKey(key)
              .connections(1).connect()) {
        @SuppressWarnings("unchecked")
        Box<Money> box = registered.shared(Box.class, "box");
        box.put(new Money(7, "EUR"));
        @SuppressWarnings("unchecked")
        Box<Object> same = unaware.shared(Box.class, "box");
        ProtocolException e = assertThrows(ProtocolException.class, same::last);
        assertTrue(e.getMessage().contains("register the class on both sides"), e.getMessage());
        assertThrows(ConnectionLostException.class, same::all);
        assertFalse(unaware.isConnected());
        assertEquals(new Money(7, "EUR"), box.last(), "another client is not affected");
      }
    }
  }

  @Test
  void anArgumentOfAClassTheManagerDidNotRegisterFailsTheCallAndClosesTheConnection() throws Exception {
    AuthKey key = AuthKey.generate();
    try (ChildJvm managerJvm = ChildJvm.start(TestManagerMain.class, key)) {
      int port = Integer.parseInt(managerJvm.awaitLine("PORT", LONG));
      try (ManagerClient other = ManagerClient.connect("127.0.0.1", port, key);
          ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key)
              .connections(1).register(Parcel.class).connect()) {
        @SuppressWarnings("unchecked")
        Box<Parcel> box = client.shared(Box.class, "box");
        ProtocolException e = assertThrows(ProtocolException.class, () -> box.put(new Parcel("p", 1, new int[0])));
        assertTrue(e.getMessage().contains("register the class on both sides"), e.getMessage());
        ConnectionLostException lost = assertThrows(ConnectionLostException.class, box::all);
        assertTrue(lost.getMessage().contains("breaks the protocol"), lost.getMessage());
        assertFalse(client.isConnected());
        assertEquals("fine", other.shared(TestService.class, "service").echo("fine"), "another client is not affected");
      }
    }
  }

  /**
   * {@link ManagerClient#isConnected()}: "Whether the connection is open (not closed and not
   * lost)". After the Manager closed this client's connection for a protocol error, the client,
   * idle, should see it is no longer connected without having to make another call.
   */
  @Test
  void anIdleClientWhoseConnectionTheManagerClosedIsNotConnected() throws Exception {
    AuthKey key = AuthKey.generate();
    try (ChildJvm managerJvm = ChildJvm.start(TestManagerMain.class, key)) {
      int port = Integer.parseInt(managerJvm.awaitLine("PORT", LONG));
      try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key)
              .connections(1).register(Parcel.class).connect()) {
        @SuppressWarnings("unchecked")
        Box<Parcel> box = client.shared(Box.class, "box");
        assertThrows(ProtocolException.class, () -> box.put(new Parcel("p", 1, new int[0])));
        managerJvm.awaitLine("WARNING: closing connection", LONG); // the Manager has closed it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.isConnected()) {
          assertTrue(System.nanoTime() < deadline,
              "10 s after the Manager closed its connection, the idle client still says it is connected");
          Thread.sleep(10); // polling with a deadline
        }
      }
    }
  }
}
