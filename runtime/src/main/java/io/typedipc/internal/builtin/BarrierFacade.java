package io.typedipc.internal.builtin;

import io.typedipc.builtin.SharedBarrier;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The client side of {@link SharedBarrier}. Obtain one from {@code ManagerClient.barrier}. */
public final class BarrierFacade extends BuiltinFacade<BarrierWire> implements SharedBarrier {
  /** Run by this handle's await when it trips the barrier; null for none. */
  private final Runnable action;

  /**
   * For {@link BuiltinKinds#BARRIER}.
   *
   * @param wire a proxy with the client's call timeout
   * @param patient a proxy of the same object without a call deadline
   */
  BarrierFacade(BuiltinKind kind, String name, BarrierWire wire, BarrierWire patient, Runnable action) {
    super(kind, name, wire, patient, BarrierWire::cancel);
    this.action = action;
  }

  private int await(long nanos) throws InterruptedException, BrokenBarrierException, TimeoutException {
    if (Thread.interrupted()) { // as CyclicBarrier: a party interrupted on arrival breaks the barrier for the others
      InterruptedException e = new InterruptedException("interrupted before waiting at barrier '" + name + "', which is broken now");
      try {
        proxies.wire.abort();
      } catch (RuntimeException abortFailed) {
        e.addSuppressed(abortFailed);
      }
      throw e;
    }
    long[] tripTicket = new long[1];
    long status = proxies.status(nanos, true, (barrier, ticket) -> {
      tripTicket[0] = ticket;
      return action == null ? barrier.await(ticket, nanos) : barrier.awaitWithAction(ticket, nanos);
    }, () -> "waiting at barrier '" + name + "'");
    if (status == Status.TRIP) {
      return runAction(tripTicket[0]);
    }
    if (status >= 0) {
      return (int) status;
    }
    if (status == Status.BROKEN) {
      throw new BrokenBarrierException("barrier '" + name + "' is broken");
    }
    if (status == Status.TIMED_OUT) {
      throw new TimeoutException("barrier '" + name + "' was not tripped in time; it is broken now");
    }
    throw new IllegalStateException("unexpected barrier status " + status);
  }

  /** This party tripped the barrier: runs the action, then releases the others (or breaks the barrier). */
  private int runAction(long ticket) throws BrokenBarrierException {
    try {
      action.run();
    } catch (RuntimeException | Error e) {
      try {
        proxies.wire.tripped(ticket, false);
      } catch (RuntimeException reportFailed) {
        e.addSuppressed(reportFailed); // the barrier breaks anyway when this client goes
      }
      throw e;
    }
    if (proxies.wire.tripped(ticket, true) != Status.OK) {
      throw new BrokenBarrierException("barrier '" + name + "' was reset or aborted while its action ran");
    }
    return 0;
  }

  @Override
  public int await() throws InterruptedException, BrokenBarrierException {
    try {
      return await(Waiting.FOREVER);
    } catch (TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
    return await(Waiting.nanos(timeout));
  }

  @Override
  public int await(long timeout, TimeUnit unit) throws InterruptedException, BrokenBarrierException, TimeoutException {
    return await(Waiting.nanos(timeout, unit));
  }

  @Override
  public void reset() {
    proxies.wire.reset();
  }

  @Override
  public void abort() {
    proxies.wire.abort();
  }

  @Override
  public int getParties() {
    return proxies.wire.parties();
  }

  @Override
  public int getNumberWaiting() {
    return proxies.wire.numberWaiting();
  }

  @Override
  public boolean isBroken() {
    return proxies.wire.isBroken();
  }
}
