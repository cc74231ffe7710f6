package io.typedipc.builtin;

/**
 * A reentrant lock hosted by a Manager — Python's {@code Manager().RLock()}, with the contract of
 * {@link java.util.concurrent.locks.ReentrantLock} (fair): the thread holding it may acquire it
 * again and must unlock it as often. Everything else — ownership by a thread of a client, the
 * release of a dead holder's lock and {@link #wasAbandoned()}, waits that cost the Manager no
 * thread — is as described for {@link SharedLock}.
 *
 * <pre>{@code
 * SharedRLock lock = client.rlock("tree");
 * lock.lock();
 * try {
 *   lock.lock();               // same thread: fine
 *   try { ... } finally { lock.unlock(); }
 * } finally {
 *   lock.unlock();
 * }
 * }</pre>
 */
public interface SharedRLock extends SharedLock {

  /**
   * Acquires the lock, or one more hold of it if the calling thread holds it already. Waits as
   * long as it takes.
   */
  @Override
  void lock();

  /**
   * Releases one hold; the lock is free once the holder has released every hold.
   *
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  @Override
  void unlock();

  /** How many holds the calling thread has on the lock (0 if it does not hold it). */
  int getHoldCount();
}
