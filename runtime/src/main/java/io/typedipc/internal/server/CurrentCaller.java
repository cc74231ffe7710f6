package io.typedipc.internal.server;

import io.typedipc.Caller;

/** Which client's call runs on the current thread; set by the Manager around each dispatch. */
public final class CurrentCaller {
  private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

  private CurrentCaller() {}

  /** The caller of the call running on this thread, or {@code null}. */
  public static Caller get() {
    return CURRENT.get();
  }

  /** Sets the caller for the duration of a call and returns the previous one, to restore. */
  static Caller set(Caller caller) {
    Caller previous = CURRENT.get();
    if (caller == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(caller);
    }
    return previous;
  }
}
