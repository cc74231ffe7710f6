package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.Dispatch;
import io.typedipc.Manager;
import java.time.Duration;

/**
 * A Manager in its own JVM sharing {@link TestService}s: "service" and "other" (serial) and
 * "concurrent" ({@link Dispatch#CONCURRENT}), and a {@link Box} of {@link Money} as "box". Prints {@code PORT n} when ready. Optional
 * arguments: the frame limit in bytes, the handshake timeout in milliseconds. With the system
 * property {@value TestTransport#PROPERTY} true, it serves same-host clients through shared memory.
 */
public final class TestManagerMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    Manager.Builder builder = Manager.builder()
        .address(0)
        .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV))
        .share(TestService.class, "service", new TestServiceImpl())
        .share(TestService.class, "other", new TestServiceImpl())
        .share(TestService.class, "concurrent", new TestServiceImpl(), Dispatch.CONCURRENT)
        .share(Box.class, "box", new BoxImpl<Money>())
        .register(Money.class);
    TestTransport.manager(builder);
    if (args.length > 0) {
      builder.maxFrameSize(Integer.parseInt(args[0]));
    }
    if (args.length > 1) {
      builder.handshakeTimeout(Duration.ofMillis(Long.parseLong(args[1])));
    }
    Manager manager = builder.start();
    System.out.println("PORT " + manager.port());
    manager.awaitTermination();
  }
}
