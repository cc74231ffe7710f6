package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.Manager;

/** A Manager in its own JVM sharing a {@link DeferredImpl} as "deferred" and a lock "accounts"; prints {@code PORT n}. */
public final class DeferredManagerMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    Manager manager = Manager.builder()
        .address(0)
        .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV))
        .share(Deferred.class, "deferred", new DeferredImpl())
        .lock("accounts")
        .start();
    System.out.println("PORT " + manager.port());
    manager.awaitTermination();
  }
}
