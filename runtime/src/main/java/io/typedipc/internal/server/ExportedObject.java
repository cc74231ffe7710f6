package io.typedipc.internal.server;

import io.typedipc.Dispatch;
import io.typedipc.spi.Dispatcher;
import io.typedipc.spi.InterfaceDescriptor;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * One object hosted by the Manager: its name, descriptor, dispatcher, and the rule that runs its
 * calls.
 *
 * <p>For {@link Dispatch#SERIAL} objects, calls go through a mailbox: the thread that finds the
 * object idle runs the call itself (no hand-off, so a lone call costs no thread wake-up) and then
 * any calls that queued meanwhile, in arrival order. After a bounded batch it hands the rest to
 * the executor, so one busy object cannot hold a connection's reader for long.
 */
final class ExportedObject {
  private static final int INLINE_BATCH = 64;

  final String name;
  /** The real object, which a reference to this object resolves to in the Manager. */
  final Object target;
  final InterfaceDescriptor descriptor;
  final Dispatcher dispatcher;
  private final Dispatch dispatch;
  private final Executor executor;

  private final ArrayDeque<Runnable> mailbox = new ArrayDeque<>();
  private boolean running;

  ExportedObject(String name, Object target, InterfaceDescriptor descriptor, Dispatcher dispatcher, Dispatch dispatch, Executor executor) {
    this.name = name;
    this.target = target;
    this.descriptor = descriptor;
    this.dispatcher = dispatcher;
    this.dispatch = dispatch;
    this.executor = executor;
  }

  /**
   * For a serial object whose queue holds {@code maxQueued} calls or more: waits until there is
   * room. The caller is a connection's reader, which thereby stops reading its client (TCP then
   * pushes back on that client). Returns early if {@code abandoned} becomes true (its connection
   * closed). Readers racing for the last places may take the queue a few calls over the bound: at
   * most one per connection.
   */
  void awaitQueueRoom(int maxQueued, BooleanSupplier abandoned) throws InterruptedException {
    if (!queueFull(maxQueued)) {
      return;
    }
    synchronized (mailbox) {
      while (running && mailbox.size() >= maxQueued && !abandoned.getAsBoolean()) {
        waitingForRoom++;
        try {
          mailbox.wait(100);
        } finally {
          waitingForRoom--;
        }
      }
    }
  }

  /** Whether {@code maxQueued} calls or more wait for this object's turn (a racy, lock-free read). */
  boolean queueFull(int maxQueued) {
    return dispatch == Dispatch.SERIAL && queued >= maxQueued;
  }

  /** The mailbox's size, readable without its lock. */
  private volatile int queued;

  /** For introspection: calls waiting for this object's turn now. */
  int queuedCalls() {
    return queued;
  }

  /** For introspection: this object's dispatch rule. */
  Dispatch dispatch() {
    return dispatch;
  }

  /** Runs {@code call} according to this object's dispatch rule. */
  void submit(Runnable call) {
    if (dispatch == Dispatch.CONCURRENT) {
      call.run();
      return;
    }
    synchronized (mailbox) {
      if (running) {
        mailbox.add(call);
        queued = mailbox.size();
        return;
      }
      running = true;
    }
    drain(call);
  }

  /** Calls waiting for room in a full queue. */
  private int waitingForRoom;

  private void drain(Runnable first) {
    Runnable call = first;
    int budget = INLINE_BATCH;
    while (true) {
      try {
        call.run();
      } catch (RuntimeException | Error e) {
        // calls report their own failures; this keeps the mailbox alive whatever happens
      }
      synchronized (mailbox) {
        call = mailbox.poll();
        queued = mailbox.size();
        if (waitingForRoom > 0) {
          mailbox.notifyAll();
        }
        if (call == null) {
          running = false;
          return;
        }
      }
      if (--budget == 0) {
        Runnable next = call;
        try {
          executor.execute(() -> drain(next));
        } catch (Throwable t) { // no thread: keep draining here rather than strand the queue
          budget = INLINE_BATCH;
          continue;
        }
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "'" + name + "' (" + descriptor.name() + ")";
  }
}
