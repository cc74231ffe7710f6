package io.typedipc.builtin;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;

/**
 * A condition variable hosted by a Manager, bound to a shared lock — Python's {@code
 * Manager().Condition()}, with the contract of {@link Condition}: the calling thread must hold
 * {@link #lock()} to wait or signal ({@link IllegalMonitorStateException} otherwise); waiting
 * releases every hold of the lock and reacquires them before returning, whatever ends the wait.
 *
 * <pre>{@code
 * SharedCondition ready = client.condition("ready");   // with its own reentrant lock
 * ready.lock().lock();
 * try {
 *   while (!isReady()) {
 *     ready.await();
 *   }
 * } finally {
 *   ready.lock().unlock();
 * }
 * }</pre>
 *
 * <p>Get one with its own reentrant lock from {@code ManagerClient.condition(name)}, or one of
 * several conditions of an existing lock with {@link SharedLock#condition(String)}. Signalled
 * waiters reacquire the lock in the order they were signalled, behind threads already waiting
 * for it. There are no spurious wake-ups, but as always a woken thread should recheck its
 * predicate ({@link #awaitFor} does). A waiter costs the Manager no thread.
 *
 * <p>If the client of a waiting thread disconnects or dies, its wait is dropped; if the lock's
 * holder dies, the lock is released as described for {@link SharedLock}, and a waiter that
 * reacquires it sees {@link SharedLock#wasAbandoned()} return {@code true}. An interrupted {@link
 * #await()} reacquires the lock and then throws {@link InterruptedException}.
 */
public interface SharedCondition extends Condition {

  /** The name of the condition: the lock's name, then {@code "#"} and the condition's own name, if any. */
  String name();

  /** The lock this condition belongs to. */
  SharedLock lock();

  /**
   * Waits until signalled or {@code timeout} passes (Python's {@code wait(timeout)}).
   *
   * @return {@code false} if the time passed without a signal
   * @throws InterruptedException if the thread was interrupted while waiting (the lock is held again)
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  boolean await(Duration timeout) throws InterruptedException;

  /**
   * Waits until {@code predicate} is true, calling it first and after each wake-up, for up to
   * {@code timeout} in all (Python's {@code wait_for}). The predicate runs in this JVM with the
   * lock held.
   *
   * @return the predicate's last result
   * @throws InterruptedException if the thread was interrupted while waiting (the lock is held again)
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  boolean awaitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException;

  /**
   * Wakes the longest-waiting thread (Python's {@code notify()}).
   *
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  @Override
  void signal();

  /**
   * Wakes up to {@code n} waiting threads, longest waiting first, in one call (Python's {@code
   * notify(n)}); as {@link #signal()}, each reacquires the lock once the signaller releases it.
   *
   * @return how many threads it woke (fewer than {@code n} if fewer were waiting)
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  int signal(int n);

  /**
   * Wakes every waiting thread (Python's {@code notify_all()}).
   *
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  @Override
  void signalAll();

  /** How many threads, in all JVMs, wait on this condition now. */
  int getWaitQueueLength();
}
