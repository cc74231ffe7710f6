package io.typedipc.internal.client;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestService;
import io.typedipc.it.TestServiceImpl;
import java.time.Duration;

/**
 * A Manager in its own JVM with a short idle timeout (the first argument, in ms), sharing a
 * {@link TestService} as "service". Prints {@code PORT n} when ready.
 */
public final class IdleTimeoutManagerMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    Manager manager = Manager.builder()
        .address(0)
        .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV))
        .idleTimeout(Duration.ofMillis(Long.parseLong(args[0])))
        .share(TestService.class, "service", new TestServiceImpl())
        .start();
    System.out.println("PORT " + manager.port());
    manager.awaitTermination();
  }
}
