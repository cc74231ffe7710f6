package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.Manager;

/** A Manager in its own JVM sharing a {@link Faults} as "faults". Prints {@code PORT n}. */
public final class FaultsManagerMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    Manager manager =
        Manager.builder()
            .address(0)
            .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV))
            .share(Faults.class, "faults", new FaultsImpl())
            .register(Faults.RegisteredException.class)
            .start();
    System.out.println("PORT " + manager.port());
    manager.awaitTermination();
  }
}
