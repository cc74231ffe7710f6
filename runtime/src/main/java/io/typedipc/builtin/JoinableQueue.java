package io.typedipc.builtin;

import java.time.Duration;

/**
 * A {@link SharedQueue} that counts unfinished tasks — Python's {@code
 * Manager().JoinableQueue()}: every put adds one, every {@link #taskDone()} removes one, and
 * {@link #join()} waits until none is left.
 *
 * <pre>{@code
 * JoinableQueue<Integer> work = client.joinableQueue("work", Integer.class, 0);
 * // consumers:  int n = work.get(); process(n); work.taskDone();
 * // producer:   for (...) work.put(n);  work.join();   // returns when all were processed
 * }</pre>
 *
 * @param <E> the element type
 */
public interface JoinableQueue<E> extends SharedQueue<E> {

  /**
   * Marks one task, taken by a get, as done.
   *
   * @throws IllegalStateException if more tasks were marked done than were put (Python's {@code
   *     ValueError}); nothing changes then
   */
  void taskDone();

  /** Waits until every element ever put has been marked done, as long as it takes. */
  void join() throws InterruptedException;

  /**
   * Waits until every element ever put has been marked done, up to {@code timeout}.
   *
   * @return whether they all were
   */
  boolean join(Duration timeout) throws InterruptedException;

  /** How many elements were put and not yet marked done. */
  long unfinishedTasks();
}
