package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;

/** Starts a long call on "service", says so, and waits to be killed in the middle of it. */
public final class DyingClientMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    ManagerClient client = TestTransport.checked(TestTransport.client(ManagerClient.builder())
        .address("127.0.0.1", Integer.parseInt(args[0]))
        .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV))
        .callTimeout(java.time.Duration.ZERO)
        .connect());
    TestService service = client.shared(TestService.class, "service");
    service.increment();
    System.out.println("CALLING");
    service.sleep(1_000);
    service.sleep(60_000);
  }
}
