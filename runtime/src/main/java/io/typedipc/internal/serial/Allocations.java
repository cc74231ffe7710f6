package io.typedipc.internal.serial;

import java.lang.management.ManagementFactory;

/**
 * The bytes the current thread has allocated, where the JVM counts them (HotSpot does): to learn
 * what a class's constructor allocates besides the object, by measuring it.
 */
final class Allocations {
  private Allocations() {}

  private static final com.sun.management.ThreadMXBean THREADS = threads();

  /** Whether {@link #ofThisThread()} counts. */
  static final boolean COUNTED = THREADS != null;

  private static com.sun.management.ThreadMXBean threads() {
    try {
      if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
          && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
        return t;
      }
    } catch (RuntimeException | LinkageError e) {
      // no such bean here (a module without jdk.management): nothing measured
    }
    return null;
  }

  /** Bytes allocated by this thread so far; 0 where the JVM does not count them. */
  static long ofThisThread() {
    return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
  }
}
