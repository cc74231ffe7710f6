package io.typedipc.builtin;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A lock hosted by a Manager and shared by every JVM that asks for it by name — Python's {@code
 * Manager().Lock()}, usable wherever a {@link Lock} is expected:
 *
 * <pre>{@code
 * SharedLock lock = client.lock("accounts");        // get-or-create by name
 * lock.lock();
 * try {
 *   if (lock.wasAbandoned()) { ...repair what the dead holder may have left half done... }
 *   ...
 * } finally {
 *   lock.unlock();
 * }
 * }</pre>
 *
 * <p><b>Ownership.</b> The lock is held by one thread of one client (one {@code ManagerClient}).
 * It is not reentrant: {@link #lock()} by the thread that holds it throws {@link
 * IllegalMonitorStateException} instead of waiting forever, and {@link #tryLock} returns {@code
 * false} at once. {@link #unlock()} by any other thread, in this JVM or another, throws {@link
 * IllegalMonitorStateException}, as {@link java.util.concurrent.locks.ReentrantLock} does.
 *
 * <p><b>Fairness and cost.</b> Waiting threads get the lock in the order their requests reached the
 * Manager; {@code tryLock()} does not jump ahead of them. A waiting thread is parked in the Manager
 * as a pending reply, not a Manager thread: any number of waiters costs the Manager memory only.
 * Timeouts are measured by the Manager.
 *
 * <p><b>Dead holders.</b> If the client holding the lock disconnects, is closed or its JVM dies,
 * the Manager releases the lock (when it notices the connection is gone) and the next thread to
 * acquire it sees {@link #wasAbandoned()} return {@code true}: the data the lock protects may be in
 * whatever state the dead holder left it.
 *
 * <p><b>Interruption.</b> {@link #lockInterruptibly()} and {@link #tryLock(long, TimeUnit)}
 * withdraw their request from the Manager when the thread is interrupted and throw {@link
 * InterruptedException}; if the lock was granted in the meantime, they return normally with the
 * interrupt status set. {@link #lock()} ignores interrupts until it has the lock.
 *
 * <p>If the Manager shuts down while a thread waits, the wait ends with {@link
 * io.typedipc.ManagerClosedException}; if the connection is lost, with {@link
 * io.typedipc.ConnectionLostException}.
 */
public interface SharedLock extends Lock {

  /** The name the lock is shared under. */
  String name();

  /** Waits as long as it takes (the client's call timeout does not apply). */
  @Override
  void lock();

  /**
   * Acquires the lock if it is free and nobody is waiting for it.
   *
   * @return whether the calling thread now holds the lock
   */
  @Override
  boolean tryLock();

  /**
   * Acquires the lock, waiting up to {@code timeout}; zero or negative does not wait.
   *
   * @return whether the calling thread now holds the lock
   * @throws InterruptedException if the thread was interrupted while waiting (the request is withdrawn)
   */
  boolean tryLock(Duration timeout) throws InterruptedException;

  /**
   * Releases the lock.
   *
   * @throws IllegalMonitorStateException if the calling thread does not hold it
   */
  @Override
  void unlock();

  /**
   * Not supported: a condition made by {@code newCondition()} would have no name by which another
   * JVM could find it. Use {@link #condition(String)}.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  Condition newCondition();

  /**
   * The condition {@code name} of this lock, the same in every JVM that asks for it by that name —
   * Python's {@code Manager().Condition(lock)}.
   */
  SharedCondition condition(String name);

  /**
   * Whether the calling thread's latest acquisition of this lock (by {@code lock}, {@code
   * tryLock} or a condition's {@code await}) found it abandoned: released by the Manager because
   * the client holding it disconnected or died, rather than unlocked.
   */
  boolean wasAbandoned();

  /** Whether any thread of any client holds the lock now. */
  boolean isLocked();

  /** Whether the calling thread holds the lock now. */
  boolean isHeldByCurrentThread();

  /** How many threads, in all JVMs, wait to acquire the lock now. */
  int getQueueLength();
}
