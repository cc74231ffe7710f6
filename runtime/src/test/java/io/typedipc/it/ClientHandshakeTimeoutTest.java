package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClient;
import io.typedipc.testing.TestThreads;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's side of "the handshake has a timeout (10 s by default)" (ManagerClient.Builder
 * handshakeTimeout: "How long to wait for the Manager to complete the handshake. Default 10 s"):
 * a listener that accepts and never says a word makes connect fail with ConnectionLostException
 * after 10 s, not before (and well within a minute: the margin is for a pause of this JVM, which
 * the project's benchmark runs impose now and then). (The Manager's side is DefaultBoundsTest's.)
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClientHandshakeTimeoutTest {

  @Test
  void aSilentListenerFailsConnectAfterTenSeconds() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          return silent.accept(); // and never a word
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, TestThreads.EACH);
      long start = System.nanoTime();
      ConnectionLostException e = assertThrows(ConnectionLostException.class,
          () -> ManagerClient.builder().address("127.0.0.1", silent.getLocalPort()).authKey(AuthKey.generate()).connect());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.out.println("a silent listener: connect failed after " + millis + " ms: " + e.getMessage());
      accepted.get(5, TimeUnit.SECONDS).close();
      assertTrue(millis >= 9_900 && millis < 60_000, "connect failed after " + millis + " ms: " + e.getMessage());
    }
  }
}
