package io.typedipc.channel;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestTransport;

/** A Manager in its own JVM hosting {@link Events} channels given as {@code name:capacity} arguments; prints {@code PORT n}. */
public final class ChannelManagerMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    Manager.Builder builder = TestTransport.manager(Manager.builder()).address(0).authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV));
    for (String a : args) {
      String[] nc = a.split(":");
      builder.channel(Events.class, nc[0], Integer.parseInt(nc[1]));
    }
    Manager manager = builder.start();
    System.out.println("PORT " + manager.port());
    manager.awaitTermination();
  }
}
