package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.Manager;

/**
 * A Manager in its own JVM sharing a {@link TestService} as "service". Prints {@code PORT n} when
 * ready. Optional argument: the frame limit in bytes.
 */
public final class TestManagerMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    Manager.Builder builder = Manager.builder()
        .address(0)
        .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV))
        .share(TestService.class, "service", new TestServiceImpl());
    if (args.length > 0) {
      builder.maxFrameSize(Integer.parseInt(args[0]));
    }
    Manager manager = builder.start();
    System.out.println("PORT " + manager.port());
    manager.awaitTermination();
  }
}
