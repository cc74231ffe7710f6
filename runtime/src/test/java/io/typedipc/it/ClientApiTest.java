package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.CallTimeoutException;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClient;
import io.typedipc.Producer;
import io.typedipc.SerializationException;
import io.typedipc.Subscription;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedMap;
import io.typedipc.channel.Events;
import io.typedipc.channel.Recorder;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The public Javadoc of {@link ManagerClient} and its builder, sentence by sentence where no other
 * test held it, against one Manager in a JVM of its own ({@link TestManagerMain}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientApiTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static AuthKey key;
  private static ChildJvm managerJvm;
  private static int port;

  @BeforeAll
  static void startManager() throws Exception {
    key = AuthKey.generate();
    managerJvm = ChildJvm.start(TestManagerMain.class, key);
    port = Integer.parseInt(managerJvm.awaitLine("PORT", WAIT));
  }

  @AfterAll
  static void stopManager() {
    managerJvm.close();
  }

  /**
   * withTimeout: "Another proxy for the same remote object whose calls have the given deadline
   * (Duration.ZERO for none). The original proxy is unchanged. @throws IllegalArgumentException if
   * proxy is not a proxy of this client, or timeout is negative". A proxy of another client was
   * taken, and its copy called through that other client.
   */
  @Test
  void withTimeoutChangesOnlyTheCopyAndRefusesWhatIsNotAProxyOfThisClient() throws Exception {
    try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
            .address("127.0.0.1", port).authKey(key).callTimeout(Duration.ofMillis(300)).connect());
        ManagerClient other = TestTransport.connect(port, key)) {
      TestService service = client.shared(TestService.class, "concurrent");
      TestService patient = client.withTimeout(service, Duration.ZERO);
      CompletableFuture<String> late = patient.later(1_000, "no deadline");
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> service.later(1_000, "the client's deadline").get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertInstanceOf(CallTimeoutException.class, e.getCause(), "the original proxy keeps the client's 300 ms");
      assertEquals("no deadline", late.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      SharedMap<String, Integer> map = client.map("with-timeout");
      map.put("a", 1);
      assertEquals(1, client.withTimeout(map, Duration.ofSeconds(5)).get("a"), "a built-in map is a proxy too");

      TestService othersProxy = other.shared(TestService.class, "concurrent");
      IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
          () -> client.withTimeout(othersProxy, Duration.ofSeconds(5)));
      assertTrue(foreign.getMessage().contains("another ManagerClient"), foreign.getMessage());
      assertThrows(IllegalArgumentException.class, () -> client.withTimeout("not a proxy", Duration.ofSeconds(5)));
      assertThrows(IllegalArgumentException.class, () -> client.withTimeout(null, Duration.ofSeconds(5)));
      assertThrows(IllegalArgumentException.class, () -> client.withTimeout(service, Duration.ofMillis(-1)));
      assertEquals("still mine", other.withTimeout(othersProxy, Duration.ofSeconds(5)).echo("still mine"));
    }
  }

  /**
   * Builder.maxFrameSize: the largest frame the client accepts from the Manager — and the largest it
   * sends. A reply over it fails that call with SerializationException (the Manager, told the
   * client's limit in the handshake, does not send it); a call over it fails before anything is
   * sent, with a message naming the frame limit; the connection serves the next call either way.
   */
  @Test
  void theClientsFrameLimitBoundsWhatItReceivesAndWhatItSends() throws Exception {
    int limit = 4 * 1024;
    try (ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
        .address("127.0.0.1", port).authKey(key).maxFrameSize(limit).connect())) {
      SharedList<String> list = client.list("frame-limit");
      for (int i = 0; i < 3; i++) {
        list.add("x".repeat(2_000)); // each call fits
      }
      SerializationException reply = assertThrows(SerializationException.class, list::toList);
      assertTrue(reply.getMessage().contains("frame limit of " + limit), reply.getMessage());
      assertEquals(3, list.size());
      TestService service = client.shared(TestService.class, "service");
      SerializationException call = assertThrows(SerializationException.class, () -> service.echoBytes(new byte[2 * limit]));
      assertTrue(call.getMessage().contains("frame limit"), call.getMessage());
      assertEquals(100, service.echoBytes(new byte[100]).length);
      assertTrue(client.isConnected());
    }
  }
}
