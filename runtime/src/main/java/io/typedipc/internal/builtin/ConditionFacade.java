package io.typedipc.internal.builtin;

import io.typedipc.builtin.SharedCondition;
import io.typedipc.builtin.SharedLock;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The client side of {@link SharedCondition}: one named wait set of a lock. */
final class ConditionFacade extends BuiltinFacade<LockOps> implements SharedCondition {
  private final LockFacade lock;
  private final String condition;

  ConditionFacade(LockFacade lock, String condition, String name) {
    super(lock.kind, name, lock.object, lock.proxies);
    this.lock = lock;
    this.condition = condition;
  }

  @Override
  public SharedLock lock() {
    return lock;
  }

  @Override
  public Object detail() {
    return condition;
  }

  @Override
  public String condition() {
    return condition;
  }

  /**
   * Waits on the Manager; returns {@link Status#OK} or {@link Status#NO} (signalled or not) once
   * the lock is held again.
   */
  private long await(long nanos, boolean interruptible) throws InterruptedException {
    long thread = Waiting.thread();
    // always without a call deadline: even a zero wait replies only once the lock is held again
    long status = lock.proxies.park(lock.proxies.patient, interruptible,
        (wire, ticket) -> wire.await(thread, ticket, condition, nanos));
    if (status == Status.NOT_OWNER) {
      throw new IllegalMonitorStateException("the current thread must hold " + lock.what() + " to wait on condition '" + name + "'");
    }
    if (status != Status.CLOSED) {
      lock.reacquired(Status.abandoned(status)); // a cancelled wait holds the lock again too
    }
    return Waiting.check(status, () -> "waiting on condition '" + name + "'") & Status.OK;
  }

  @Override
  public void await() throws InterruptedException {
    await(Waiting.FOREVER, true);
  }

  @Override
  public void awaitUninterruptibly() {
    Waiting.uninterruptibly(() -> await(Waiting.FOREVER, false));
  }

  @Override
  public long awaitNanos(long nanosTimeout) throws InterruptedException {
    long start = System.nanoTime();
    long nanos = Math.max(0, nanosTimeout);
    boolean signalled = await(nanos, true) == Status.OK;
    long left = nanos - (System.nanoTime() - start);
    return signalled ? Math.max(1, left) : Math.min(0, left);
  }

  @Override
  public boolean await(long time, TimeUnit unit) throws InterruptedException {
    return await(Waiting.nanos(time, unit), true) == Status.OK;
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    return await(Waiting.nanos(timeout), true) == Status.OK;
  }

  @Override
  public boolean awaitUntil(Date deadline) throws InterruptedException {
    long millis = deadline.getTime() - System.currentTimeMillis();
    return await(Waiting.nanos(millis, TimeUnit.MILLISECONDS), true) == Status.OK;
  }

  @Override
  public boolean awaitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(predicate, "predicate");
    long total = Waiting.nanos(timeout);
    // the predicate runs with the lock held: check before it runs, not only when a wait would
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalMonitorStateException("the current thread must hold " + lock.what() + " to wait on condition '" + name + "'");
    }
    boolean forever = total == Long.MAX_VALUE;
    long deadline = System.nanoTime() + (forever ? 0 : total);
    boolean result = predicate.getAsBoolean();
    while (!result) {
      long left = forever ? Waiting.FOREVER : deadline - System.nanoTime();
      if (!forever && left <= 0) {
        break;
      }
      await(left, true);
      result = predicate.getAsBoolean();
    }
    return result;
  }

  private int wake(int count) {
    long woken = lock.proxies.wire.signal(Waiting.thread(), condition, count);
    if (woken == Status.NOT_OWNER) {
      throw new IllegalMonitorStateException("the current thread must hold " + lock.what() + " to signal condition '" + name + "'");
    }
    return (int) woken;
  }

  @Override
  public void signal() {
    wake(1);
  }

  @Override
  public int signal(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot wake a negative number of threads: " + n);
    }
    return wake(n); // n = 0 still checks that the thread holds the lock
  }

  @Override
  public void signalAll() {
    wake(Integer.MAX_VALUE);
  }

  @Override
  public int getWaitQueueLength() {
    return lock.proxies.wire.waitCount(condition);
  }
}
