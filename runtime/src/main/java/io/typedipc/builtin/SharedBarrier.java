package io.typedipc.builtin;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A cyclic barrier hosted by a Manager for a fixed number of parties in any JVMs — Python's {@code
 * Manager().Barrier(parties, action)}, with the contract of {@link
 * java.util.concurrent.CyclicBarrier}.
 *
 * <pre>{@code
 * SharedBarrier round = client.barrier("round", 3);
 * int index = round.await(Duration.ofSeconds(30));   // 0 for the last to arrive
 * }</pre>
 *
 * <p>When the last party arrives, every waiter is released and the barrier can be used again. The
 * barrier <em>breaks</em> — every waiting party gets {@link BrokenBarrierException}, and so does
 * every later {@code await} until {@link #reset()} — when a waiting party times out (it gets
 * {@link TimeoutException}) or its client disconnects or dies, when a party is interrupted while
 * waiting or arrives interrupted (it gets {@link InterruptedException}), and when {@link #abort()}
 * is called. Waiters cost the Manager no thread.
 *
 * <p><b>Barrier action.</b> A handle made with an action ({@code client.barrier(name, parties,
 * action)}) runs it when its own {@code await} trips the barrier — in its own JVM, on the awaiting
 * thread, once per generation, before the other parties are released (as {@code CyclicBarrier}
 * runs its action in the last thread to arrive). Each JVM gives its handle its own action, or none;
 * a handle without one that trips the barrier releases the others at once. An action that throws
 * breaks the barrier: the other parties get {@link BrokenBarrierException}, and the tripping party
 * gets the action's exception. If the tripping party's client disconnects or dies while its action
 * runs, the barrier breaks too.
 */
public interface SharedBarrier {

  /** The name the barrier is shared under. */
  String name();

  /**
   * Waits until every party has arrived.
   *
   * @return the arrival index: {@code getParties() - 1} for the first to arrive, 0 for the last
   * @throws BrokenBarrierException if the barrier is or becomes broken while waiting (also when
   *     this party tripped it and it was reset or aborted while its action ran)
   * @throws InterruptedException if the thread was interrupted before or while waiting (the
   *     barrier breaks)
   */
  int await() throws InterruptedException, BrokenBarrierException;

  /**
   * Waits until every party has arrived, up to {@code timeout} (zero or negative: no wait).
   *
   * @return the arrival index
   * @throws TimeoutException if the time passed first; the barrier breaks
   * @throws BrokenBarrierException if the barrier is or becomes broken while waiting
   * @throws InterruptedException if the thread was interrupted before or while waiting (the
   *     barrier breaks)
   */
  int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException;

  /** As {@link #await(Duration)}. */
  int await(long timeout, TimeUnit unit) throws InterruptedException, BrokenBarrierException, TimeoutException;

  /**
   * Breaks the barrier for the parties waiting now (they get {@link BrokenBarrierException}), then
   * makes it whole again for new waits.
   */
  void reset();

  /** Breaks the barrier: waiting parties, and later waits until {@link #reset()}, fail. */
  void abort();

  /** The number of parties needed to trip the barrier. */
  int getParties();

  /** How many parties wait now. */
  int getNumberWaiting();

  /** Whether the barrier is broken. */
  boolean isBroken();
}
