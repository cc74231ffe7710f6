package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.AuthenticationException;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.ManagerClosedException;
import io.typedipc.builtin.SharedEvent;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedValue;
import io.typedipc.channel.Events;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The public Javadoc of {@link Manager} and its builder, where no other test held it. The Manager
 * runs in this JVM (these are its own promises); its clients reach it over loopback as any.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManagerApiTest {
  private static final long WAIT_SECONDS = 30;
  private final AuthKey key = AuthKey.generate();

  /**
   * authenticationFailures(): "How many connections failed authentication since the Manager
   * started"; address() and port(): where it listens; toString() names it — and after close()
   * they still name the address it listened on (they used to say port 0 for a Manager started
   * with address(0), as a log line written at close would show).
   */
  @Test
  void aManagerCountsFailedAuthenticationsAndKeepsNamingItsAddressAfterClose() throws Exception {
    Manager manager = TestTransport.manager(Manager.builder().address(0).authKey(key))
        .share(TestService.class, "service", new TestServiceImpl()).start();
    int port = manager.port();
    try {
      assertTrue(port > 0);
      assertEquals(new InetSocketAddress("127.0.0.1", port), manager.address());
      assertEquals("Manager[/127.0.0.1:" + port + "]", manager.toString());
      assertEquals(0, manager.authenticationFailures());
      for (int i = 1; i <= 2; i++) {
        assertThrows(AuthenticationException.class, () -> ManagerClient.connect("127.0.0.1", port, AuthKey.generate()));
        // counted as the Manager's side of the connection ends, which may be a moment after the client heard
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (manager.authenticationFailures() < i) {
          assertTrue(System.nanoTime() < deadline, "the failed authentication " + i + " was never counted");
          Thread.sleep(5); // polling the Manager's count, with a deadline
        }
        assertEquals(i, manager.authenticationFailures());
      }
      try (ManagerClient client = TestTransport.connect(port, key)) {
        assertEquals("counted", client.shared(TestService.class, "service").echo("counted"));
      }
      assertEquals(2, manager.authenticationFailures(), "a client with the key is no failure");
    } finally {
      manager.close();
    }
    assertEquals(port, manager.port());
    assertEquals(new InetSocketAddress("127.0.0.1", port), manager.address());
    assertEquals("Manager[/127.0.0.1:" + port + "]", manager.toString());
  }
}
