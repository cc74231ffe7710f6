package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.TypedIpcException;
import java.time.Duration;

/**
 * A client that keeps connecting to the Manager on one port, calling {@code service.increment()}
 * and staying connected until the Manager goes, then connecting again — whatever Manager listens
 * there now. Connections that fail (no Manager between two rounds) are retried at once.
 */
public final class RestartClientMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    int port = Integer.parseInt(args[0]);
    AuthKey key = AuthKey.fromEnvironment(ChildJvm.KEY_ENV);
    System.out.println("STARTED");
    while (true) {
      try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key)
          .connectTimeout(Duration.ofSeconds(2)).connect()) {
        TestService service = client.shared(TestService.class, "service");
        while (true) {
          service.increment(); // until this Manager closes
          Thread.onSpinWait();
        }
      } catch (TypedIpcException e) {
        // no Manager right now, or it closed under us: connect to the next one
      }
    }
  }
}
