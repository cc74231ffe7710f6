package io.typedipc.internal.server;

import io.typedipc.Caller;

/**
 * Which client's call runs on the current thread; set by the Manager around each dispatch.
 *
 * <p>Each thread keeps one small holder for its whole life, so setting and restoring the caller
 * around a call is one thread-local lookup and two array stores: no entry is added to or removed
 * from the thread's map per call.
 */
public final class CurrentCaller {
  private static final ThreadLocal<Caller[]> CURRENT = ThreadLocal.withInitial(() -> new Caller[1]);

  private CurrentCaller() {}

  /** The caller of the call running on this thread, or {@code null}. */
  public static Caller get() {
    return CURRENT.get()[0];
  }

  /**
   * This thread's holder: element 0 is the current caller. The Manager sets it for the duration
   * of a call and restores the previous value afterwards.
   */
  static Caller[] slot() {
    return CURRENT.get();
  }

  /** Makes {@code caller} this thread's current caller; returns the one it replaces. */
  static Caller set(Caller caller) {
    Caller[] slot = CURRENT.get();
    Caller previous = slot[0];
    slot[0] = caller;
    return previous;
  }
}
