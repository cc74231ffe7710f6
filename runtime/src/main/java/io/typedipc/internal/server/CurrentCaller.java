package io.typedipc.internal.server;

import io.typedipc.Caller;

/**
 * Which client's call runs on the current thread, and through which of its connections; set by
 * the Manager around each dispatch.
 *
 * <p>Each thread keeps one small holder for its whole life, so setting and restoring them around a
 * call is one thread-local lookup and a few field stores: no entry is added to or removed from the
 * thread's map per call.
 */
public final class CurrentCaller {
  private static final ThreadLocal<Slot> CURRENT = ThreadLocal.withInitial(Slot::new);

  /** One thread's holder. */
  static final class Slot {
    /** The caller of the call running on this thread, or {@code null}. */
    Caller caller;
    /** The connection that call came through, or {@code null}. */
    Object connection;
  }

  private CurrentCaller() {}

  /** The caller of the call running on this thread, or {@code null}. */
  public static Caller get() {
    return CURRENT.get().caller;
  }

  /**
   * The connection the call running on this thread came through, or {@code null}: an identity
   * only, which a parked wait keeps so that the Manager can {@linkplain WithdrawsWaits withdraw}
   * it if that connection ends first.
   */
  public static Object connection() {
    return CURRENT.get().connection;
  }

  /** This thread's holder. The Manager sets it for the duration of a call and restores it afterwards. */
  static Slot slot() {
    return CURRENT.get();
  }

  /** Makes {@code caller} this thread's current caller; returns the one it replaces. */
  static Caller set(Caller caller) {
    Slot slot = CURRENT.get();
    Caller previous = slot.caller;
    slot.caller = caller;
    return previous;
  }
}
