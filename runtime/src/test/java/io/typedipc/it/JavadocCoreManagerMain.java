package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.Manager;

/**
 * A Manager in its own JVM for {@link JavadocCoreTest}: shares a {@link TestService} as "service"
 * whose {@code failUnchecked(name)} throws a new instance of the class {@code name} (a
 * {@code RuntimeException} with a {@code (String, Throwable)} constructor, which may be on this JVM's
 * class path only), with the message "from the Manager" and a cause of the same class; and as
 * "racy" a {@link TestService} whose {@code increment()} is a plain read, yield and write of an
 * int field, which only serial dispatch keeps from losing updates. Prints {@code PORT n}.
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
        .share(TestService.class, "racy", new TestServiceImpl() {
          private int count;

          @Override
          public int increment() {
            int read = count;
            Thread.yield(); // let another thread in between the read and the write, if one may run
            count = read + 1;
            return count;
          }

          @Override
          public int get() {
            return count;
          }
        }) // Dispatch.SERIAL, the default
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
