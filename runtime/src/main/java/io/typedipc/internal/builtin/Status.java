package io.typedipc.internal.builtin;

/**
 * The results the built-in synchronizers and queues send back, as {@code long}s so that they cost
 * no class registration. Non-negative results are successes (or a plain "no": a wait that timed
 * out, a full or empty queue); negative ones are failures the client-side facade turns into the
 * right exception.
 */
public final class Status {
  /** The wait timed out, or a non-blocking attempt found nothing to do. */
  public static final long NO = 0;
  /** Done: acquired, signalled, put, set. */
  public static final long OK = 1;
  /** Flag added to {@link #OK}: what was acquired had been abandoned by a client that disconnected or died. */
  public static final long ABANDONED = 2;
  /** The wait was cancelled by {@code cancel} (the client thread was interrupted). */
  public static final long CANCELLED = -1;
  /** The Manager is shutting down, the object was removed, or the calling client is gone. */
  public static final long CLOSED = -2;
  /** The calling thread does not hold the lock. */
  public static final long NOT_OWNER = -3;
  /** The barrier is broken. */
  public static final long BROKEN = -4;
  /** Released or marked done more often than acquired or put. */
  public static final long TOO_MANY = -5;
  /** A non-reentrant lock asked for by the thread that holds it: it would wait forever. */
  public static final long WOULD_DEADLOCK = -6;
  /** The barrier wait timed out (and broke the barrier). */
  public static final long TIMED_OUT = -7;
  /** This party tripped the barrier: run the barrier action, then report (the others wait). */
  public static final long TRIP = -8;

  private Status() {}

  /** Whether {@code status} is a success, with or without the {@link #ABANDONED} flag. */
  public static boolean ok(long status) {
    return status > 0 && (status & OK) != 0;
  }

  /** Whether {@code status} carries the {@link #ABANDONED} flag. */
  public static boolean abandoned(long status) {
    return status > 0 && (status & ABANDONED) != 0;
  }
}
