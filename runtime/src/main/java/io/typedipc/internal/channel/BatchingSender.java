package io.typedipc.internal.channel;

import com.esotericsoftware.kryo.Kryo;
import io.typedipc.TypedIpcException;
import io.typedipc.internal.serial.FrameOutput;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.spi.MessageSender;
import io.typedipc.spi.MessageWriter;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.RemoteObject;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sending half of a pipe end and of a Manager channel's producer: batching, shipping, flushing
 * and closing in one place. A subclass supplies the transport ({@link #ship}: a pipe writes a
 * frame, a channel producer puts the batch into the Manager) and may gate each message ({@link
 * #admit}: a channel producer needs a reserved place first).
 *
 * <h2>How a message travels</h2>
 *
 * <p>A generated proxy's call begins a message ({@link #begin}, which takes the callers' lock),
 * writes its arguments straight into the batch being filled (a reusable buffer) through this
 * sender's one {@link MessageWriter}, and sends it ({@link MessageWriter#send()}), which counts it
 * and releases the lock; a call with its arguments in an array ({@link #call}) does the same. A
 * message whose writing fails is taken out again when the writer is closed, so a batch only ever
 * holds whole messages. Once the batch's messages take
 * {@code batchBytes} the caller <em>seals</em> it: it publishes it to this sender's thread by
 * advancing a sequence number, and goes on in the next buffer. The thread ships sealed batches
 * one at a time, in order, and gives each buffer back by advancing its own sequence number. A
 * partly filled batch is sealed when the thread has nothing else to do: at once if it holds one
 * message (a lone message leaves after one thread wake-up), or, when {@code lingerNanos} is not 0
 * and callers are streaming, after waiting a little while it still grows, so that a stream leaves
 * in full batches.
 *
 * <h2>Bounds</h2>
 *
 * <p>There are {@code buffers} batch buffers in all, used in turn: the one being filled, the sealed
 * ones, the one being shipped. When the next buffer is still waiting to be shipped (the transport
 * is slower than the callers: a pipe's reader does not keep up, the Manager is slow), callers block
 * until it is. A sender therefore holds at most {@code buffers × (batchBytes + one message)}
 * bytes; a buffer that grew past four times its size for a large message is replaced once shipped.
 *
 * <h2>Costs</h2>
 *
 * <p>Per message: one acquisition of a lock that only callers take (the thread takes it only to
 * seal a partly filled batch when callers are idle, with {@code tryLock}, so a caller never waits
 * for the thread), plain counters guarded by it, no atomic read-modify-write and no allocation of
 * the sender's own; every few hundred messages, a run of stores that makes the next 16 KiB of the
 * batch buffer the caller's (see {@link #touchAhead}). Per batch: one volatile write each way, and
 * at most one wake-up of the thread.
 *
 * <h2>Exclusive mode: one sending thread, no lock</h2>
 *
 * <p>A sender whose subclass never waits in {@link #admit} can be switched, before its first
 * message, to {@linkplain #exclusive() exclusive mode}: from then on one thread sends — the first
 * that does — and any other is refused with {@link IllegalStateException}. That thread encodes
 * without the callers' lock and <em>commits</em> each message with one ordered write of its
 * batch's message count and end ({@link Batch#committed}): no atomic read-modify-write and no
 * fence per message. The sender's thread no longer needs the callers to seal a partly filled
 * batch: it ships the committed part itself ({@link #shipPart}) and the rest later, the frame
 * header written over bytes already shipped. Its parks are timed (at most {@link
 * #MAX_EXCLUSIVE_PARK_NANOS}): a sending thread that commits just as the sender's thread goes to
 * sleep may miss that it must wake it, and the timeout bounds what that costs. Sends racing
 * {@link #close()} from another thread are the caller's race: close from the sending thread, or
 * after its last send.
 *
 * <h2>Contract with subclasses</h2>
 *
 * <p>Hooks run on the thread noted on each, with {@link #lock} held unless noted. A subclass calls
 * {@link #start()} at the end of its constructor.
 */
public abstract class BatchingSender implements RemoteObject, MessageSender {
  /** What {@link #admit} returns when the message may be encoded now. */
  static final long ADMITTED = Long.MIN_VALUE;
  /** The deadline {@link #admit} gets on its first call for a message: none worked out yet. */
  static final long FIRST = Long.MIN_VALUE + 1;

  private static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(35);
  /** How long the thread waits before looking again at a batch the callers were asked to seal. */
  private static final long RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  /** The longest the thread parks at a time in exclusive mode, when idle for a while. */
  static final long MAX_EXCLUSIVE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  /** Its first park when it runs out of work in exclusive mode; each idle park doubles it. */
  private static final long MIN_EXCLUSIVE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  /** How long the sending thread waits at a time for a buffer in exclusive mode. */
  private static final long ROOM_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
  /**
   * How far ahead of the messages a caller makes the batch buffer its own (see {@link
   * #touchAhead}).
   */
  private static final int TOUCH_AHEAD = 16 * 1024;
  /** One byte written every this many makes a cache line the writer's. */
  private static final int CACHE_LINE = 64;
  private static final VarHandle ACCEPTED_HINT;
  private static final VarHandle COMMITTED;
  private static final VarHandle OWNER;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ACCEPTED_HINT = lookup.findVarHandle(BatchingSender.class, "acceptedHint", long.class);
      OWNER = lookup.findVarHandle(BatchingSender.class, "owner", Thread.class);
      COMMITTED = lookup.findVarHandle(Batch.class, "committed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The callers' lock: held while a message is encoded, and by subclass hooks. */
  final CallersLock lock = new CallersLock();
  /** Callers waiting, {@link #lock} released, for admission (a subclass's reason, e.g. a reservation). */
  final Condition admission = lock.newCondition();
  /** Callers waiting, {@link #lock} released, for the next buffer to be shipped. */
  private final Condition room = lock.newCondition();
  private volatile int roomWaiters;

  /** For callers waiting for the thread to ship (flush, close): rare, never taken per message. */
  private final ReentrantLock waitLock = new ReentrantLock();
  private final Condition progress = waitLock.newCondition();
  private volatile int waiters;
  private volatile long wakeups;

  private final MessageCodec codec;
  private final Serialization serialization;
  private final Kryo kryo;
  private final int header;
  private final int batchBytes;
  private final int maxBatchBytes;
  private final int maxMessageBytes;
  private final long lingerNanos;
  private final long maxLingerNanos;
  private final boolean idleDuties;
  private final Batch[] ring;
  private final Thread thread;
  /** Writes the message being sent; see {@link Message}. */
  private final Message writer;

  // callers' side, guarded by lock
  private Batch filling;
  private long accepted;
  /** {@link #accepted}, published without a fence for the thread's lingering (a hint). */
  @SuppressWarnings("unused")
  private long acceptedHint;

  // shared between the callers and the thread
  /** Batches sealed: written by callers (lock held); batch {@code i} is {@code ring[i % ring.length]}. */
  private volatile long sealed;
  /** Messages in sealed batches: written by callers (lock held), with {@link #sealed}. */
  private volatile long sealedMessages;
  /** Batches shipped (their buffers free again): written by the thread only. */
  private volatile long shipped;
  /** Messages shipped: written by the thread only. */
  private volatile long shippedMessages;
  /** The batch being filled holds a message: set by its first, cleared when it is sealed. */
  private volatile boolean started;
  /** The thread asks the callers to seal the batch being filled. */
  private volatile boolean sealWanted;
  /** The thread is parked, or about to park: whoever gives it work unparks it. */
  private volatile boolean threadParked;
  /** The thread's park is a linger: it wakes by itself soon, so a caller that seals need not wake it. */
  private volatile boolean threadLingering;
  private volatile boolean closed;
  private volatile Throwable failure;
  private volatile boolean ended;

  // exclusive mode
  /** Set once, before the first message: one thread sends, without the callers' lock. */
  private volatile boolean exclusive;
  /** In exclusive mode, the one thread that may send: the first that did. */
  @SuppressWarnings("unused") // through OWNER
  private volatile Thread owner;
  /** In exclusive mode, the sending thread while it waits for a buffer. */
  private volatile Thread roomWaiter;

  /** One batch buffer: messages after {@code header} bytes of room for the transport's header. */
  static final class Batch {
    FrameOutput out;
    int count;
    /** Subclass data for the shipment (a channel producer's places given back with it). */
    int release;
    /**
     * Exclusive mode: the messages committed and where they end, {@code count << 32 | end},
     * written by the sending thread with release semantics after each message, read by the
     * sender's thread with acquire semantics.
     */
    @SuppressWarnings("unused") // through COMMITTED
    volatile long committed;
    /**
     * Exclusive mode: the buffer the committed messages are in ({@link #out}'s, which grows for a
     * large message), set by the sending thread before it commits so that the thread sees it whole.
     */
    volatile byte[] published;
    /** Exclusive mode, the sender's thread only: how far the batch was shipped, and how many messages. */
    int shippedTo;
    int shippedCount;
    /** The sending thread: the buffer {@link #touchedTo} is about, and how far it was touched (see {@link #touchAhead}). */
    byte[] touched;
    int touchedTo;

    /** Exclusive mode: the buffer holding the committed messages (read after {@link #committed}). */
    byte[] publishedBytes() {
      return published;
    }

    /** The batch's bytes: its buffer from 0 to {@link #length()}, the header first. */
    byte[] bytes() {
      return out.getBuffer();
    }

    /** The header plus the messages. */
    int length() {
      return out.position();
    }
  }

  /**
   * @param codec encodes the messages
   * @param threadName the name of the sender's thread
   * @param header bytes left free at the start of every batch for the transport's header
   * @param batchBytes a batch is sealed once its messages take this many bytes
   * @param maxBatchBytes the most bytes of messages one shipment may carry (a message that would
   *     push a batch past it starts the next batch)
   * @param maxMessageBytes the largest message, length prefix included
   * @param buffers batch buffers in all (at least 2)
   * @param lingerNanos how long at a time the thread waits for a partly filled batch that callers
   *     keep adding to before it has it sealed (0: never waits)
   * @param maxLingerNanos the longest the thread waits so, in all, for one batch
   * @param idleDuties whether the thread has work of its own when no message waits ({@link
   *     #emptyShipmentDue}, {@link #idleWaitNanos}, {@link #holdsOpen}); without, those hooks are
   *     never called and the thread never takes the callers' lock when idle
   */
  BatchingSender(MessageCodec codec, String threadName, int header, int batchBytes, int maxBatchBytes,
      int maxMessageBytes, int buffers, long lingerNanos, long maxLingerNanos, boolean idleDuties) {
    if (buffers < 2 || batchBytes < 1 || maxBatchBytes < 1 || maxMessageBytes < 1) {
      throw new IllegalArgumentException("bad batching parameters");
    }
    this.codec = codec;
    this.serialization = codec.serialization();
    this.header = header;
    this.batchBytes = batchBytes;
    this.maxBatchBytes = maxBatchBytes;
    this.maxMessageBytes = maxMessageBytes;
    this.lingerNanos = lingerNanos;
    this.maxLingerNanos = maxLingerNanos;
    this.idleDuties = idleDuties;
    this.ring = new Batch[buffers];
    for (int i = 0; i < buffers; i++) {
      ring[i] = new Batch();
      ring[i].out = newOutput();
      ring[i].published = ring[i].out.getBuffer();
      ring[i].shippedTo = header;
    }
    this.filling = ring[0];
    this.kryo = serialization.borrow();
    this.writer = new Message();
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  /** Starts the sender's thread; the last thing a subclass constructor does. */
  final void start() {
    thread.start();
  }

  private FrameOutput newOutput() {
    FrameOutput out = new FrameOutput(Math.max(256, header + batchBytes + 1024));
    out.setPosition(header);
    return out;
  }

  // ------------------------------------------------------------------ hooks

  /**
   * Whether the message may be encoded now (caller's thread, lock held). The default admits every
   * message. An implementation that cannot admit it now either throws (the message is not sent) or
   * waits — releasing the lock, for instance with {@link #admission} — and returns the deadline it
   * worked out, which the next call gets back: the caller looks at the sender's state again and
   * asks again.
   *
   * @param deadline {@link #FIRST} on the first call for this message, then what the last call
   *     returned
   * @return {@link #ADMITTED}, or the deadline after waiting
   */
  long admit(MethodDescriptor method, long deadline) throws InterruptedException {
    return ADMITTED;
  }

  /**
   * A message was encoded and counted (caller's thread, lock held).
   *
   * @return whether {@link #afterAccepted()} must run once the lock is released
   */
  boolean accepted() {
    return false;
  }

  /** Follows {@link #accepted()} when it asked for it (caller's thread, lock not held). */
  void afterAccepted() {}

  /** A batch, possibly empty, is sealed for shipping (caller's or sender's thread, lock held). */
  void prepare(Batch batch) {}

  /** Ships one batch, blocking until it is done (sender's thread, lock not held). */
  abstract void ship(Batch batch) throws Exception;

  /**
   * Exclusive mode: ships part of a batch, blocking until it is done (sender's thread). The frame
   * header goes in the {@code header} bytes at {@code headerAt}, which were shipped already (or are
   * the batch's room for it); the messages follow, up to {@code end}.
   *
   * @param count how many messages the part holds
   */
  void shipPart(Batch batch, int headerAt, int end, int count) throws Exception {
    throw new UnsupportedOperationException("this sender has no exclusive mode");
  }

  /**
   * Whether the thread should ship an empty batch now although no message waits (sender's thread,
   * lock held): a channel producer gives back places it does not use.
   *
   * @param idle whether the thread has had nothing to ship for {@link #idleWaitNanos()}
   */
  boolean emptyShipmentDue(boolean idle) {
    return false;
  }

  /** How long the thread may sleep with nothing to ship (lock held); negative: until woken. */
  long idleWaitNanos() {
    return -1;
  }

  /** Whether the thread must wait for something (a reservation's reply) before it may end (lock held). */
  boolean holdsOpen() {
    return false;
  }

  /** The exception for a send after this sender was closed or failed (caller's thread). */
  abstract RuntimeException stopped(MethodDescriptor method, boolean closed, Throwable failure);

  /** The exception of a flush that cannot complete: {@code lost} messages may not have left. */
  abstract RuntimeException flushFailed(long lost, Throwable failure);

  /** For messages: what this sender sends to ("channel 'orders'", "the pipe to …"). */
  abstract String target();

  /** Runs once when {@link #close()} is done (caller's thread, lock not held). */
  void closed() {}

  // ------------------------------------------------------------------ for subclasses

  /** Whether {@link #close()} was called. */
  final boolean isClosing() {
    return closed;
  }

  /**
   * Makes every waiting caller and the thread look at the state again (lock held): a subclass's
   * state changed (places arrived, the other end went away).
   */
  final void wakeAll() {
    admission.signalAll();
    room.signalAll();
    signalProgress(true);
    wakeThread();
    wakeRoomWaiter();
  }

  /**
   * Switches to exclusive mode (see the class comment): from now on one thread sends, the first
   * that does. Only for subclasses whose {@link #admit} never waits, and whose {@link #ship} has a
   * {@link #shipPart}.
   *
   * @throws IllegalStateException if a message was sent already
   */
  final void exclusive() {
    if (idleDuties) {
      throw new IllegalStateException("a sender with idle duties has no exclusive mode");
    }
    refuseWhileWriting("choose the exclusive sender of");
    lock.lock();
    try {
      if (exclusive) {
        return;
      }
      if (accepted > 0) {
        throw new IllegalStateException("messages were sent through " + target() + " already: "
            + "choose the exclusive sender before the first message");
      }
      exclusive = true;
    } finally {
      lock.unlock();
    }
    LockSupport.unpark(thread); // a thread parked for good must look again: it parks timed from now on
  }

  /** Whether {@link #exclusive()} was called. */
  final boolean isExclusive() {
    return exclusive;
  }

  // ------------------------------------------------------------------ sending

  /**
   * Starts a message: with the callers' lock (held until the message is sent or abandoned), or, in
   * exclusive mode, as the owner. Generated proxies write the arguments into the returned writer.
   */
  @Override
  public final MessageWriter begin(MethodDescriptor method) {
    checkNotWriting(method);
    if (!exclusive) {
      lock.lock();
      boolean begun = false;
      try {
        if (!exclusive) {
          beginLocked(method);
          begun = true;
          return writer;
        }
      } finally {
        if (!begun) {
          lock.unlock();
        }
      }
    }
    beginExclusive(method);
    return writer;
  }

  /** A message with its arguments boxed in an array: for callers that are not generated proxies. */
  @Override
  public final <R> R call(MethodDescriptor method, Object[] args) {
    try (MessageWriter m = begin(method)) {
      codec.writeArguments(m, method, args);
      m.send();
    }
    return null;
  }

  @Override
  public final <R> CompletableFuture<R> callAsync(MethodDescriptor method, Object[] args) {
    throw new UnsupportedOperationException("messages are one-way");
  }

  /** Waits until the message may be written, and starts it in the batch being filled; lock held. */
  private void beginLocked(MethodDescriptor method) {
    try {
      Batch b = filling;
      long admitted = FIRST;
      if (closed || failure != null || b == null || (admitted = admit(method, FIRST)) != ADMITTED) {
        b = waitToSend(method, admitted);
      }
      writer.start(b, method, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TypedIpcException("interrupted while sending " + method.name() + " to " + target(), e);
    }
  }

  /**
   * The message is written: counts it, seals its batch when full, lets the next caller in.
   * The writer is free again before anything here releases the lock.
   */
  private void sendLocked(Message m) {
    boolean after;
    MethodDescriptor method = m.method();
    try {
      Batch b = m.batch;
      int start = m.startPosition();
      m.finish(maxMessageBytes);
      m.done();
      if (b.count > 0 && b.out.position() - header > maxBatchBytes) {
        b = moveToNextBatch(b, start, method);
      }
      after = accepted();
      long n = ++accepted;
      ACCEPTED_HINT.setOpaque(this, n);
      if (++b.count == 1) {
        started = true;
        if (threadParked) {
          wakeThread();
        }
      }
      if (b.out.position() - header >= batchBytes || sealWanted) {
        seal(b);
      } else {
        touchAhead(b);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TypedIpcException("interrupted while sending " + method.name() + " to " + target(), e);
    } finally {
      m.done();
      lock.unlock();
    }
    if (after) {
      afterAccepted();
    }
  }

  /**
   * Makes the next {@link #TOUCH_AHEAD} bytes of the batch buffer past its messages the sending
   * thread's own, a few kilobytes at a time, by writing a byte in each cache line (bytes no one
   * reads: they are past the messages, and the next messages overwrite them).
   *
   * <p>Why: a buffer comes back from the sender's thread, which read it to ship it, so its cache
   * lines are in that thread's core. Without this, nearly every message written into it would
   * store into a line another core holds, and the lock release after the message (a fence) would
   * wait for that line, one line at a time: measured, most of a streaming caller's time. Written
   * here in a row, the lines are fetched together, and the messages after them find them ready.
   * Cheap when there is nothing to do (a comparison), and at most a few hundred bytes' worth of
   * stores for a lone message.
   */
  private static void touchAhead(Batch b) {
    byte[] buf = b.out.getBuffer();
    int pos = b.out.position();
    int to = b.touchedTo;
    if (b.touched != buf) { // a new or grown buffer: nothing touched yet
      b.touched = buf;
      to = pos;
    } else if (to - pos >= TOUCH_AHEAD / 2) {
      return;
    }
    int from = Math.max(to, pos);
    int end = Math.min(buf.length, Math.min(pos + TOUCH_AHEAD, from + (b.count == 1 ? 4 * CACHE_LINE : TOUCH_AHEAD)));
    for (int i = from; i < end; i += CACHE_LINE) {
      buf[i] = 0;
    }
    b.touchedTo = Math.max(end, from);
  }

  /**
   * A thread that begins a message while it writes one (from a serializer of the first message's
   * arguments) would corrupt the first: refused.
   */
  private void checkNotWriting(MethodDescriptor method) {
    if (writingHere()) {
      throw whileWriting("send " + method.name() + " to");
    }
  }

  /** Whether the current thread is writing a message to this sender (only it writes its own id). */
  private boolean writingHere() {
    return writer.writing == Thread.currentThread().getId();
  }

  /**
   * Refuses what this thread would do to this sender while it writes a message to it (from a
   * serializer of that message's arguments): it would corrupt the message, or wait for ever on the
   * callers' lock, which it holds and which is not reentrant. Called before taking the lock.
   *
   * @param what what the thread tried, for the message: "flush", "send m to"
   */
  private void refuseWhileWriting(String what) {
    if (writingHere()) {
      throw whileWriting(what);
    }
  }

  private IllegalStateException whileWriting(String what) {
    return new IllegalStateException("cannot " + what + " " + target()
        + " while this thread writes " + writer.method().name() + " to it");
  }

  /**
   * This sender's one writer: used by one caller at a time (the holder of the callers' lock, or the
   * owner in exclusive mode), from {@link #begin} until it is sent or closed. {@link #send()} and
   * {@link #close()} act only for the thread writing: a caller whose message was sent closes the
   * writer after the lock went to the next caller, which may be writing already.
   */
  private final class Message extends FrameMessageWriter {
    Batch batch;
    /**
     * The id of the thread writing a message, between begin and send or close; 0 between messages.
     * An id, not the {@code Thread}: a reference stored into a long-lived object costs G1 a
     * write barrier with a fence whenever the two live in different regions, and this field
     * changes twice per message.
     */
    long writing;
    /** Whether that thread holds the callers' lock for it (released when it is sent or closed). */
    boolean locked;

    Message() {
      super(serialization, kryo);
    }

    void start(Batch b, MethodDescriptor method, boolean withLock) {
      if (batch != b) { // stored only when it changes (see writing)
        batch = b;
      }
      locked = withLock;
      start(b.out, method);
      writing = Thread.currentThread().getId();
    }

    /** The message left the writer (into its batch, or out of it); before the lock is released. */
    void done() {
      writing = 0;
      locked = false;
    }

    @Override
    public void send() {
      if (!writingHere()) {
        throw new IllegalStateException("this thread is writing no message to " + target());
      }
      if (locked) {
        sendLocked(this);
      } else {
        sendExclusive(this);
      }
    }

    @Override
    public void close() {
      if (!writingHere()) {
        return; // sent (perhaps another caller writes now), or never begun
      }
      rewind();
      boolean unlock = locked;
      done();
      if (unlock) {
        lock.unlock();
      }
    }
  }

  // ------------------------------------------------------------------ sending, exclusive mode

  /** Exclusive mode: the owner starts a message without the lock. */
  private void beginExclusive(MethodDescriptor method) {
    Thread me = Thread.currentThread();
    Thread o = owner;
    if (o != me && (o != null || !OWNER.compareAndSet(this, null, me))) {
      throw new IllegalStateException("only " + owner + " may send to " + target()
          + " (its exclusive sender belongs to the first thread that sent); " + me + " may not");
    }
    checkNotWriting(method);
    if (closed || failure != null) {
      throw stopped(method, closed, failure);
    }
    try {
      admitExclusive(method);
      Batch b = filling;
      if (b == null) {
        b = awaitBufferExclusive(method);
      }
      writer.start(b, method, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TypedIpcException("interrupted while sending " + method.name() + " to " + target(), e);
    }
  }

  /** Exclusive mode: the owner commits the message it wrote. */
  private void sendExclusive(Message m) {
    MethodDescriptor method = m.method();
    try {
      Batch b = m.batch;
      int start = m.startPosition();
      m.finish(maxMessageBytes);
      m.done();
      if (b.count > 0 && b.out.position() - header > maxBatchBytes) {
        byte[] moved = Arrays.copyOfRange(b.out.getBuffer(), start, b.out.position());
        b.out.setPosition(start);
        sealExclusive(b);
        b = awaitBufferExclusive(method);
        b.out.writeBytes(moved);
      }
      long n = ++accepted;
      ACCEPTED_HINT.setOpaque(this, n);
      byte[] bytes = b.out.getBuffer();
      if (bytes != b.published) {
        b.published = bytes; // grew for a large message
      }
      int count = ++b.count;
      COMMITTED.setRelease(b, (long) count << 32 | b.out.position());
      if (b.out.position() - header >= batchBytes) {
        sealExclusive(b);
      } else {
        if (threadParked && !threadLingering) {
          wakeThread();
        }
        touchAhead(b); // past the committed end, which is all the sender's thread reads
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TypedIpcException("interrupted while sending " + method.name() + " to " + target(), e);
    } finally {
      m.done();
    }
  }

  /** Exclusive mode: a subclass that may refuse the message throws here; one that would wait cannot be exclusive. */
  private void admitExclusive(MethodDescriptor method) throws InterruptedException {
    if (admit(method, FIRST) != ADMITTED) {
      throw new IllegalStateException("an exclusive sender's admit must not wait");
    }
  }

  /** Exclusive mode: wakes the sending thread if it waits for a buffer. */
  private void wakeRoomWaiter() {
    Thread w = roomWaiter;
    if (w != null) {
      LockSupport.unpark(w);
    }
  }

  /** Exclusive mode: hands a full batch to the thread, whole, and moves on to the next buffer. */
  private void sealExclusive(Batch b) {
    prepare(b);
    sealedMessages += b.count; // the only writer in this mode
    long n = sealed + 1;
    sealed = n;
    filling = null;
    takeFreeBuffer();
    if (threadParked) {
      wakeThread();
    }
  }

  /** Exclusive mode: waits until the next buffer in turn is shipped; the caller is the owner. */
  private Batch awaitBufferExclusive(MethodDescriptor method) throws InterruptedException {
    while (true) {
      if (closed || failure != null || ended) {
        throw stopped(method, closed, failure);
      }
      admitExclusive(method);
      if (takeFreeBuffer()) {
        return filling;
      }
      roomWaiter = Thread.currentThread();
      try {
        if (!takeFreeBuffer()) {
          LockSupport.parkNanos(this, ROOM_PARK_NANOS);
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
        }
      } finally {
        roomWaiter = null;
      }
    }
  }

  /**
   * Waits (lock held on return) until the message is admitted and a buffer is being filled. Both
   * waits release the lock: a subclass's callbacks (a reservation's reply, on the connection's
   * reader thread) must never wait behind a caller that waits for the transport.
   */
  private Batch waitToSend(MethodDescriptor method, long deadline) throws InterruptedException {
    while (true) {
      if (closed || failure != null) {
        throw stopped(method, closed, failure);
      }
      long d = admit(method, deadline == ADMITTED ? FIRST : deadline);
      if (d != ADMITTED) {
        deadline = d; // admit waited: look again
        continue;
      }
      if (filling != null || takeFreeBuffer()) {
        return filling;
      }
      awaitRoom();
    }
  }

  /** Waits, lock released, until a buffer is shipped or anything else changes; lock held. */
  private void awaitRoom() throws InterruptedException {
    roomWaiters++;
    try {
      if (!takeFreeBuffer() && !closed && failure == null && !ended) {
        room.await();
      }
    } finally {
      roomWaiters--;
    }
  }

  /** The next buffer in turn, if it has been shipped; lock held. */
  private boolean takeFreeBuffer() {
    long next = sealed;
    if (next - shipped < ring.length) {
      filling = ring[(int) (next % ring.length)];
      return true;
    }
    return false;
  }

  /**
   * The message just encoded at {@code start} of {@code b} made its batch too large to ship: takes
   * it out, seals the batch without it, and puts it first into the next one. It is admitted again
   * if the lock had to be released, so no place is counted twice.
   */
  private Batch moveToNextBatch(Batch b, int start, MethodDescriptor method) throws InterruptedException {
    byte[] message = Arrays.copyOfRange(b.out.getBuffer(), start, b.out.position());
    b.out.setPosition(start);
    seal(b);
    long deadline = FIRST;
    while (true) {
      if (closed || failure != null) {
        throw stopped(method, closed, failure);
      }
      long d = admit(method, deadline);
      if (d != ADMITTED) {
        deadline = d;
        continue;
      }
      Batch f = filling;
      if (f == null && !takeFreeBuffer()) {
        awaitRoom();
      } else if (filling.count > 0 && filling.out.position() - header + message.length > maxBatchBytes) {
        seal(filling);
      } else {
        filling.out.writeBytes(message);
        return filling;
      }
    }
  }

  /** Publishes the batch being filled to the thread and moves on to the next buffer; lock held. */
  private void seal(Batch b) {
    prepare(b);
    sealWanted = false;
    sealedMessages += b.count;
    long n = sealed + 1;
    sealed = n;
    started = false;
    filling = null;
    takeFreeBuffer();
    // a lingering thread wakes by itself within lingerNanos: wake it only if the callers would
    // otherwise run out of buffers first
    if (threadParked && (!threadLingering || n - shipped >= 2 || filling == null)) {
      wakeThread();
    }
  }

  private void wakeThread() {
    threadParked = false;
    LockSupport.unpark(thread);
  }

  // ------------------------------------------------------------------ the thread

  private void run() {
    Throwable error = null;
    try {
      long lingerStart = 0;
      long seen = 0;
      boolean idle = false;
      while (true) {
        if (exclusive) {
          runExclusive();
          return;
        }
        long s = shipped;
        if (sealed > s) {
          Batch b = ring[(int) (s % ring.length)];
          try {
            ship(b);
          } catch (Throwable t) {
            error = t;
            failure = t;
            return;
          }
          int n = b.count;
          reuse(b);
          shippedMessages += n; // the only writer
          shipped = s + 1; // the buffer is free again
          if (roomWaiters > 0) {
            signalRoom();
          }
          if (waiters > 0) {
            signalProgress(false);
          }
          lingerStart = 0;
          idle = false;
          continue;
        }
        if (failure != null) {
          return;
        }
        if (started) { // a partly filled batch
          long a = (long) ACCEPTED_HINT.getOpaque(this);
          if (lingerNanos > 0 && !closed && waiters == 0 && a - sealedMessages > 1) { // a lone message leaves at once
            long now = System.nanoTime();
            if (lingerStart == 0 || (a != seen && now - lingerStart < maxLingerNanos)) {
              if (lingerStart == 0) {
                lingerStart = now;
              }
              seen = a; // callers are streaming: give them a little longer to fill it
              threadLingering = true;
              parkUnlessWork(lingerNanos);
              threadLingering = false;
              continue;
            }
          }
          sealPartial();
          continue;
        }
        // nothing to ship
        if (!idleDuties) {
          // not if exclusive mode began since the loop's top: its messages are committed, not
          // sealed, so only runExclusive sees them (closed is written after exclusive, read first)
          if (closed && !exclusive && nothingLeftAfterClose()) {
            return;
          }
          parkUnlessWork(-1);
          continue;
        }
        long wait;
        if (!lock.tryLock()) { // a caller is sending: it will hand over work or wake this thread
          parkUnlessWork(RETRY_NANOS);
          continue;
        }
        try {
          if (sealed > shipped || started) {
            continue;
          }
          if (emptyShipmentDue(idle)) {
            if (filling == null) {
              takeFreeBuffer(); // nothing waits to be shipped: every buffer is free
            }
            seal(filling);
            continue;
          }
          if (closed && !holdsOpen()) {
            // holdsOpen took in the reply of a reservation made ahead if it came since
            // emptyShipmentDue looked: the places it brought are given back before the thread ends
            if (emptyShipmentDue(idle)) {
              continue;
            }
            return;
          }
          wait = idleWaitNanos();
        } finally {
          lock.unlock();
        }
        long before = System.nanoTime();
        parkUnlessWork(wait);
        idle = wait >= 0 && System.nanoTime() - before >= wait;
      }
    } catch (Throwable t) {
      error = t;
      failure = t;
    } finally {
      ended = true;
      signalRoom();
      signalProgress(true);
      if (error instanceof Error e) {
        throw e; // recorded above; visible to the uncaught-exception handler too
      }
    }
  }

  /**
   * The thread in exclusive mode: ships what the sending thread committed, part of a batch at a
   * time if need be; returns once closed with nothing left, or failed.
   */
  private void runExclusive() throws Exception {
    long idlePark = MIN_EXCLUSIVE_PARK_NANOS;
    long lingerStart = 0;
    int lingerSeen = 0;
    while (true) {
      long s = shipped;
      Batch b = ring[(int) (s % ring.length)];
      boolean whole = sealed > s; // read before the commit: a sealed batch's last commit is seen
      long c = (long) COMMITTED.getAcquire(b);
      int count = (int) (c >>> 32);
      int end = (int) c;
      int fresh = count - b.shippedCount;
      if (fresh > 0) {
        if (!whole && lingerNanos > 0 && !closed && waiters == 0 && fresh > 1) { // a lone message leaves at once
          long now = System.nanoTime();
          if (lingerStart == 0 || (count != lingerSeen && now - lingerStart < maxLingerNanos)) {
            if (lingerStart == 0) {
              lingerStart = now;
            }
            lingerSeen = count; // the sending thread is streaming: give it a little longer to fill the batch
            threadLingering = true;
            parkExclusive(lingerNanos, false);
            threadLingering = false;
            continue;
          }
        }
        shipPart(b, b.shippedTo - header, end, fresh);
        b.shippedTo = end;
        b.shippedCount = count;
        shippedMessages += fresh; // the only writer
        lingerStart = 0;
        idlePark = MIN_EXCLUSIVE_PARK_NANOS;
        if (waiters > 0) {
          signalProgress(false);
        }
        continue;
      }
      if (whole) { // all of it shipped: the buffer is free again
        reuse(b);
        b.shippedTo = header;
        b.shippedCount = 0;
        COMMITTED.setRelease(b, (long) header);
        shipped = s + 1;
        wakeRoomWaiter();
        continue;
      }
      if (failure != null || (closed && !exclusiveWorkWaits())) {
        return;
      }
      parkExclusive(idlePark, true);
      idlePark = Math.min(2 * idlePark, MAX_EXCLUSIVE_PARK_NANOS);
    }
  }

  /** Exclusive mode: whether a batch is sealed or a message committed that the thread has not shipped. */
  private boolean exclusiveWorkWaits() {
    long s = shipped;
    if (sealed > s) {
      return true;
    }
    Batch b = ring[(int) (s % ring.length)];
    return (int) ((long) COMMITTED.getAcquire(b) >>> 32) > b.shippedCount;
  }

  /**
   * Exclusive mode: parks the thread for {@code nanos}; when {@code idle}, not if work came
   * meanwhile. The sending thread wakes a parked thread that does not linger, but may miss one
   * that is just going to sleep (it has no fence): the timeout bounds that.
   */
  private void parkExclusive(long nanos, boolean idle) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("the sender's thread was interrupted"); // parking would return at once, for ever
    }
    threadParked = true;
    if (!idle || (!exclusiveWorkWaits() && !closed && failure == null)) {
      LockSupport.parkNanos(this, nanos);
    }
    threadParked = false;
  }

  /** Makes a shipped batch's buffer ready for the next batch. */
  private void reuse(Batch b) {
    b.count = 0;
    b.release = 0;
    b.touched = null; // read by this thread since: the caller touches it again
    if (b.out.getBuffer().length > 4 * (header + batchBytes + 1024)) {
      b.out = newOutput(); // a large message passed: give the memory back
      b.published = b.out.getBuffer();
    } else {
      b.out.setPosition(header);
    }
  }

  /**
   * Whether, {@link #close()} having been called, nothing is left to ship. Looked at under the
   * callers' lock: close() seals the last batch under it, so a batch it sealed after this thread
   * last looked is seen here.
   */
  private boolean nothingLeftAfterClose() {
    lock.lock();
    try {
      return sealed == shipped && !started;
    } finally {
      lock.unlock();
    }
  }

  /** Parks the thread for up to {@code nanos} (negative: until woken) unless work is there already. */
  private void parkUnlessWork(long nanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("the sender's thread was interrupted"); // parking would return at once, for ever
    }
    threadParked = true;
    if (sealed > shipped || (started && nanos < 0) || failure != null) {
      threadParked = false;
      return;
    }
    if (nanos < 0) {
      LockSupport.park(this);
    } else {
      LockSupport.parkNanos(this, nanos);
    }
    threadParked = false;
  }

  /** Has the partly filled batch sealed: by this thread if no caller is sending, else by the next caller. */
  private void sealPartial() throws InterruptedException {
    if (lock.tryLock()) {
      try {
        Batch f = filling;
        if (f != null && f.count > 0) {
          seal(f);
        }
      } finally {
        lock.unlock();
      }
      return;
    }
    sealWanted = true; // the caller holding the lock, or the next one, seals it
    parkUnlessWork(RETRY_NANOS); // if that caller had looked already, look again soon
  }

  // ------------------------------------------------------------------ waiting for the thread

  private void signalRoom() {
    lock.lock();
    try {
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void signalProgress(boolean wakeup) {
    waitLock.lock();
    try {
      if (wakeup) {
        wakeups++;
      }
      progress.signalAll();
    } finally {
      waitLock.unlock();
    }
  }

  /**
   * Waits once until the thread ships messages (or anything else changes) after it had shipped
   * {@code seenShipped} in all.
   */
  private void awaitProgress(long seenShipped) throws InterruptedException {
    long seenWakeups = wakeups;
    waitLock.lock();
    try {
      waiters++;
      try {
        if (shippedMessages == seenShipped && wakeups == seenWakeups && failure == null && !ended) {
          progress.await();
        }
      } finally {
        waiters--;
      }
    } finally {
      waitLock.unlock();
    }
  }

  // ------------------------------------------------------------------ flush and close

  /**
   * Waits until every message sent before this call has been shipped (the transport accepted it).
   *
   * @throws RuntimeException from {@link #flushFailed} if the transport failed first
   */
  public void flush() {
    refuseWhileWriting("flush");
    if (exclusive) {
      long target = (long) ACCEPTED_HINT.getOpaque(this);
      VarHandle.fullFence(); // against the thread going to sleep: it looks at the commits after saying so
      if (threadParked) {
        wakeThread();
      }
      awaitShipped(target);
      return;
    }
    long target;
    lock.lock();
    try {
      target = accepted;
      if (filling != null && filling.count > 0) {
        seal(filling);
      }
    } finally {
      lock.unlock();
    }
    if (threadParked) {
      wakeThread(); // a lingering thread would only wake by itself
    }
    awaitShipped(target);
  }

  private void awaitShipped(long target) {
    try {
      while (true) {
        long s = shippedMessages;
        if (s >= target) {
          return;
        }
        if (failure != null || ended) {
          long left = target - shippedMessages; // read again: the thread may have shipped them just before it ended
          if (left <= 0) {
            return;
          }
          throw flushFailed(left, failure);
        }
        awaitProgress(s);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TypedIpcException("interrupted while flushing to " + target(), e);
    }
  }

  /**
   * Stops accepting messages (later sends fail with {@link #stopped}), ships everything accepted,
   * ends the thread and returns what the sender borrowed. Idempotent.
   *
   * @throws RuntimeException from {@link #flushFailed} if not everything could be shipped
   */
  public void close() {
    refuseWhileWriting("close");
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      long target;
      if (exclusive) {
        target = (long) ACCEPTED_HINT.getOpaque(this);
        LockSupport.unpark(thread);
        wakeRoomWaiter();
        awaitShipped(target);
        return;
      }
      lock.lock();
      try {
        admission.signalAll();
        room.signalAll();
        target = accepted;
        if (filling != null && filling.count > 0) {
          seal(filling);
        }
      } finally {
        lock.unlock();
      }
      LockSupport.unpark(thread);
      awaitShipped(target);
    } finally {
      try {
        if (Thread.currentThread() != thread) {
          thread.join(JOIN_MILLIS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        serialization.release(kryo); // no caller encodes any more: they all see closed first
        closed();
      }
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public String toString() {
    return "sender to " + target();
  }
}
