package io.typedipc.internal.builtin;

import io.typedipc.builtin.SharedCondition;
import io.typedipc.builtin.SharedLock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * The client side of {@link SharedLock}: names the calling thread, turns statuses into the
 * exceptions {@link java.util.concurrent.locks.Lock} users expect, and remembers per thread whether
 * its latest acquisition found the lock abandoned. Obtain one from {@code ManagerClient.lock}.
 */
public class LockFacade extends BuiltinFacade<LockOps> implements SharedLock {
  private final ThreadLocal<Boolean> abandoned = ThreadLocal.withInitial(() -> Boolean.FALSE);

  /**
   * For {@link BuiltinKinds#LOCK}; the lock's conditions call through its proxies too.
   *
   * @param wire a proxy with the client's call timeout
   * @param patient a proxy of the same object without a call deadline
   */
  LockFacade(BuiltinKind kind, String name, LockOps wire, LockOps patient) {
    super(kind, name, wire, patient, LockOps::cancel);
  }

  String what() {
    return "lock '" + name + "'";
  }

  /** Acquires; returns the status after mapping the ones every form treats alike. */
  private long acquire(long nanos, boolean interruptible) throws InterruptedException {
    long thread = Waiting.thread();
    long status = proxies.status(nanos, interruptible,
        (lock, ticket) -> lock.acquire(thread, ticket, nanos), () -> "waiting for " + what());
    if (Status.ok(status)) {
      abandoned.set(Status.abandoned(status));
    }
    return status;
  }

  /** Records whether a condition's reacquisition found the lock abandoned. */
  void reacquired(boolean wasAbandoned) {
    abandoned.set(wasAbandoned);
  }

  private IllegalMonitorStateException wouldDeadlock() {
    return new IllegalMonitorStateException(what() + " is already held by this thread and is not reentrant"
        + " (waiting for it would never end); use a SharedRLock to acquire it again");
  }

  @Override
  public void lock() {
    if (Waiting.uninterruptibly(() -> acquire(Waiting.FOREVER, false)) == Status.WOULD_DEADLOCK) {
      throw wouldDeadlock();
    }
  }

  @Override
  public void lockInterruptibly() throws InterruptedException {
    if (acquire(Waiting.FOREVER, true) == Status.WOULD_DEADLOCK) {
      throw wouldDeadlock();
    }
  }

  @Override
  public boolean tryLock() {
    return Status.ok(Waiting.uninterruptibly(() -> acquire(0, false)));
  }

  @Override
  public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    return Status.ok(acquire(Waiting.nanos(time, unit), true));
  }

  @Override
  public boolean tryLock(Duration timeout) throws InterruptedException {
    return Status.ok(acquire(Waiting.nanos(timeout), true));
  }

  @Override
  public void unlock() {
    if (proxies.wire.release(Waiting.thread()) == Status.NOT_OWNER) {
      throw new IllegalMonitorStateException("the current thread does not hold " + what());
    }
  }

  @Override
  public Condition newCondition() {
    throw new UnsupportedOperationException("a condition of " + what() + " must have a name by which other JVMs"
        + " find it: use condition(String), e.g. lock.condition(\"notEmpty\")");
  }

  @Override
  public SharedCondition condition(String conditionName) {
    Objects.requireNonNull(conditionName, "conditionName");
    return new ConditionFacade(this, conditionName, conditionName.isEmpty() ? name : name + "#" + conditionName);
  }

  @Override
  public boolean wasAbandoned() {
    return abandoned.get();
  }

  @Override
  public boolean isLocked() {
    return proxies.wire.isLocked();
  }

  @Override
  public boolean isHeldByCurrentThread() {
    return proxies.wire.holdCount(Waiting.thread()) > 0;
  }

  @Override
  public int getQueueLength() {
    return proxies.wire.queueLength();
  }
}
