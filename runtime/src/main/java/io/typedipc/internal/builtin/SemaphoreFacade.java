package io.typedipc.internal.builtin;

import io.typedipc.builtin.SharedBoundedSemaphore;
import io.typedipc.builtin.SharedSemaphore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The client side of {@link SharedSemaphore}. Obtain one from {@code ManagerClient.semaphore}. */
public class SemaphoreFacade implements SharedSemaphore, BuiltinFacade {
  private final String name;
  private final SemaphoreOps wire;
  private final SemaphoreOps patient;
  private final ThreadLocal<Boolean> abandoned = ThreadLocal.withInitial(() -> Boolean.FALSE);

  /**
   * For {@code ManagerClient}.
   *
   * @param wire a proxy with the client's call timeout
   * @param patient a proxy of the same object without a call deadline
   */
  public SemaphoreFacade(String name, SemaphoreOps wire, SemaphoreOps patient) {
    this.name = Objects.requireNonNull(name, "name");
    this.wire = Objects.requireNonNull(wire, "wire");
    this.patient = Objects.requireNonNull(patient, "patient");
  }

  /** A bounded semaphore's client side. Obtain one from {@code ManagerClient.boundedSemaphore}. */
  public static final class Bounded extends SemaphoreFacade implements SharedBoundedSemaphore {
    /** For {@code ManagerClient}; see {@link SemaphoreFacade#SemaphoreFacade}. */
    public Bounded(String name, SemaphoreOps wire, SemaphoreOps patient) {
      super(name, wire, patient);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Object wireProxy() {
    return wire;
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
    if (interruptible) {
      Waiting.checkInterrupt();
    }
    long ticket = Waiting.ticket();
    CompletableFuture<Long> f = (nanos == 0 ? wire : patient).acquire(ticket, permits, nanos);
    long status = Waiting.reply(f, interruptible ? () -> wire.cancel(ticket) : null);
    InterruptedException interrupted = Waiting.interruptedBy(status);
    if (interrupted != null) {
      throw interrupted;
    }
    if (status == Status.CLOSED) {
      throw Waiting.closed("waiting for " + what());
    }
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
    try {
      acquire(1, Waiting.FOREVER, false);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public boolean tryAcquire() {
    try {
      return acquire(1, 0, false);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
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
    if (wire.release(checkPermits(permits)) == Status.TOO_MANY) {
      throw new IllegalStateException(what() + " released too many times: " + permits
          + " more would raise it above its initial value");
    }
  }

  @Override
  public int availablePermits() {
    return wire.availablePermits();
  }

  @Override
  public int getQueueLength() {
    return wire.queueLength();
  }

  @Override
  public boolean wasAbandoned() {
    return abandoned.get();
  }

  @Override
  public String toString() {
    return (this instanceof SharedBoundedSemaphore ? "SharedBoundedSemaphore[" : "SharedSemaphore[") + name + "]";
  }
}
