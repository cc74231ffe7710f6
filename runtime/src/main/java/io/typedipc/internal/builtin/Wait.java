package io.typedipc.internal.builtin;

import io.typedipc.Caller;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One parked call: the future its reply waits on, who made it, and its timer. Guarded by the
 * monitor of the object it waits on.
 */
class Wait<T> {
  final Caller caller;
  final String client;
  final long ticket;
  final CompletableFuture<T> future = new CompletableFuture<>();
  private ScheduledFuture<?> timer;

  Wait(Caller caller, long ticket) {
    this.caller = caller;
    this.client = caller.id();
    this.ticket = ticket;
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
}
