package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A client for a test to stop (SIGSTOP) and continue: it takes the lock "held-by-stopped", starts
 * a call that stays parked in the Manager for a minute, prints {@code READY}, and then prints how
 * that call ended (on this run's transport, {@link TestTransport}; READY says which it got): {@code ANSWERED}, or {@code FAILED <exception class> <message>} on one line.
 */
public final class StoppedClientMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    try (ManagerClient client = TestTransport.client(ManagerClient.builder())
        .address("127.0.0.1", Integer.parseInt(args[0]))
        .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV))
        .connections(1)
        .callTimeout(Duration.ofSeconds(90))
        .connect()) {
      client.lock("held-by-stopped").lock();
      CompletableFuture<String> parked = client.shared(TestService.class, "service").later(60_000, "late");
      System.out.println("READY " + (client.usesSharedMemory() ? "shared memory" : "tcp"));
      try {
        parked.join();
        System.out.println("ANSWERED");
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        System.out.println("FAILED " + cause.getClass().getSimpleName() + " "
            + String.valueOf(cause.getMessage()).replace('\n', ' '));
      }
    }
    System.out.flush();
    Runtime.getRuntime().halt(0);
  }
}
