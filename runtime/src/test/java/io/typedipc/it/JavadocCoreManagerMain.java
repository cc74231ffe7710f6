package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.Manager;

/**
 * A Manager in its own JVM for {@link JavadocCoreTest}: shares a {@link TestService} as "service"
 * whose {@code failUnchecked(name)} throws a new instance of the class {@code name} (a
 * {@code RuntimeException} with a {@code (String, Throwable)} constructor, which may be on this JVM's
 * class path only), with the message "from the Manager" and a cause of the same class. Prints
 * {@code PORT n}.
 */
public final class JavadocCoreManagerMain {
  private JavadocCoreManagerMain() {}

  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    Manager manager = Manager.builder().address(0).authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV)).jmx(false)
        .share(TestService.class, "service", new TestServiceImpl() {
          @Override
          public void failUnchecked(String className) {
            RuntimeException cause = make(className, "the cause", null);
            throw make(className, "from the Manager", cause);
          }
        })
        .start();
    System.out.println("PORT " + manager.port());
    manager.awaitTermination();
  }

  private static RuntimeException make(String className, String message, Throwable cause) {
    try {
      return (RuntimeException) Class.forName(className).getConstructor(String.class, Throwable.class)
          .newInstance(message, cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make a " + className, e);
    }
  }
}
