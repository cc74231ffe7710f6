package io.typedipc.internal.channel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Condition;

/**
 * The callers' lock of a {@link BatchingSender}: a plain mutual-exclusion lock with conditions,
 * taken and released once per message.
 *
 * <p>Why not {@link java.util.concurrent.locks.ReentrantLock}: every acquisition of that lock stores
 * the owning {@code Thread} into the lock. Under G1 a reference stored into a long-lived object
 * that lives in another heap region than the referenced one passes a write barrier with a full
 * fence, and a streaming caller paid it on every message (measured: a tenth of a channel
 * producer's calling thread). This lock keeps only its state, an {@code int}.
 *
 * <p>It is <em>not reentrant</em>: a thread that holds it and takes it again waits for ever. The
 * sender refuses, before locking, the ways a caller could come back while it writes a message (a
 * serializer that sends, flushes or closes: see {@code BatchingSender.refuseWhileWriting}); the
 * sender's own code never nests it. Nor does it know its owner: {@link Condition#await()} and
 * {@link Condition#signal()} check only that some thread holds it, which every use here does.
 */
final class CallersLock {
  private final Sync sync = new Sync();

  /** Waits until the lock is free and takes it (not interruptibly, as {@code ReentrantLock.lock}). */
  void lock() {
    sync.acquire(1);
  }

  /** Takes the lock if it is free now. */
  boolean tryLock() {
    return sync.tryAcquire(1);
  }

  /** Takes the lock if it becomes free within {@code time}. */
  boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    return sync.tryAcquireNanos(1, unit.toNanos(time));
  }

  /** Releases the lock, waking a waiting thread if there is one. */
  void unlock() {
    sync.release(1);
  }

  /** A condition of this lock. */
  Condition newCondition() {
    return sync.newCondition();
  }

  private static final class Sync extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean tryAcquire(int ignored) {
      return getState() == 0 && compareAndSetState(0, 1);
    }

    @Override
    protected boolean tryRelease(int ignored) {
      if (getState() == 0) {
        throw new IllegalMonitorStateException("the callers' lock is not held");
      }
      setState(0);
      return true;
    }

    @Override
    protected boolean isHeldExclusively() {
      return getState() != 0;
    }

    Condition newCondition() {
      return new ConditionObject();
    }
  }
}
