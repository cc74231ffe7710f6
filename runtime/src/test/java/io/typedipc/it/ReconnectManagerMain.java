package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.channel.Events;

/**
 * A Manager in its own JVM, on the port given as the first argument (0: any), for the reconnect
 * tests: a {@link TestService} as "service", a {@link Library} as "library" and a channel of
 * {@link Events} as "events". Prints {@code PORT n} when ready. Serves shared memory in a
 * shared-memory run.
 */
public final class ReconnectManagerMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    Manager manager = TestTransport.manager(Manager.builder())
        .address(Integer.parseInt(args[0]))
        .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV))
        .share(TestService.class, "service", new TestServiceImpl())
        .share(Library.class, "library", new LibraryImpl())
        .channel(Events.class, "events", 100)
        .start();
    System.out.println("PORT " + manager.port());
    manager.awaitTermination();
  }
}
