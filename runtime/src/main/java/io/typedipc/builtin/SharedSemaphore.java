package io.typedipc.builtin;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A counting semaphore hosted by a Manager — Python's {@code Manager().Semaphore(value)}, with the
 * main methods of a fair {@link java.util.concurrent.Semaphore}, those below (not {@code
 * drainPermits}, {@code reducePermits}, {@code tryAcquire(int)}, …):
 *
 * <pre>{@code
 * SharedSemaphore slots = client.semaphore("downloads", 3);
 * slots.acquire();
 * try { ... } finally { slots.release(); }
 * }</pre>
 *
 * <p>Acquires are served in the order they reached the Manager, each parked there as a pending
 * reply (no Manager thread per waiter); an acquire of several permits holds up those behind it
 * until they are all free. Any client may release permits, including ones it did not acquire, and
 * release may raise the count above its initial value (see {@link SharedBoundedSemaphore} for a
 * semaphore that refuses that).
 *
 * <p><b>Dead holders.</b> The Manager counts the permits each client acquired and has not released.
 * When a client disconnects or dies, those permits come back — but never so many that the
 * available permits rise above the initial value, so a semaphore used as a signal (starting at 0)
 * gets nothing back. The acquire that takes a recovered permit sees {@link #wasAbandoned()} return
 * {@code true}.
 *
 * <p>Interrupted waits withdraw their request and throw {@link InterruptedException}, unless the
 * permits were granted meanwhile (then they return with the interrupt status set).
 */
public interface SharedSemaphore {

  /** The name the semaphore is shared under. */
  String name();

  /** Takes one permit, waiting as long as it takes. */
  void acquire() throws InterruptedException;

  /**
   * Takes {@code permits} permits at once, waiting as long as it takes.
   *
   * @throws IllegalArgumentException if {@code permits} is below 1 (unlike {@link
   *     java.util.concurrent.Semaphore}, which accepts 0)
   */
  void acquire(int permits) throws InterruptedException;

  /** Takes one permit, waiting as long as it takes; interrupts are remembered, not obeyed. */
  void acquireUninterruptibly();

  /** Takes one permit if one is free and nobody waits; whether it did. */
  boolean tryAcquire();

  /** Takes one permit, waiting up to {@code timeout} (zero or negative: no wait); whether it did. */
  boolean tryAcquire(Duration timeout) throws InterruptedException;

  /** Takes one permit, waiting up to {@code timeout}; whether it did. */
  boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException;

  /**
   * Takes {@code permits} permits at once, waiting up to {@code timeout}; whether it did.
   *
   * @throws IllegalArgumentException if {@code permits} is below 1
   */
  boolean tryAcquire(int permits, Duration timeout) throws InterruptedException;

  /**
   * Gives back one permit.
   *
   * @throws IllegalStateException if the available permits would pass {@link Integer#MAX_VALUE};
   *     nothing is released then
   */
  void release();

  /**
   * Gives back {@code permits} permits.
   *
   * @throws IllegalArgumentException if {@code permits} is below 1
   * @throws IllegalStateException if the available permits would pass {@link Integer#MAX_VALUE};
   *     nothing is released then
   */
  void release(int permits);

  /** The permits available now. */
  int availablePermits();

  /** How many acquires, in all JVMs, wait now. */
  int getQueueLength();

  /**
   * Whether the calling thread's latest successful acquire took a permit recovered from a client
   * that disconnected or died holding it.
   */
  boolean wasAbandoned();
}
