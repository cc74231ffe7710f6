package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;

/**
 * A JVM whose main starts a Manager ({@code manager}), or connects a client to the Manager at a
 * port and calls it ({@code client PORT}), and returns without closing anything: typedipc's
 * threads are daemon threads, so the JVM ends.
 */
public final class MainReturnsMain {
  private MainReturnsMain() {}

  public static void main(String[] args) {
    AuthKey key = AuthKey.fromEnvironment(ChildJvm.KEY_ENV);
    if (args[0].equals("manager")) {
      Manager manager = Manager.builder().address(0).authKey(key).share(TestService.class, "service", new TestServiceImpl())
          .start();
      ManagerClient own = ManagerClient.connect("127.0.0.1", manager.port(), key); // a client of its own, in use
      own.shared(TestService.class, "service").echo("x");
      System.out.println("SERVING " + manager.port());
    } else {
      ManagerClient client = ManagerClient.connect("127.0.0.1", Integer.parseInt(args[1]), key);
      TestService service = client.shared(TestService.class, "service");
      service.echo("x");
      service.later(60_000, "pending"); // an async call still in flight
      System.out.println("CALLED");
    }
  }
}
