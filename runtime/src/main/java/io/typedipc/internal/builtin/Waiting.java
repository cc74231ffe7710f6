package io.typedipc.internal.builtin;

import io.typedipc.ManagerClosedException;
import io.typedipc.TypedIpcException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** What the client-side facades share: tickets, timeouts, and waiting for a parked call's reply. */
final class Waiting {
  private static final AtomicLong TICKETS = new AtomicLong();
  /** A timeout meaning "as long as it takes" on the wire. */
  static final long FOREVER = -1;

  private Waiting() {}

  /** A ticket unique in this JVM, hence within its clients, naming one wait for {@code cancel}. */
  static long ticket() {
    return TICKETS.incrementAndGet();
  }

  /** The calling thread's id, which with the client names the owner of a lock. */
  @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+
  static long thread() {
    return Thread.currentThread().getId();
  }

  /** A user's timeout in nanoseconds for the wire: zero or negative means no wait; saturates. */
  static long nanos(Duration timeout) {
    if (timeout == null) {
      throw new NullPointerException("timeout");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      return 0;
    }
    try {
      return timeout.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  static long nanos(long time, TimeUnit unit) {
    return time <= 0 ? 0 : unit.toNanos(time);
  }

  /** Throws {@link InterruptedException} (clearing the status) if the thread is interrupted. */
  static void checkInterrupt() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before waiting; nothing was asked of the Manager");
    }
  }

  /**
   * Waits for the reply of a parked call. If the thread is interrupted and {@code cancel} is not
   * null, runs it once (withdrawing the call in the Manager, which then replies {@link
   * Status#CANCELLED} at once unless the call completed first) and keeps waiting for that reply.
   * The interrupt status is set again on return, unless the caller turns a {@link
   * Status#CANCELLED} into an {@link InterruptedException} (see {@link #check}).
   */
  static <T> T reply(CompletableFuture<T> future, Runnable cancel) {
    boolean interrupted = false;
    boolean cancelled = false;
    try {
      while (true) {
        try {
          return future.get();
        } catch (InterruptedException e) {
          interrupted = true;
          if (cancel != null && !cancelled) {
            cancelled = true;
            cancel.run();
          }
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new TypedIpcException("wait failed: " + cause, cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Returns {@code status} unless the wait ended without an answer: for {@link Status#CANCELLED}
   * clears the interrupt status and throws {@link InterruptedException}; for {@link Status#CLOSED}
   * throws {@link #closed}, {@code waiting} naming what was going on ("waiting for lock 'x'").
   */
  static long check(long status, Supplier<String> waiting) throws InterruptedException {
    if (status == Status.CANCELLED) {
      Thread.interrupted();
      throw new InterruptedException("interrupted while waiting; the request was withdrawn");
    }
    if (status == Status.CLOSED) {
      throw closed(waiting.get());
    }
    return status;
  }

  /** A call made not interruptible: it cannot throw {@link InterruptedException}. */
  @FunctionalInterface
  interface Uninterruptible<T> {
    T call() throws InterruptedException;
  }

  /** The result of {@code call}, made with {@code interruptible} false. */
  static <T> T uninterruptibly(Uninterruptible<T> call) {
    try {
      return call.call();
    } catch (InterruptedException e) {
      throw new AssertionError(e); // not interruptible
    }
  }

  /**
   * The exception for {@link Status#CLOSED}: the Manager is shutting down, or the object was
   * removed ({@code remove(name)}); the wait cannot tell which.
   */
  static ManagerClosedException closed(String what) {
    return new ManagerClosedException(what + " ended: the object was removed, or the Manager is shutting down");
  }
}
