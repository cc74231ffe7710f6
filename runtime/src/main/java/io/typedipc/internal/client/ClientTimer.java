package io.typedipc.internal.client;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per JVM that keeps the time of client connections whose reader blocks in the
 * socket ({@link ClientConnection}'s plain TCP mode): a thread blocked in a read cannot time out by
 * itself, so when the instant it asked to be woken at passes, this thread has the connection ask
 * the Manager for a PONG, whose arrival wakes it. It also watches writes that stall.
 *
 * <p>Cheap for the callers: a reader only publishes its wake-up instant; this thread is unparked
 * only when that instant is earlier than the one it sleeps until. With nothing to time it sleeps
 * at most {@link #MAX_SLEEP_NANOS} (to look at the connections' writes) — one wake-up per second
 * while any such connection is open, none otherwise.
 */
final class ClientTimer {
  /** The longest this thread sleeps while connections are registered. */
  static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** What a registered connection does when the timer looks at it. */
  interface Timed {
    /**
     * Does what is due at {@code now}.
     *
     * @return when it next needs a look ({@link System#nanoTime()}), or {@link Long#MAX_VALUE}
     */
    long onTimer(long now);
  }

  private static final ClientTimer INSTANCE = new ClientTimer();

  private final CopyOnWriteArrayList<Timed> timed = new CopyOnWriteArrayList<>();
  private final AtomicBoolean poked = new AtomicBoolean();
  /**
   * The instant the thread sleeps until; {@link Long#MIN_VALUE} while it looks at the connections
   * (anything posted then makes it look again).
   */
  private volatile long plannedWake = Long.MIN_VALUE;
  private volatile Thread thread;

  private ClientTimer() {}

  static ClientTimer get() {
    return INSTANCE;
  }

  void register(Timed t) {
    timed.add(t);
    startIfNeeded();
    poke();
  }

  void unregister(Timed t) {
    timed.remove(t);
  }

  /**
   * Makes sure the timer looks at its connections by {@code instant} ({@link System#nanoTime()}).
   * Call after publishing what is due then.
   */
  void wakeBy(long instant) {
    long planned = plannedWake;
    if (planned == Long.MIN_VALUE || planned == Long.MAX_VALUE || instant - planned < 0) {
      poke();
    }
  }

  private void poke() {
    poked.set(true);
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  private synchronized void startIfNeeded() {
    if (thread == null) {
      Thread t = new Thread(this::run, "typedipc-client-timer");
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  private void run() {
    while (true) {
      poked.set(false);
      plannedWake = Long.MIN_VALUE;
      long now = System.nanoTime();
      long next = timed.isEmpty() ? Long.MAX_VALUE : now + MAX_SLEEP_NANOS;
      for (Timed t : timed) {
        long due;
        try {
          due = t.onTimer(now);
        } catch (Throwable e) { // one connection's failure must not stop the time of the others
          continue;
        }
        if (due != Long.MAX_VALUE && due - next < 0) {
          next = due;
        }
      }
      plannedWake = next;
      if (poked.get()) {
        continue; // something was posted while this thread looked: look again
      }
      if (next == Long.MAX_VALUE) {
        LockSupport.park(this);
      } else {
        LockSupport.parkNanos(this, next - System.nanoTime());
      }
      Thread.interrupted(); // nothing interrupts this thread on purpose; never spin on a stray flag
    }
  }
}
