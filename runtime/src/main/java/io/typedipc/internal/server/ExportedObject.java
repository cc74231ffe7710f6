package io.typedipc.internal.server;

import io.typedipc.Dispatch;
import io.typedipc.spi.Dispatcher;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
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
  /** The real object, which a reference to this object resolves to in the Manager; null once removed. */
  Object target;
  final InterfaceDescriptor descriptor;
  /** Null once removed. */
  Dispatcher dispatcher;
  private final Dispatch dispatch;
  private final Executor executor;

  /** The methods by id, open addressing on the id's bits: a lookup neither boxes nor hashes. */
  private final int[] methodIds;
  private final MethodDescriptor[] methodsById;
  private final int methodMask;

  /** Set once the Manager no longer hosts the object: calls through handles opened before fail. */
  volatile boolean removed;

  /**
   * The Manager no longer hosts the object: later calls through handles opened before fail, and
   * this entry, which connections' handle tables may keep until they close, no longer keeps the
   * object reachable.
   */
  void remove() {
    removed = true;
    target = null;
    dispatcher = null;
  }

  private final ArrayDeque<Runnable> mailbox = new ArrayDeque<>();
  private boolean running;

  ExportedObject(String name, Object target, InterfaceDescriptor descriptor, Dispatcher dispatcher, Dispatch dispatch, Executor executor) {
    this.name = name;
    this.target = target;
    this.descriptor = descriptor;
    this.dispatcher = dispatcher;
    this.dispatch = dispatch;
    this.executor = executor;
    int n = descriptor.methods().size();
    int capacity = Integer.highestOneBit(Math.max(4, n * 4 - 1)) << 1; // at most a quarter full
    this.methodIds = new int[capacity];
    this.methodsById = new MethodDescriptor[capacity];
    this.methodMask = capacity - 1;
    for (MethodDescriptor m : descriptor.methods()) {
      int i = mix(m.id()) & methodMask;
      while (methodsById[i] != null) {
        i = (i + 1) & methodMask;
      }
      methodIds[i] = m.id();
      methodsById[i] = m;
    }
  }

  /** The method with this id, or {@code null}. */
  MethodDescriptor method(int id) {
    int i = mix(id) & methodMask;
    MethodDescriptor m;
    while ((m = methodsById[i]) != null) {
      if (methodIds[i] == id) {
        return m;
      }
      i = (i + 1) & methodMask;
    }
    return null;
  }

  private static int mix(int id) {
    int h = id * 0x9E3779B9;
    return h ^ (h >>> 16);
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
