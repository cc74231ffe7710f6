package io.typedipc.internal.server;

import io.typedipc.Dispatch;
import io.typedipc.spi.Dispatcher;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * One object hosted by the Manager: its name, descriptor, dispatcher, and the rule that runs its
 * calls.
 *
 * <p>For {@link Dispatch#SERIAL} objects, one thread at a time holds the object's turn: the thread
 * that finds the object idle takes it and runs its call itself (no hand-off, so a lone call costs
 * no thread wake-up), then any calls that queued meanwhile, in arrival order. After a bounded
 * batch it hands the rest to the executor, so one busy object cannot hold a connection's reader
 * for long. The turn is one compare-and-set and the queue a lock-free one: readers of many
 * connections calling one object do not contend on a monitor.
 */
final class ExportedObject {
  private static final int INLINE_BATCH = 64;
  /** How many times {@link #enterSoon()} looks at a taken turn. */
  private static final int TURN_SPINS = 64;

  final String name;
  /** The real object, which a reference to this object resolves to in the Manager; null once removed. */
  Object target;
  final InterfaceDescriptor descriptor;
  /** Null once removed. */
  Dispatcher dispatcher;
  private final Dispatch dispatch;
  private final Executor executor;

  /** The methods by id, shared by the objects of one interface. */
  private final MethodTable methods;

  /** Set once the Manager no longer hosts the object: calls through handles opened before fail. */
  volatile boolean removed;

  /**
   * The Manager no longer hosts the object: later calls through handles opened before fail, and
   * this entry, which connections' handle tables keep until they sweep it out (see
   * {@link HandleTable}), no longer keeps the object reachable.
   */
  void remove() {
    removed = true;
    target = null;
    dispatcher = null;
  }

  private static final VarHandle RUNNING;

  static {
    try {
      RUNNING = MethodHandles.lookup().findVarHandle(ExportedObject.class, "running", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Calls waiting for the turn, in arrival order: a lock-free queue, safe for many producers. */
  private final Queue<Runnable> mailbox;
  /** The mailbox's size, kept beside it (a lock-free queue counts by walking). */
  private final AtomicInteger queued = new AtomicInteger();
  /** Whether a thread holds the object's turn. */
  private volatile boolean running;
  /** Readers waiting for room in a full queue wait and are notified on this. */
  private final Object room = new Object();
  /** How many readers wait on {@link #room}. */
  private volatile int waitingForRoom;

  ExportedObject(String name, Object target, InterfaceDescriptor descriptor, Dispatcher dispatcher, Dispatch dispatch, Executor executor) {
    this(name, target, descriptor, dispatcher, dispatch, executor, new ConcurrentLinkedQueue<>());
  }

  /**
   * With a given mailbox, which must be a lock-free queue safe for concurrent producers: tests
   * pass one that acts at the exact moments the turn's hand-over argues about.
   */
  ExportedObject(String name, Object target, InterfaceDescriptor descriptor, Dispatcher dispatcher, Dispatch dispatch,
      Executor executor, Queue<Runnable> mailbox) {
    this.mailbox = mailbox;
    this.name = name;
    this.target = target;
    this.descriptor = descriptor;
    this.dispatcher = dispatcher;
    this.dispatch = dispatch;
    this.executor = executor;
    this.methods = MethodTable.of(descriptor);
  }

  /** The method with this id, or {@code null}. */
  MethodDescriptor method(int id) {
    return methods.method(id);
  }

  /**
   * A descriptor's methods by id, open addressing on the id's bits: a lookup neither boxes nor
   * hashes. Made once per interface (it was made per object, about 1 KiB for a built-in map).
   */
  private static final class MethodTable {
    /**
     * The table of each interface's first descriptor (there is one per generated binding); a
     * {@code ClassValue}, so that classes can still be unloaded.
     */
    private static final ClassValue<AtomicReference<MethodTable>> BY_TYPE = new ClassValue<>() {
      @Override
      protected AtomicReference<MethodTable> computeValue(Class<?> type) {
        return new AtomicReference<>();
      }
    };

    private final InterfaceDescriptor descriptor;
    private final int[] ids;
    private final MethodDescriptor[] byId;
    private final int mask;

    /** The shared table of {@code descriptor} (one of its own for another descriptor of the same type). */
    static MethodTable of(InterfaceDescriptor descriptor) {
      AtomicReference<MethodTable> slot = BY_TYPE.get(descriptor.type());
      MethodTable shared = slot.get();
      if (shared != null && shared.descriptor == descriptor) {
        return shared;
      }
      MethodTable made = new MethodTable(descriptor);
      if (slot.compareAndSet(null, made)) {
        return made;
      }
      MethodTable first = slot.get(); // another thread's, or another descriptor's of the same type
      return first.descriptor == descriptor ? first : made;
    }

    private MethodTable(InterfaceDescriptor descriptor) {
      this.descriptor = descriptor;
      int n = descriptor.methods().size();
      int capacity = Integer.highestOneBit(Math.max(4, n * 4 - 1)) << 1; // at most a quarter full
      this.ids = new int[capacity];
      this.byId = new MethodDescriptor[capacity];
      this.mask = capacity - 1;
      for (MethodDescriptor m : descriptor.methods()) {
        int i = mix(m.id()) & mask;
        while (byId[i] != null) {
          i = (i + 1) & mask;
        }
        ids[i] = m.id();
        byId[i] = m;
      }
    }

    MethodDescriptor method(int id) {
      int i = mix(id) & mask;
      MethodDescriptor m;
      while ((m = byId[i]) != null) {
        if (ids[i] == id) {
          return m;
        }
        i = (i + 1) & mask;
      }
      return null;
    }

    private static int mix(int id) {
      int h = id * 0x9E3779B9;
      return h ^ (h >>> 16);
    }
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
    synchronized (room) {
      while (running && queued.get() >= maxQueued && !abandoned.getAsBoolean()) {
        waitingForRoom++;
        try {
          room.wait(100);
        } finally {
          waitingForRoom--;
        }
      }
    }
  }

  /** Whether {@code maxQueued} calls or more wait for this object's turn (a racy, lock-free read). */
  boolean queueFull(int maxQueued) {
    return dispatch == Dispatch.SERIAL && queued.get() >= maxQueued;
  }

  /** For introspection: calls waiting for this object's turn now. */
  int queuedCalls() {
    return queued.get();
  }

  /** For introspection: this object's dispatch rule. */
  Dispatch dispatch() {
    return dispatch;
  }

  /**
   * Takes this object's turn for a call the current thread is about to run, if the turn is free
   * (always, for a {@link Dispatch#CONCURRENT} object). After the call, the thread must call
   * {@link #leave()}.
   *
   * @return whether the turn is the caller's; if not, hand the call to {@link #queue}
   */
  boolean enter() {
    return dispatch == Dispatch.CONCURRENT || takeFreeTurn();
  }

  /**
   * {@link #enter()}, but when the turn is taken and no call waits for it, first watches it for a
   * moment (a microsecond or two): a short call running on another CPU usually ends by then, and
   * the caller runs its own call at once rather than queuing it for the holder, whose reply to
   * another connection would then need a thread of the executor to write it.
   */
  boolean enterSoon() {
    if (enter()) {
      return true;
    }
    for (int i = 0; i < TURN_SPINS && queued.get() == 0; i++) {
      Thread.onSpinWait();
      if (takeFreeTurn()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Takes the turn for a new call only if nobody holds it and no call waits for it. The turn is
   * briefly free while a holder that found the queue empty gives it up, and a call may be queued
   * in that moment: a later call of the same connection must not overtake it. (The thread that
   * queued a call has counted it in {@link #queued} before it reads its connection's next call.)
   */
  private boolean takeFreeTurn() {
    return !running && queued.get() == 0 && RUNNING.compareAndSet(this, false, true);
  }

  /** Takes the turn to run the queue (which holds at least the call the caller just queued). */
  private boolean tryTakeTurn() {
    return !running && RUNNING.compareAndSet(this, false, true);
  }

  /**
   * Queues a call behind the one running (a serial object only), for the thread holding the turn
   * to run. If the turn came free meanwhile, the caller takes it: it must then call {@link
   * #leave()}, which runs the queued calls, this one among them.
   *
   * @return whether the caller took the turn
   */
  boolean queue(Runnable call) {
    mailbox.add(call);
    queued.incrementAndGet();
    return tryTakeTurn();
  }

  /**
   * Gives up the turn taken by {@link #enter()} or {@link #queue}, after running the calls queued
   * meanwhile, in arrival order. After a bounded batch it hands the rest to the executor, so one
   * busy object cannot hold a connection's reader for long.
   */
  void leave() {
    leave(null, (byte) 0);
  }

  /** Told by {@link #leave(QueuePhase, byte)} before the caller runs the first call queued by others. */
  interface QueuePhase {
    /** The thread that ran its own call ({@code kind}) now runs calls from the object's queue. */
    void beforeQueuedCalls(byte kind);
  }

  /**
   * {@link #leave()}; first tells {@code phase} (if not null), if there is a queued call to run.
   *
   * @return whether {@code phase} was told
   */
  boolean leave(QueuePhase phase, byte kind) {
    if (dispatch == Dispatch.CONCURRENT) {
      return false;
    }
    boolean told = false;
    int budget = INLINE_BATCH;
    while (true) {
      Runnable call = mailbox.poll();
      if (call == null) {
        running = false;
        // a call queued after the poll, whose thread saw the turn still taken, must not be stranded
        if (mailbox.isEmpty() || !tryTakeTurn()) {
          return told;
        }
        continue;
      }
      if (phase != null && !told) {
        told = true;
        phase.beforeQueuedCalls(kind);
      }
      queued.decrementAndGet();
      if (waitingForRoom > 0) {
        synchronized (room) {
          room.notifyAll();
        }
      }
      if (--budget < 0) {
        try {
          executor.execute(() -> {
            run(call);
            leave();
          });
          return told; // the turn goes with the task
        } catch (Throwable t) { // no thread: keep running here rather than strand the queue
          budget = INLINE_BATCH;
        }
      }
      run(call);
    }
  }

  /** Runs {@code call} in its turn: here and now if the turn is free, else after the calls before it. */
  void submit(Runnable call) {
    if (dispatch == Dispatch.CONCURRENT) {
      call.run();
    } else if (enter()) {
      try {
        run(call);
      } finally {
        leave();
      }
    } else if (queue(call)) {
      leave();
    }
  }

  private static void run(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException | Error e) {
      // calls report their own failures; this keeps the turn moving whatever happens
    }
  }

  @Override
  public String toString() {
    return "'" + name + "' (" + descriptor.name() + ")";
  }
}
