package io.typedipc.internal.builtin;

import io.typedipc.builtin.SharedBoundedSemaphore;
import io.typedipc.builtin.SharedSemaphore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** The client side of {@link SharedSemaphore}. Obtain one from {@code ManagerClient.semaphore}. */
public class SemaphoreFacade extends BuiltinFacade<SemaphoreOps> implements SharedSemaphore {
  private final ThreadLocal<Boolean> abandoned = ThreadLocal.withInitial(() -> Boolean.FALSE);

  /**
   * For {@link BuiltinKinds#SEMAPHORE}.
   *
   * @param wire a proxy with the client's call timeout
   * @param patient a proxy of the same object without a call deadline
   */
  SemaphoreFacade(BuiltinKind kind, String name, SemaphoreOps wire, SemaphoreOps patient) {
    super(kind, name, wire, patient, SemaphoreOps::cancel);
  }

  /** A bounded semaphore's client side. Obtain one from {@code ManagerClient.boundedSemaphore}. */
  public static final class Bounded extends SemaphoreFacade implements SharedBoundedSemaphore {
    /** For {@link BuiltinKinds#BOUNDED_SEMAPHORE}; see {@link SemaphoreFacade#SemaphoreFacade}. */
    Bounded(BuiltinKind kind, String name, SemaphoreOps wire, SemaphoreOps patient) {
      super(kind, name, wire, patient);
    }
  }


  private String what() {
    return (this instanceof SharedBoundedSemaphore ? "bounded semaphore '" : "semaphore '") + name + "'";
  }

  private static int checkPermits(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be positive: " + permits);
    }
    return permits;
  }

  private boolean acquire(int permits, long nanos, boolean interruptible) throws InterruptedException {
    checkPermits(permits);
    long status = proxies.status(nanos, interruptible,
        (semaphore, ticket) -> semaphore.acquire(ticket, permits, nanos), () -> "waiting for " + what());
    if (Status.ok(status)) {
      abandoned.set(Status.abandoned(status));
      return true;
    }
    return false;
  }

  @Override
  public void acquire() throws InterruptedException {
    acquire(1, Waiting.FOREVER, true);
  }

  @Override
  public void acquire(int permits) throws InterruptedException {
    acquire(permits, Waiting.FOREVER, true);
  }

  @Override
  public void acquireUninterruptibly() {
    Waiting.uninterruptibly(() -> acquire(1, Waiting.FOREVER, false));
  }

  @Override
  public boolean tryAcquire() {
    return Waiting.uninterruptibly(() -> acquire(1, 0, false));
  }

  @Override
  public boolean tryAcquire(Duration timeout) throws InterruptedException {
    return acquire(1, Waiting.nanos(timeout), true);
  }

  @Override
  public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
    return acquire(1, Waiting.nanos(timeout, unit), true);
  }

  @Override
  public boolean tryAcquire(int permits, Duration timeout) throws InterruptedException {
    return acquire(permits, Waiting.nanos(timeout), true);
  }

  @Override
  public void release() {
    release(1);
  }

  @Override
  public void release(int permits) {
    if (proxies.wire.release(checkPermits(permits)) == Status.TOO_MANY) {
      throw new IllegalStateException(what() + " released too many times: " + permits + " more would raise it above "
          + (this instanceof SharedBoundedSemaphore ? "its initial value" : "Integer.MAX_VALUE"));
    }
  }

  @Override
  public int availablePermits() {
    return proxies.wire.availablePermits();
  }

  @Override
  public int getQueueLength() {
    return proxies.wire.queueLength();
  }

  @Override
  public boolean wasAbandoned() {
    return abandoned.get();
  }
}
