package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import java.time.Duration;

/**
 * A client that parks two calls in the Manager on loopback port {@code args[0]}: an asynchronous
 * {@link Gate#park()} and a wait for the lock "accounts" (held by the test); it prints {@code
 * PARKING} just before the lock wait and waits in it until killed.
 */
public final class ParkedClientMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
        .address("127.0.0.1", Integer.parseInt(args[0]))
        .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV))
        .callTimeout(Duration.ZERO)
        .connect());
    client.shared(Gate.class, "gate").park();
    System.out.println("PARKING");
    client.lock("accounts").lock();
    Thread.sleep(Long.MAX_VALUE);
  }
}
