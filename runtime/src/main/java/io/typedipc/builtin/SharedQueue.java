package io.typedipc.builtin;

import io.typedipc.EmptyException;
import io.typedipc.FullException;
import java.time.Duration;

/**
 * A FIFO queue of values hosted by a Manager, shared by every JVM that asks for it by name —
 * Python's {@code Manager().Queue(maxsize)}, with both Python's names ({@code put}/{@code get},
 * {@code putNowait}/{@code getNowait}, {@link FullException}/{@link EmptyException}) and {@link
 * java.util.concurrent.BlockingQueue}'s ({@code offer}/{@code poll}).
 *
 * <pre>{@code
 * SharedQueue<String> jobs = client.queue("jobs", String.class, 100);   // at most 100 waiting
 * jobs.put("resize cat.png");                                           // producer JVM
 * String job = jobs.get();                                              // consumer JVMs
 * }</pre>
 *
 * <p>Elements travel by value: a put sends a copy to the Manager, a get receives one. Their
 * classes must be ones typedipc knows (strings, numbers, collections, records, …) or ones both
 * sides {@code register}; an unregistered one fails the put with {@link
 * io.typedipc.SerializationException} before anything is sent. {@code null} is not allowed. An
 * element not of the handle's element class (through an unchecked cast) fails the put with {@link
 * ClassCastException} before anything is sent; a get of an element of another class, put there
 * through a handle of another element class, fails with {@link ClassCastException}, and the
 * element is taken.
 *
 * <p>Blocked puts and gets are parked in the Manager as pending replies (no Manager thread each),
 * served in arrival order. Timeouts are measured by the Manager; waits without a timeout ignore
 * the client's call timeout. An interrupted wait withdraws its request and throws {@link
 * InterruptedException}, unless it completed meanwhile (then it returns with the interrupt status
 * set, so no element is lost). A wait of a client that disconnects or dies is dropped: its put
 * adds nothing. An element is handed to a waiting get only while that get's client is connected;
 * if the client dies after the Manager sent the element, the element is lost with it, as in
 * Python.
 *
 * <p>A queue created with capacity 0 is unbounded in the Python sense, but holds at most
 * 1,048,576 elements, so that a runaway producer cannot exhaust the Manager's memory; beyond that
 * it behaves as full.
 *
 * @param <E> the element type
 */
public interface SharedQueue<E> {

  /** The name the queue is shared under. */
  String name();

  /** Appends {@code element}, waiting as long as it takes for room. */
  void put(E element) throws InterruptedException;

  /**
   * Appends {@code element}, waiting up to {@code timeout} for room (zero or negative: no wait).
   *
   * @throws FullException if the queue stayed full
   */
  void put(E element, Duration timeout) throws InterruptedException;

  /**
   * Appends {@code element} if there is room now.
   *
   * @throws FullException if the queue is full
   */
  void putNowait(E element);

  /** Appends {@code element} if there is room now; whether it did. */
  boolean offer(E element);

  /** Appends {@code element}, waiting up to {@code timeout} for room; whether it did. */
  boolean offer(E element, Duration timeout) throws InterruptedException;

  /** Takes the head, waiting as long as it takes for one. */
  E get() throws InterruptedException;

  /**
   * Takes the head, waiting up to {@code timeout} (zero or negative: no wait).
   *
   * @throws EmptyException if the queue stayed empty
   */
  E get(Duration timeout) throws InterruptedException;

  /**
   * Takes the head if there is one now.
   *
   * @throws EmptyException if the queue is empty
   */
  E getNowait();

  /** Takes the head if there is one now, else returns {@code null}. */
  E poll();

  /** Takes the head, waiting up to {@code timeout}; {@code null} if the queue stayed empty. */
  E poll(Duration timeout) throws InterruptedException;

  /** How many elements the queue holds now (Python's {@code qsize}). */
  int size();

  /** Whether the queue is empty now. */
  boolean isEmpty();

  /** Whether a put would have to wait now. */
  boolean isFull();

  /** The capacity the queue was created with; 0 for unbounded. */
  int capacity();
}
