package io.typedipc.internal.builtin;

import io.typedipc.builtin.SharedRLock;

/** The client side of {@link SharedRLock}. Obtain one from {@code ManagerClient.rlock}. */
public final class RLockFacade extends LockFacade implements SharedRLock {

  /** For {@code ManagerClient}; see {@link LockFacade#LockFacade}. */
  public RLockFacade(String name, LockOps wire, LockOps patient) {
    super(name, wire, patient);
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
