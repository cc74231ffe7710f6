package io.typedipc.it;

import io.typedipc.CallTimeoutException;
import io.typedipc.ManagerClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits, instead of sleeping, until a serial {@link TestService} in the Manager is running a call. */
final class Busy {
  private Busy() {}

  /**
   * Returns once the serial object {@code name} is running a (long) call: a quick call to it from
   * {@code probe}, a client other than the one that made the long call, then gets no answer
   * within 100 ms. The unanswered quick calls run after the long one; their replies are dropped.
   */
  static void awaitBusy(ManagerClient probe, String name) {
    TestService quick = probe.withTimeout(probe.shared(TestService.class, name), Duration.ofMillis(100));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        quick.get();
      } catch (CallTimeoutException e) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("'" + name + "' did not start its long call within 10 s");
      }
    }
  }
}
