package io.typedipc.example;

import io.typedipc.junit.ChildJvms;
import io.typedipc.process.ChildProcess;
import java.time.Duration;

/**
 * An example's {@code main}, run to its end in a JVM of its own started with the test's {@link
 * ChildJvms} (so the test fails if the example, or a JVM it started, is still running after it):
 * its exit status and everything it printed.
 */
public record ExampleRun(int exit, String out) {

  /** Runs {@code main} with {@code args}; fails if it has not exited within {@code timeout}. */
  public static ExampleRun run(ChildJvms jvms, Duration timeout, Class<?> main, String... args)
      throws InterruptedException {
    ChildProcess jvm = jvms.start(ChildProcess.builder(main).args(args).captureOutput());
    if (!jvm.join(timeout)) {
      throw new AssertionError(main.getSimpleName() + " still running after " + timeout + "; output:\n" + jvm.output());
    }
    return new ExampleRun(jvm.exitCode().orElseThrow(), jvm.output());
  }
}
