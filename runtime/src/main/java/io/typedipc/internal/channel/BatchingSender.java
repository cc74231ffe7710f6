package io.typedipc.internal.channel;

import com.esotericsoftware.kryo.Kryo;
import io.typedipc.TypedIpcException;
import io.typedipc.internal.serial.FrameOutput;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.RemoteObject;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sending half of a pipe end and of a Manager channel's producer: batching, shipping, flushing
 * and closing in one place. A subclass supplies the transport ({@link #ship}: a pipe writes a
 * frame, a channel producer puts the batch into the Manager) and may gate each message ({@link
 * #admit}: a channel producer needs a reserved place first).
 *
 * <h2>How a message travels</h2>
 *
 * <p>A proxy call ({@link #call}) takes this sender's lock, encodes its message straight into the
 * batch being filled (a reusable buffer), counts it and returns. The batch is handed to this
 * sender's own thread once its messages take {@code batchBytes}; when the thread has nothing else
 * to do it takes a partly filled batch itself: at once if it holds one message (so a lone message
 * leaves after one thread wake-up), and, when callers are streaming and {@code lingerNanos} is not
 * 0, after waiting a little while it still grows, so that a stream leaves in full batches. The
 * thread ships batches one at a time, in order, without the lock.
 *
 * <h2>Bounds</h2>
 *
 * <p>There are {@code buffers} batch buffers in all: the one being filled, those waiting, the one
 * being shipped. When all are taken (the transport is slower than the callers: a pipe's reader
 * does not keep up, the Manager is slow), callers block until one is shipped. A sender therefore
 * holds at most {@code buffers × (batchBytes + one message)} bytes; a buffer that grew past four
 * times its size for a large message is replaced after it was shipped.
 *
 * <h2>Costs</h2>
 *
 * <p>Per message: one uncontended lock acquisition (the thread takes the lock about twice per
 * batch), plain counters guarded by that lock (no atomic read-modify-write of a shared counter),
 * no allocation of the sender's own. Per batch: at most one wake-up of the thread, and one of a
 * waiting caller.
 *
 * <h2>Contract with subclasses</h2>
 *
 * <p>Hooks run on the thread noted on each, with {@link #lock} held unless noted. A subclass calls
 * {@link #start()} at the end of its constructor.
 */
public abstract class BatchingSender implements RemoteObject {
  /** What {@link #admit} returns when the message may be encoded now. */
  static final long ADMITTED = Long.MIN_VALUE;
  /** The deadline {@link #admit} gets on its first call for a message: none worked out yet. */
  static final long FIRST = Long.MIN_VALUE + 1;

  private static final int BUSY = 0;
  private static final int IDLE = 1;
  private static final int LINGERING = 2;
  private static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(35);

  /** Guards everything below; held by callers while they encode. */
  final ReentrantLock lock = new ReentrantLock();
  /** Callers waiting for a free batch buffer, or (subclasses) for admission. */
  final Condition room = lock.newCondition();
  private final Condition wake = lock.newCondition();
  private final Condition shippedOrFailed = lock.newCondition();

  private final MessageCodec codec;
  private final Serialization serialization;
  private final Kryo kryo;
  private final int header;
  private final int batchBytes;
  private final int maxBatchBytes;
  private final int maxMessageBytes;
  private final long lingerNanos;
  private final long maxLingerNanos;
  private final Thread thread;

  private Batch filling;
  private final ArrayDeque<Batch> ready = new ArrayDeque<>();
  private final ArrayDeque<Batch> spare = new ArrayDeque<>();
  private long accepted;
  private volatile long shipped;
  private int state = BUSY;
  private int flushing;
  private int waitingForRoom;
  private boolean closed;
  private boolean ended;
  private Throwable failure;

  /** One batch buffer: messages after {@code header} bytes of room for the transport's header. */
  static final class Batch {
    FrameOutput out;
    int count;
    /** Subclass data for the shipment (a channel producer's places given back with it). */
    int release;

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
   * @param batchBytes a batch is handed over once its messages take this many bytes
   * @param maxBatchBytes the most bytes of messages one shipment may carry (a message that would
   *     push a batch past it starts the next batch)
   * @param maxMessageBytes the largest message, length prefix included
   * @param buffers batch buffers in all (at least 2)
   * @param lingerNanos how long at a time the thread waits for a partly filled batch that callers
   *     keep adding to before it takes it (0: never waits)
   * @param maxLingerNanos the longest the thread waits so, in all, for one batch
   */
  BatchingSender(MessageCodec codec, String threadName, int header, int batchBytes, int maxBatchBytes,
      int maxMessageBytes, int buffers, long lingerNanos, long maxLingerNanos) {
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
    this.filling = newBatch();
    for (int i = 1; i < buffers; i++) {
      spare.add(newBatch());
    }
    this.kryo = serialization.borrow();
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  /** Starts the sender's thread; the last thing a subclass constructor does. */
  final void start() {
    thread.start();
  }

  private Batch newBatch() {
    Batch b = new Batch();
    b.out = new FrameOutput(Math.max(256, header + batchBytes + 1024));
    b.out.setPosition(header);
    return b;
  }

  // ------------------------------------------------------------------ hooks

  /**
   * Whether the message may be encoded now (caller's thread, lock held). The default admits every
   * message. An implementation that cannot admit it now either throws (the message is not sent) or
   * waits — releasing the lock, for instance with {@link #room} — and returns the deadline it
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

  /** A batch is about to be shipped (sender's thread, lock held). */
  void prepare(Batch batch) {}

  /** Ships one batch, blocking until it is done (sender's thread, lock not held). */
  abstract void ship(Batch batch) throws Exception;

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

  /** The exception for a send after this sender was closed or failed (caller's thread, lock held). */
  abstract RuntimeException stopped(MethodDescriptor method, boolean closed, Throwable failure);

  /** The exception of a flush that cannot complete: {@code lost} messages may not have left. */
  abstract RuntimeException flushFailed(long lost, Throwable failure);

  /** For messages: what this sender sends to ("channel 'orders'", "the pipe to …"). */
  abstract String target();

  /** Runs once when {@link #close()} is done (caller's thread, lock not held). */
  void closed() {}

  // ------------------------------------------------------------------ for subclasses

  /** Whether {@link #close()} was called (lock held). */
  final boolean isClosing() {
    return closed;
  }

  /** Wakes the thread, and every caller waiting for room, to look at the state again (lock held). */
  final void wakeAll() {
    wake.signal();
    room.signalAll();
  }

  // ------------------------------------------------------------------ sending

  @Override
  public final <R> R call(MethodDescriptor method, Object[] args) {
    boolean after;
    lock.lock();
    try {
      Batch b = filling;
      long admitted = FIRST;
      if (closed || failure != null || b == null || (admitted = admit(method, FIRST)) != ADMITTED) {
        b = waitToSend(method, admitted);
      }
      int start = b.out.position();
      codec.encode(kryo, b.out, method, args, maxMessageBytes);
      if (b.count > 0 && b.out.position() - header > maxBatchBytes) {
        b = moveToNextBatch(b, start, method);
      }
      b.count++;
      accepted++;
      after = accepted();
      if (b.out.position() - header >= batchBytes) {
        seal(b);
      } else if (b.count == 1 && state == IDLE) {
        wake.signal();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TypedIpcException("interrupted while sending " + method.name() + " to " + target(), e);
    } finally {
      lock.unlock();
    }
    if (after) {
      afterAccepted();
    }
    return null;
  }

  @Override
  public final <R> CompletableFuture<R> callAsync(MethodDescriptor method, Object[] args) {
    throw new UnsupportedOperationException("messages are one-way");
  }

  /** Waits (lock held on return) until the message is admitted and a batch is being filled. */
  private Batch waitToSend(MethodDescriptor method, long deadline) throws InterruptedException {
    while (true) {
      if (closed || failure != null) {
        throw stopped(method, closed, failure);
      }
      long d = deadline == ADMITTED ? FIRST : deadline;
      d = admit(method, d);
      if (d != ADMITTED) {
        deadline = d; // admit waited: look again
        continue;
      }
      if (filling != null) {
        return filling;
      }
      waitingForRoom++;
      try {
        room.await();
      } finally {
        waitingForRoom--;
      }
    }
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
      if (f == null) {
        waitingForRoom++;
        try {
          room.await();
        } finally {
          waitingForRoom--;
        }
      } else if (f.count > 0 && f.out.position() - header + message.length > maxBatchBytes) {
        seal(f);
      } else {
        f.out.writeBytes(message);
        return f;
      }
    }
  }

  /** Hands the batch being filled to the thread and starts the next (none if all are taken). */
  private void seal(Batch b) {
    ready.addLast(b);
    filling = spare.pollFirst();
    if (state != BUSY) {
      wake.signal();
    }
  }

  // ------------------------------------------------------------------ the thread

  private void run() {
    Throwable error = null;
    lock.lock();
    try {
      long lingerStart = 0;
      long seen = 0;
      boolean idle = false;
      while (failure == null) {
        Batch b = ready.pollFirst();
        if (b == null) {
          Batch f = filling;
          if (f != null && f.count > 0) {
            if (f.count > 1 && lingerNanos > 0 && flushing == 0 && !closed) {
              long now = System.nanoTime();
              if (lingerStart == 0 || (accepted != seen && now - lingerStart < maxLingerNanos)) {
                if (lingerStart == 0) {
                  lingerStart = now;
                }
                seen = accepted; // callers are streaming: give them a little longer to fill it
                state = LINGERING;
                wake.awaitNanos(lingerNanos);
                state = BUSY;
                continue;
              }
            }
            b = f;
          } else if (f != null && emptyShipmentDue(idle)) {
            b = f;
          } else if (closed && !holdsOpen()) {
            return;
          } else {
            state = IDLE;
            long wait = idleWaitNanos();
            if (wait < 0) {
              wake.await();
              idle = false;
            } else {
              idle = wake.awaitNanos(wait) <= 0;
            }
            state = BUSY;
            continue;
          }
          filling = spare.pollFirst();
        }
        lingerStart = 0;
        idle = false;
        prepare(b);
        lock.unlock();
        try {
          ship(b);
        } catch (Throwable t) {
          error = t;
        } finally {
          lock.lock();
        }
        if (error == null) {
          shipped += b.count; // this thread is the only writer
        } else {
          failure = error;
        }
        recycle(b);
        if (flushing > 0 || error != null) {
          shippedOrFailed.signalAll();
        }
      }
    } catch (InterruptedException e) {
      failure = e;
    } catch (Throwable t) {
      failure = t;
      error = t;
    } finally {
      ended = true;
      state = BUSY;
      shippedOrFailed.signalAll();
      room.signalAll();
      lock.unlock();
    }
    if (error instanceof Error e) {
      throw e; // recorded above; visible to the uncaught-exception handler too
    }
  }

  private void recycle(Batch b) {
    b.count = 0;
    b.release = 0;
    if (b.out.getBuffer().length > 4 * (header + batchBytes + 1024)) {
      b.out = new FrameOutput(header + batchBytes + 1024); // a large message passed: give the memory back
    }
    b.out.setPosition(header);
    if (filling == null) {
      filling = b;
      if (waitingForRoom > 0) {
        room.signalAll();
      }
    } else {
      spare.addLast(b);
    }
  }

  // ------------------------------------------------------------------ flush and close

  /**
   * Waits until every message sent before this call has been shipped (the transport accepted it).
   *
   * @throws RuntimeException from {@link #flushFailed} if the transport failed first
   */
  public void flush() {
    lock.lock();
    try {
      awaitShipped(accepted);
    } finally {
      lock.unlock();
    }
  }

  private void awaitShipped(long target) {
    if (shipped >= target) {
      return;
    }
    flushing++;
    try {
      if (state != BUSY) {
        wake.signal();
      }
      while (shipped < target) {
        if (failure != null || ended) {
          throw flushFailed(target - shipped, failure);
        }
        shippedOrFailed.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TypedIpcException("interrupted while flushing to " + target(), e);
    } finally {
      flushing--;
    }
  }

  /**
   * Stops accepting messages (later sends fail with {@link #stopped}), ships everything accepted,
   * ends the thread and returns what the sender borrowed. Idempotent.
   *
   * @throws RuntimeException from {@link #flushFailed} if not everything could be shipped
   */
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      wakeAll();
      awaitShipped(accepted);
    } finally {
      lock.unlock();
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
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "sender to " + target();
  }
}
