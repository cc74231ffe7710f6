package io.typedipc.benchmarks;

/**
 * The idle step of the busy-polling baseline. It never parks; it spins with
 * {@link Thread#onSpinWait()} and calls {@link Thread#yield()} every {@code yieldEvery} empty
 * polls. The yield is what lets a busy-polling pair make progress when both JVMs share one CPU
 * (pure spinning would hand the CPU over only when the scheduler's time slice expires:
 * milliseconds per round trip).
 *
 * <p>The default is the fastest setting measured on a 2-CPU VM: yield after every empty poll when
 * this JVM may use only one CPU (pinned with taskset; {@code availableProcessors()} follows the
 * affinity mask), every 64th otherwise.
 */
final class Spin {

  static final int DEFAULT_YIELD_EVERY =
      Runtime.getRuntime().availableProcessors() == 1 ? 1 : 64;

  private Spin() {}

  static void idle(int misses, int yieldEvery) {
    if (yieldEvery > 0 && misses % yieldEvery == 0) {
      Thread.yield();
    } else {
      Thread.onSpinWait();
    }
  }
}
