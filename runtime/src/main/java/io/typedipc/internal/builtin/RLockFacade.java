package io.typedipc.internal.builtin;

import io.typedipc.builtin.SharedRLock;

/** The client side of {@link SharedRLock}. Obtain one from {@code ManagerClient.rlock}. */
public final class RLockFacade extends LockFacade implements SharedRLock {

  /** For {@link BuiltinKinds#RLOCK} and {@link BuiltinKinds#CONDITION}; see {@link LockFacade#LockFacade}. */
  RLockFacade(BuiltinKind kind, String name, LockOps wire, LockOps patient) {
    super(kind, name, wire, patient);
  }

  @Override
  String what() {
    return "reentrant lock '" + name + "'";
  }

  @Override
  public int getHoldCount() {
    return proxies.wire.holdCount(Waiting.thread());
  }
}
