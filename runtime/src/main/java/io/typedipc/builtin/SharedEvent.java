package io.typedipc.builtin;

import java.time.Duration;

/**
 * A flag hosted by a Manager that threads in any JVM can wait for — Python's {@code
 * Manager().Event()}.
 *
 * <pre>{@code
 * SharedEvent started = client.event("started");
 * started.await(Duration.ofSeconds(10));        // in the waiting JVMs
 * started.set();                                // in the one that is ready
 * }</pre>
 *
 * <p>Setting the flag wakes every waiter; a waiter is parked in the Manager as a pending reply, not
 * a thread.
 */
public interface SharedEvent {

  /** The name the event is shared under. */
  String name();

  /** Sets the flag and wakes every waiting thread. */
  void set();

  /** Clears the flag. */
  void clear();

  /** Whether the flag is set. */
  boolean isSet();

  /** Waits until the flag is set, as long as it takes. */
  void await() throws InterruptedException;

  /**
   * Waits until the flag is set, up to {@code timeout} (zero or negative: no wait).
   *
   * @return whether the flag was set (Python's {@code wait} result)
   */
  boolean await(Duration timeout) throws InterruptedException;
}
