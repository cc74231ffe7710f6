package io.typedipc.internal.server;

import io.typedipc.Caller;

/**
 * A caller whose disconnect actions can be withdrawn again. An object that registers an action
 * per client (a built-in releasing what a client held) withdraws it once it is no longer hosted,
 * so that a client's long-lived session does not keep every object it ever used reachable.
 */
public interface WithdrawableDisconnect {
  /**
   * As {@link io.typedipc.Caller#onDisconnect}: runs {@code action} once this caller is gone (at
   * once if it is gone already).
   *
   * @return what withdraws {@code action} if it has not run yet; idempotent
   */
  Runnable onDisconnectWithdrawable(Runnable action);

  /** What withdraws nothing: the action of a caller whose actions cannot be withdrawn. */
  Runnable NOTHING = () -> { };

  /**
   * Registers {@code action} with {@code caller}: withdrawably if it can, otherwise for good.
   *
   * @return what withdraws it ({@link #NOTHING} if that cannot be done)
   */
  static Runnable onDisconnect(Caller caller, Runnable action) {
    if (caller instanceof WithdrawableDisconnect session) {
      return session.onDisconnectWithdrawable(action);
    }
    caller.onDisconnect(action);
    return NOTHING;
  }
}
