package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import java.time.Duration;

/**
 * A client over shared memory for a test to stop (SIGSTOP) before its reply comes: it calls
 * {@code later(args[1] ms, a 4 MiB string)} on "service", makes a synchronous call on "other" so
 * that the first call was written whole, prints {@code SENT} and whether it uses shared memory,
 * and waits.
 */
public final class LateBigReplyClientMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", Integer.parseInt(args[0]))
        .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV)).sharedMemory(true).connections(1)
        .callTimeout(Duration.ofSeconds(90)).connect()) {
      client.shared(TestService.class, "service").later(Long.parseLong(args[1]), "x".repeat(4 << 20));
      client.shared(TestService.class, "other").echo("written");
      System.out.println("SENT " + client.usesSharedMemory());
      Thread.sleep(Long.MAX_VALUE); // until stopped and killed
    }
  }
}
