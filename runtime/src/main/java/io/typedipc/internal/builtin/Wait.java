package io.typedipc.internal.builtin;

import io.typedipc.Caller;
import io.typedipc.internal.server.CurrentCaller;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongFunction;

/**
 * One parked call: the future its reply waits on, who made it, and its timer. Guarded by the
 * monitor of the object it waits on; it ends by adding its reply to a {@link Completions}, so that
 * the reply goes out once that monitor is released.
 *
 * @param <T> the reply type
 */
class Wait<T> {
  /** For a wait whose reply is the bare {@link Status}. */
  static final LongFunction<Long> STATUS = Long::valueOf;

  final Caller caller;
  final String client;
  final long ticket;
  /** The connection the call came through ({@link CurrentCaller#connection()}), or {@code null}. */
  final Object connection = CurrentCaller.connection();
  final CompletableFuture<T> future = new CompletableFuture<>();
  /** The reply of a wait that ends with only a status (timed out, cancelled, closed). */
  private final LongFunction<T> statusReply;
  private ScheduledFuture<?> timer;

  /**
   * @param statusReply the reply that carries only a status: {@link #STATUS}, or e.g. a get's
   *     {@link Polled} without an element
   */
  Wait(Caller caller, long ticket, LongFunction<T> statusReply) {
    this.caller = caller;
    this.client = caller.id();
    this.ticket = ticket;
    this.statusReply = statusReply;
  }

  /** A wait whose reply is a {@link Status}. */
  static Wait<Long> forStatus(Caller caller, long ticket) {
    return new Wait<>(caller, ticket, STATUS);
  }

  /** Arms the timer: {@code onTimeout} runs after {@code nanos} unless {@link #disarm()} ran first. */
  void arm(long nanos, Runnable onTimeout) {
    timer = Timers.after(nanos, onTimeout);
  }

  void disarm() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  boolean is(String client, long ticket) {
    return this.ticket == ticket && this.client.equals(client);
  }

  /** Ends the wait with {@code reply}: disarms it and adds the reply to {@code done}. */
  void complete(T reply, Completions done) {
    disarm();
    done.add(future, reply);
  }

  /** Ends the wait with a reply carrying only {@code status}. */
  void end(long status, Completions done) {
    complete(statusReply.apply(status), done);
  }
}
