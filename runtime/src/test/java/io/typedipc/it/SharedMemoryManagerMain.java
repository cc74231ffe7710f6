package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import java.nio.file.Path;

/**
 * A Manager in its own JVM serving {@link TestService} "service" with shared memory on, its files
 * in the directory given as the first argument. Prints {@code PORT n} when ready; everything it
 * logs (JUL's default: INFO and above) goes to its output.
 */
public final class SharedMemoryManagerMain {
  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    Manager manager = Manager.builder()
        .address(0)
        .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV))
        .sharedMemory(true)
        .sharedMemoryDirectory(Path.of(args[0]))
        .share(TestService.class, "service", new TestServiceImpl())
        .start();
    System.out.println("PORT " + manager.port());
    manager.awaitTermination();
  }
}
