package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;

/** Calls "presence" from two threads (two connections), prints its id, then waits to be killed. */
public final class PresenceClientMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    ManagerClient client = ManagerClient.builder()
        .address("127.0.0.1", Integer.parseInt(args[0]))
        .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV))
        .connections(2)
        .connect();
    Presence presence = client.shared(Presence.class, "presence");
    String first = presence.whoAmI();
    String[] second = new String[1];
    Thread other = new Thread(() -> {
      presence.watchMe();
      second[0] = presence.whoAmI();
    });
    other.start();
    other.join();
    System.out.println("ID " + first + " " + second[0]);
    Thread.sleep(Long.MAX_VALUE);
  }
}
