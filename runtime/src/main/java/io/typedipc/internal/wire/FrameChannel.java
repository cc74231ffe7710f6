package io.typedipc.internal.wire;

import io.typedipc.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;

/**
 * Length-prefixed frames over one TCP connection, shared by the Manager and the client.
 *
 * <p>Reading is done by one thread at a time ({@link #readFrame}); the frame it returns is valid
 * until the next call. Writing ({@link #send}) may be called by any number of threads: frames are
 * appended to a buffer and the first writer that finds no flush in progress writes everything that
 * has accumulated, so concurrent writers share system calls (group commit) and a lone writer pays
 * one {@code write}.
 *
 * <p>The channel is non-blocking. A reader that finds no data either spins for a configured time
 * (low-latency mode, like Aeron's idle strategies) or waits in a selector straight away.
 */
public final class FrameChannel implements FrameTransport {
  private static final VarHandle READS;
  private static final VarHandle SLICE_IN_PROGRESS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      READS = lookup.findVarHandle(FrameChannel.class, "reads", int.class);
      SLICE_IN_PROGRESS = lookup.findVarHandle(FrameChannel.class, "sliceInProgress", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** How long a low-latency reader spins before waiting in a selector. */
  public static final long LOW_LATENCY_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  /**
   * How long a shared-memory reader spins on its ring before sleeping until rung: about the time a
   * short call takes to come back, so a caller that waits for its reply, and a Manager reader
   * between a client's back-to-back calls, rarely sleep.
   */
  public static final long SHM_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

  /** The same, in low-latency mode. */
  public static final long SHM_LOW_LATENCY_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  /** How long a shared-memory reader spins: {@link #SHM_SPIN_NANOS}, or the low-latency one. */
  public static long shmSpinNanos(boolean lowLatency) {
    return lowLatency ? SHM_LOW_LATENCY_SPIN_NANOS : SHM_SPIN_NANOS;
  }

  /** After this many waits in a row that the spin did not catch, only every this-many-th spins. */
  private static final int SPIN_PROBE_EVERY = 8;

  /** How long a write may make no progress before the connection is declared dead. */
  public static final long WRITE_STALL_NANOS = TimeUnit.SECONDS.toNanos(30);

  /**
   * The read buffer's first size. It grows only when a frame longer than it has filled it with
   * bytes that actually arrived (never from a frame's announced length alone), doubling up to that
   * frame's size, and shrinks back when the connection goes idle (see {@link #IDLE_TRIM_NANOS}).
   */
  private static final int INITIAL_READ_BUFFER = 4 * 1024;
  /**
   * A read or write buffer above this size is given back once the connection is idle; after
   * {@link #trimIdleBuffers()}, anything above the initial sizes is.
   */
  private static final int KEPT_BUFFER = 64 * 1024;
  /**
   * A connection is <em>idle</em> once its reader has waited this long with nothing arriving (and
   * nothing was written for as long): only then are grown buffers given back. Trimming at every
   * wait made a stream of large frames (a pipe's or a channel's batches) allocate, zero and regrow
   * a buffer for nearly every frame, on both sides; now a reader holding a grown buffer waits with
   * this timeout, and pays one timed wake-up when the connection does go idle.
   */
  static final long IDLE_TRIM_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  /** {@link #readerPhase}: no reader has waited yet; a writer gives back its own buffers when done. */
  private static final int NO_TRIMMER = 0;
  /** The reader reads, or waits at most {@link #IDLE_TRIM_NANOS}, then gives back what is idle. */
  private static final int WATCHING = 1;
  /** The reader waits with nothing left to give back: a writer gives back what it grows when done. */
  private static final int TRIMMED = 2;
  private static final int INITIAL_WRITE_BUFFER = 4 * 1024;
  /** A blocking write goes out in slices of this size; each one that completes is progress. */
  private static final int BLOCKING_WRITE_SLICE = 64 * 1024;
  /** Default bound of bytes waiting to be written, for {@link #enqueue}. */
  private static final int DEFAULT_MAX_PENDING = 8 * 1024 * 1024;
  private static final boolean SINGLE_CPU = Runtime.getRuntime().availableProcessors() == 1;
  /** A spinning thread yields every this-many turns: every turn when this JVM may use one CPU. */
  private static final int YIELD_EVERY = SINGLE_CPU ? 1 : 64;

  private final SocketChannel channel;
  /** For a same-host connection: the ring this side reads, and the one it writes; else null. */
  private final SharedRings.Ring ringIn;
  private final SharedRings.Ring ringOut;
  /**
   * Doorbell bytes (shared memory only), read by whichever of this side's waiters wakes first —
   * the reader waiting for bytes, the writer waiting for room — which then wakes the other — and
   * written to wake the peer's reader (data arrived) or writer (room was made).
   */
  private final ByteBuffer readerBells;
  private final ByteBuffer writerBells;
  private final ByteBuffer dataBell;
  private final ByteBuffer roomBell;
  private volatile boolean readerWaiting;
  private volatile boolean writerWaiting;
  /** The peer's address, for messages (read once: a closed channel no longer tells it). */
  private final String remote;
  private final Selector readSelector;
  private final Selector writeSelector;
  private final boolean blocking;
  private final TlsLayer tls;
  private final long spinNanos;
  /** Non-blocking mode: when the write in progress stalled ({@link System#nanoTime()}), 0 if none is. */
  private volatile long writeStartedNanos;
  /**
   * Blocking mode: the number of the write slice in progress, 0 if no write is. Written with
   * opaque stores (no fence, no clock read per write); the watcher times a slice from when it
   * first sees it ({@link #writeStartedNanos()}).
   */
  @SuppressWarnings("unused") // through SLICE_IN_PROGRESS
  private long sliceInProgress;
  /** Blocking mode: slices written so far; used by the one thread flushing at a time. */
  private long slicesWritten;
  /** The watcher's view of {@link #sliceInProgress}: the slice it saw last, and when it first saw it. */
  private long watchedSlice;
  private long watchedSliceSince;
  private final long writeStallNanos;

  private volatile int maxInbound = Protocol.MIN_MAX_FRAME;
  /**
   * How many times bytes arrived (wrapping): written by the reader with opaque stores, so a read
   * pays no clock read and no fence; a watcher tells an idle connection by seeing it unchanged.
   */
  @SuppressWarnings("unused") // through READS
  private int reads;

  // read side: bytes [rpos, wpos) of buf are received and not consumed
  private byte[] buf = new byte[INITIAL_READ_BUFFER];
  private ByteBuffer bb = ByteBuffer.wrap(buf);
  private int rpos;
  private int wpos;
  /** Shared memory: waits in a row that the spin did not catch (up to {@link #SPIN_PROBE_EVERY}). */
  private int ringMisses;
  /** Shared memory: waits so far (wrapping), to spin on every {@link #SPIN_PROBE_EVERY}-th. */
  private int ringWaits;
  private int consumed;
  private boolean dataWasWaiting = true;
  /** See {@link #readableAfterFailedWrite()}. */
  private volatile boolean readableAfterFailedWrite;
  private int frameOffset;
  private int frameLength;
  /**
   * Who gives back grown buffers ({@link #NO_TRIMMER}, {@link #WATCHING}, {@link #TRIMMED}):
   * written by the reader (under {@link #writeLock}, except back to WATCHING), read by writers
   * under it.
   */
  private volatile int readerPhase = NO_TRIMMER;
  /** {@link #trimIdleBuffers()} was called: when idle, trim down to the initial sizes. */
  private volatile boolean trimAll;
  /** Blocking mode: the socket's stream, for reads with a timeout (created when first needed). */
  private java.io.InputStream timedIn;

  // write side
  private final Object writeLock = new Object();
  private volatile int maxPending = DEFAULT_MAX_PENDING;
  /** How many flushes of enqueued bytes have ended (wrapping); guarded by {@link #writeLock}. */
  private int drains;
  /** {@link #drains} when the reader began its current watching wait; guarded by {@link #writeLock}. */
  private int drainsAtWaitStart;
  /** Used by {@link #wrapForWrite}, by the one thread writing at a time. */
  private final ByteBuffer[] writeWrappers = new ByteBuffer[3];
  private int nextWrapper;
  /** Bytes enqueued and not yet written; allocated when first needed. */
  private byte[] pending;
  private volatile int pendingLength;
  /** The other half of the double buffer: what the flushing thread writes. */
  private byte[] writing;
  private volatile int writingLength;
  private volatile boolean flushing;
  /** No more writes: {@link #close()}, or a write failed. */
  private volatile boolean closed;
  /**
   * No more reads: {@link #close()}, or a write failed unless {@link #readableAfterFailedWrite}
   * keeps what the peer sent readable.
   */
  private volatile boolean readClosed;
  /** Set by {@link #wakeReader()}, taken by the waiting reader: its wait returns as at its deadline. */
  private volatile boolean readerWoken;

  /**
   * @param channel a connected channel; it is switched to non-blocking mode
   * @param spinNanos how long a reader spins before waiting in a selector (0: no spinning)
   * @param writeStallNanos how long a write may make no progress before the connection is
   *     declared dead
   */
  public FrameChannel(SocketChannel channel, long spinNanos, long writeStallNanos) throws IOException {
    this(channel, false, spinNanos, writeStallNanos);
  }

  private FrameChannel(SocketChannel channel, boolean blocking, long spinNanos, long writeStallNanos)
      throws IOException {
    this(channel, blocking, null, spinNanos, writeStallNanos);
  }

  private FrameChannel(SocketChannel channel, boolean blocking, SSLEngine engine, long spinNanos,
      long writeStallNanos) throws IOException {
    this(channel, blocking, engine, null, false, spinNanos, writeStallNanos);
  }

  private FrameChannel(SocketChannel channel, boolean blocking, SSLEngine engine, SharedRings rings,
      boolean managerSide, long spinNanos, long writeStallNanos) throws IOException {
    this.channel = channel;
    this.remote = remoteOf(channel);
    this.tls = engine == null ? null : new TlsLayer(channel, engine);
    if (rings != null) {
      this.ringIn = rings.ring(managerSide ? 0 : 1).asReader();
      this.ringOut = rings.ring(managerSide ? 1 : 0).asWriter();
      this.readerBells = ByteBuffer.allocate(64);
      this.writerBells = ByteBuffer.allocate(64);
      this.dataBell = ByteBuffer.allocate(1);
      this.roomBell = ByteBuffer.allocate(1);
    } else {
      this.ringIn = null;
      this.ringOut = null;
      this.readerBells = null;
      this.writerBells = null;
      this.dataBell = null;
      this.roomBell = null;
    }
    this.blocking = blocking;
    this.spinNanos = spinNanos;
    this.writeStallNanos = writeStallNanos;
    channel.socket().setTcpNoDelay(true);
    if (blocking) {
      channel.configureBlocking(true);
      this.readSelector = null;
      this.writeSelector = null;
    } else {
      channel.configureBlocking(false);
      this.readSelector = Selector.open();
      this.writeSelector = Selector.open();
      channel.register(readSelector, SelectionKey.OP_READ);
      // a shared-memory writer waits for a doorbell (room made), not for socket buffer space
      channel.register(writeSelector, rings != null ? SelectionKey.OP_READ : SelectionKey.OP_WRITE);
    }
  }

  /**
   * A non-blocking channel whose bytes go through TLS. Call {@link #startTls} before anything else.
   */
  public static FrameChannel tls(SocketChannel channel, SSLEngine engine, long spinNanos, long writeStallNanos)
      throws IOException {
    return new FrameChannel(channel, false, engine, spinNanos, writeStallNanos);
  }

  /**
   * A channel whose frames travel through the shared-memory {@code rings} of a same-host peer
   * authenticated over {@code socket}, which stays open: it carries one-byte doorbells that wake a
   * sleeping reader, and its end tells either side that the other is gone. A reader spins on its
   * ring for up to {@code spinNanos}, then sleeps until rung. Any bytes still buffered by the
   * channel that ran the handshake must be doorbells (the peer sends nothing else once it
   * switched); call {@link #detach()} on it.
   *
   * @param managerSide whether this is the Manager's end (it reads ring 0 and writes ring 1)
   */
  public static FrameChannel sharedMemory(SocketChannel socket, SharedRings rings, boolean managerSide,
      long spinNanos, long writeStallNanos) throws IOException {
    return new FrameChannel(socket, false, null, rings, managerSide, spinNanos, writeStallNanos);
  }

  /** Whether this channel's frames travel through shared memory. */
  public boolean isSharedMemory() {
    return ringIn != null;
  }

  /**
   * Gives up this channel without closing its socket, which a {@link #sharedMemory} channel now
   * uses: closes only this channel's selectors. Nothing may use this channel afterwards.
   */
  public void detach() {
    closed = true;
    readClosed = true;
    if (!blocking) {
      try {
        readSelector.close();
        writeSelector.close();
      } catch (IOException ignored) {
        // nothing to give back
      }
    }
  }

  /**
   * Runs the TLS handshake (nothing for a plain channel).
   *
   * @throws SocketTimeoutException if it does not finish before {@code deadlineNanos}
   * @throws javax.net.ssl.SSLException if the peers do not agree (e.g. an untrusted certificate)
   */
  public void startTls(long deadlineNanos) throws IOException {
    if (tls == null) {
      return;
    }
    tls.beginHandshake();
    while (true) {
      TlsLayer.Need need = tls.handshakeStep();
      if (need == TlsLayer.Need.DONE) {
        return;
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        throw new SocketTimeoutException("TLS handshake with " + remote() + " did not finish in time");
      }
      selectFor(need == TlsLayer.Need.READABLE ? readSelector : writeSelector, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
  }

  /** Whether this channel's bytes go through TLS. */
  public boolean isTls() {
    return tls != null;
  }

  /**
   * A channel in blocking mode: a read or write is one system call, the cheapest way to wait for
   * a single peer. Deadlines passed to reads are not enforced and writes never time out by
   * themselves: the owner must watch {@link #writeStartedNanos()} and the handshake's deadline and
   * {@link #close()} the channel when they pass (closing wakes the blocked thread).
   */
  public static FrameChannel blocking(SocketChannel channel) throws IOException {
    return new FrameChannel(channel, true, 0, Long.MAX_VALUE);
  }

  /**
   * This plain TCP channel in blocking mode, keeping the bytes it has received and not yet
   * consumed: for a side whose waits are timed by someone else (see {@link #blocking}). This
   * object must not be used afterwards; nothing may be waiting to be written.
   *
   * @throws IllegalStateException for a TLS or shared-memory channel, or one already blocking
   */
  public FrameChannel toBlocking() throws IOException {
    if (blocking || tls != null || ringIn != null) {
      throw new IllegalStateException("only a plain non-blocking channel can switch to blocking mode");
    }
    if (pendingBytes() != 0) {
      throw new IllegalStateException("bytes are waiting to be written");
    }
    detach(); // closing the selectors deregisters the channel: it may block now
    FrameChannel switched = new FrameChannel(channel, true, 0, Long.MAX_VALUE);
    switched.maxInbound = maxInbound;
    int from = rpos + consumed;
    int unread = wpos - from;
    if (unread > 0) {
      switched.ensureCapacity(unread);
      System.arraycopy(buf, from, switched.buf, 0, unread);
      switched.wpos = unread;
    }
    return switched;
  }

  /** Whether reads and writes block in the socket. */
  public boolean isBlocking() {
    return blocking;
  }

  /**
   * Since when the write in progress has made no progress ({@link System#nanoTime()}), or 0 if no
   * write is in progress: lets a watchdog close a connection whose peer stopped reading. In
   * blocking mode this is when the caller first saw the current slice of the write (at most one
   * look late, never early); call it from one watching thread only.
   */
  @Override
  public long writeStartedNanos() {
    if (!blocking) {
      return writeStartedNanos;
    }
    long slice = (long) SLICE_IN_PROGRESS.getOpaque(this);
    if (slice == 0) {
      watchedSlice = 0;
      return 0;
    }
    if (slice != watchedSlice) {
      watchedSlice = slice;
      watchedSliceSince = Math.max(1, System.nanoTime());
    }
    return watchedSliceSince;
  }

  /** Sets the largest frame this side accepts; checked before a frame's body is read. */
  @Override
  public void maxInboundFrame(int bytes) {
    this.maxInbound = bytes;
  }

  /** The largest frame this side accepts. */
  @Override
  public int maxInboundFrame() {
    return maxInbound;
  }

  /** The remote address, for messages; still the peer's once the channel is closed. */
  @Override
  public String remote() {
    return remote;
  }

  private static String remoteOf(SocketChannel channel) {
    try {
      return String.valueOf(channel.getRemoteAddress());
    } catch (IOException e) {
      return "(closed)";
    }
  }

  // ---------------------------------------------------------------- handshake I/O

  /**
   * Reads exactly {@code n} bytes before {@code deadlineNanos} ({@link System#nanoTime()} based).
   *
   * @throws SocketTimeoutException if the deadline passes first
   */
  public byte[] readExactly(int n, long deadlineNanos) throws IOException {
    while (wpos - rpos < n) {
      ensureCapacity(n);
      if (!fill(deadlineNanos)) {
        throw new SocketTimeoutException("peer sent " + (wpos - rpos) + " of " + n + " bytes in time");
      }
    }
    byte[] out = new byte[n];
    System.arraycopy(buf, rpos, out, 0, n);
    rpos += n;
    return out;
  }

  /** Writes all of {@code bytes} at once, for the handshake (no other writer exists yet). */
  public void writeExactly(byte[] bytes) throws IOException {
    send(bytes, 0, bytes.length);
  }

  // ---------------------------------------------------------------- frames in

  /**
   * Waits for the next complete frame. On {@code true} the frame's payload is {@link #frameBuffer()}
   * from {@link #frameOffset()} for {@link #frameLength()} bytes, until the next call.
   *
   * @param timeoutNanos how long to wait; negative means without limit
   * @return {@code false} if the time passed first
   * @throws ProtocolException if the peer announces a frame larger than the limit
   * @throws EOFException if the peer closed the connection
   */
  @Override
  public boolean readFrame(long timeoutNanos) throws IOException {
    return readFrameBy(timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos);
  }

  /**
   * {@link #readFrame(long)} with an absolute deadline: waits for the next complete frame until
   * {@code deadlineNanos} ({@link System#nanoTime()} based; {@link Long#MAX_VALUE} for none). A
   * frame already here is returned even after the deadline.
   *
   * @return {@code false} if the deadline passed first
   */
  public boolean readFrameBy(long deadlineNanos) throws IOException {
    rpos += consumed;
    consumed = 0;
    if (rpos == wpos) {
      rpos = 0;
      wpos = 0;
    }
    while (true) {
      int available = wpos - rpos;
      if (available >= 4) {
        int length = readInt(buf, rpos);
        if (length < 1 || length > maxInbound) {
          throw new ProtocolException(
              "frame of " + Integer.toUnsignedString(length) + " bytes from " + remote()
                  + " is outside the limit of 1 to " + maxInbound + " bytes");
        }
        if (available >= 4 + length) {
          frameOffset = rpos + 4;
          frameLength = length;
          consumed = 4 + length;
          return true;
        }
        ensureCapacity(4 + length);
      } else {
        ensureCapacity(4);
      }
      if (!fill(deadlineNanos)) {
        return false;
      }
    }
  }

  /**
   * Reads the next frame only if it is here already: buffered, or among the bytes the socket (or
   * the ring) holds now; never waits (a non-blocking channel only). Lets an idle client look
   * whether its peer sent something, such as a closing notice, or went away, while nobody read.
   *
   * @return whether a frame was read
   * @throws EOFException if the peer closed the connection
   */
  public boolean readFrameNow() throws IOException {
    if (blocking) {
      throw new IllegalStateException("a blocking channel cannot read without waiting");
    }
    if (ringIn != null) {
      takeDoorbells(readerBells); // the socket carries the doorbells, and the peer's end
      if (writerWaiting) {
        writeSelector.wakeup(); // a bell may have been for this side's writer
      }
    } else {
      dataWasWaiting = true; // look at the socket once, even if the last read found nothing
    }
    return readFrame(0);
  }

  /** The array holding the current frame. */
  @Override
  public byte[] frameBuffer() {
    return buf;
  }

  /** Where the current frame's payload starts in {@link #frameBuffer()}. */
  @Override
  public int frameOffset() {
    return frameOffset;
  }

  /** The current frame's payload length. */
  @Override
  public int frameLength() {
    return frameLength;
  }

  // ---------------------------------------------------------------- idle trimming

  /*
   * Grown buffers are given back when the connection is idle, not at every wait. The reader, about
   * to wait with something to give back, waits at most IDLE_TRIM_NANOS at a time (beginWait); when
   * nothing arrived meanwhile it gives back what is idle (trimAfterIdleWait) and looks again. With
   * nothing left to give back it says so (TRIMMED) and waits as long as it must; a writer that then
   * grows a write buffer gives it back itself when done (drain). While the reader watches, writers
   * keep their buffers: the reader gives them back once nothing was written for IDLE_TRIM_NANOS.
   */

  /** What a reader keeps when idle: the initial size after {@link #trimIdleBuffers()}, else {@link #KEPT_BUFFER}. */
  private int keptReadBytes() {
    return trimAll ? INITIAL_READ_BUFFER : KEPT_BUFFER;
  }

  /** What writers keep when idle. */
  private int keptWriteBytes() {
    return trimAll ? INITIAL_WRITE_BUFFER : KEPT_BUFFER;
  }

  /**
   * The reader is about to wait for bytes: whether it holds buffers to give back if the wait lasts,
   * in which case it waits at most {@link #IDLE_TRIM_NANOS} at a time. Cheap when nothing is held.
   */
  private boolean beginWait() {
    if (readerPhase == TRIMMED && buf.length <= keptReadBytes()) {
      return false; // a write buffer grown since is given back by its writer
    }
    synchronized (writeLock) {
      boolean due = (rpos == wpos && buf.length > keptReadBytes()) || writeBuffersAbove(keptWriteBytes());
      readerPhase = due ? WATCHING : TRIMMED;
      drainsAtWaitStart = drains;
      return due;
    }
  }

  /**
   * The reader waited {@link #IDLE_TRIM_NANOS} and nothing came: gives back the read buffer if
   * nothing unread is in it, and the write buffers if nothing was written for as long.
   */
  private void trimAfterIdleWait() {
    int keep = keptReadBytes();
    if (rpos == wpos && buf.length > keep) {
      rpos = 0;
      wpos = 0;
      buf = new byte[keep];
      bb = ByteBuffer.wrap(buf);
    }
    synchronized (writeLock) {
      // nothing flushed since the wait began, which lasted IDLE_TRIM_NANOS: nothing written for as long
      if (!flushing && pendingLength == 0 && drains == drainsAtWaitStart) {
        releaseWriteBuffersAbove(keptWriteBytes());
      }
    }
  }

  /** Bytes arrived after a wait: the reader gives back buffers when it next waits long enough. */
  private void endWait() {
    if (readerPhase == TRIMMED) {
      readerPhase = WATCHING; // without the lock: a writer that still sees TRIMMED only gives back early
    }
  }

  /** Whether a write buffer larger than {@code bytes} is held; holds the write lock. */
  private boolean writeBuffersAbove(int bytes) {
    return (pending != null && pending.length > bytes) || (writing != null && writing.length > bytes);
  }

  /**
   * Blocking mode: one read, which may wait for the peer. While buffers are held to give back, the
   * read waits at most {@link #IDLE_TRIM_NANOS} at a time (through the socket's stream, which
   * costs a few system calls more); else it is the channel's plain blocking read.
   */
  private int blockingRead() throws IOException {
    while (true) {
      if (!beginWait()) {
        bb.limit(buf.length).position(wpos);
        int n = channel.read(bb);
        endWait();
        return n;
      }
      if (timedIn == null) {
        channel.socket().setSoTimeout((int) TimeUnit.NANOSECONDS.toMillis(IDLE_TRIM_NANOS));
        timedIn = channel.socket().getInputStream();
      }
      try {
        int n = timedIn.read(buf, wpos, buf.length - wpos);
        endWait();
        return n;
      } catch (SocketTimeoutException e) {
        trimAfterIdleWait();
      }
    }
  }

  /**
   * Makes room to read towards {@code needed} bytes from {@code rpos}. Moves live bytes to the
   * front first; grows only when the buffer is full of received bytes, and then at most doubles
   * (capped at {@code needed}): the buffer is never larger than about twice what arrived, whatever
   * length a peer announces.
   */
  private void ensureCapacity(int needed) {
    if (buf.length - rpos >= needed) {
      return;
    }
    int live = wpos - rpos;
    if (rpos > 0) { // move the live bytes to the front: that alone may make room
      System.arraycopy(buf, rpos, buf, 0, live);
      rpos = 0;
      wpos = live;
    }
    if (wpos < buf.length || buf.length >= needed) {
      return; // room left: grow only once received bytes fill the buffer
    }
    byte[] grown = new byte[Math.min(needed, Math.max(INITIAL_READ_BUFFER, buf.length * 2))];
    System.arraycopy(buf, 0, grown, 0, live);
    buf = grown;
    bb = ByteBuffer.wrap(buf);
  }

  /**
   * Waits in the read selector until the socket is readable, the deadline ({@code remaining} from
   * now) passes, or, while {@code watch}ing for idleness, {@link #IDLE_TRIM_NANOS} passes.
   */
  private void selectForRead(boolean watch, long deadlineNanos, long remaining) throws IOException {
    boolean interrupted = Thread.interrupted(); // see selectFor
    try {
      selectForReadNow(watch, deadlineNanos, remaining);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void selectForReadNow(boolean watch, long deadlineNanos, long remaining) throws IOException {
    // the action form of select: the one key is not added to, iterated in and cleared from a set
    if (watch) {
      readSelector.select(IGNORE_KEY, Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(remaining, IDLE_TRIM_NANOS))));
    } else if (deadlineNanos == Long.MAX_VALUE) {
      readSelector.select(IGNORE_KEY);
    } else {
      readSelector.select(IGNORE_KEY, Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
    }
  }

  /** What a read wait does with the ready key: nothing (the caller reads next). */
  private static final Consumer<SelectionKey> IGNORE_KEY = key -> { };

  /**
   * Reads what is available into the buffer; false on timeout.
   *
   * <p>When the last read found nothing waiting (ping-pong traffic), this waits in the selector
   * first instead of paying for a read that would find nothing again; when data kept arriving
   * (streaming traffic), it reads first. A deadline already past (a zero wait) still reads once.
   */
  private boolean fill(long deadlineNanos) throws IOException {
    if (ringIn != null) {
      return fillFromRing(deadlineNanos);
    }
    int n = 0;
    bb.limit(buf.length).position(wpos);
    boolean looked = true;
    if (blocking) {
      n = blockingRead();
    } else if (dataWasWaiting || spinNanos > 0 || tls != null) { // TLS may hold plaintext already
      n = readSome();
      if (n == 0 && spinNanos > 0) {
        n = spin();
      }
    } else {
      looked = false;
    }
    dataWasWaiting = n != 0;
    if (n == 0) {
      while (n == 0) {
        if (takeWakeUp()) {
          return false;
        }
        long now = System.nanoTime();
        long remaining = deadlineNanos - now;
        if (remaining <= 0) {
          if (!looked) { // a deadline already past (a zero wait: "look only") still looks once
            looked = true;
            n = readSome();
            if (n != 0) {
              break;
            }
          }
          return false;
        }
        boolean watch = beginWait();
        try {
          selectForRead(watch, deadlineNanos, remaining);
        } catch (ClosedSelectorException e) {
          throw new EOFException("connection closed");
        }
        if (readClosed) {
          throw new EOFException("connection closed");
        }
        bb.limit(buf.length).position(wpos); // a trim replaced the buffer
        n = readSome();
        if (n == 0 && watch && System.nanoTime() - now >= IDLE_TRIM_NANOS) {
          trimAfterIdleWait();
        }
      }
      endWait();
    }
    if (n < 0) {
      throw new EOFException("connection closed by " + remote());
    }
    arrived(n);
    return true;
  }

  /**
   * Shared memory: takes what waits in the ring; if nothing, spins for up to {@code spinNanos}
   * (only now and then while the recent spins caught nothing), then sleeps until the writer rings the doorbell (or the deadline passes, or the socket ends:
   * the peer is gone). Before sleeping it sets the ring's parked flag and looks once more, so a
   * writer either sees the flag and rings, or wrote before the look and is seen.
   */
  private boolean fillFromRing(long deadlineNanos) throws IOException {
    int n = takeFromRing();
    if (n > 0) {
      arrived(n);
      return true;
    }
    // spin, unless the last waits all outlasted the spin: then only every SPIN_PROBE_EVERY-th wait
    // spins (a probe), so sparse traffic burns almost no CPU and ping-pong traffic, which the
    // probe catches, gets its spin back at once
    boolean spun = spinNanos > 0 && (ringMisses < SPIN_PROBE_EVERY || ringWaits % SPIN_PROBE_EVERY == 0);
    ringWaits++;
    if (spun) {
      n = spinOnRing(spinNanos);
    }
    if (n > 0) {
      ringMisses = 0;
    } else if (ringMisses < SPIN_PROBE_EVERY) {
      ringMisses++;
    }
    while (n == 0) {
      if (closed) {
        throw new EOFException("connection closed");
      }
      if (takeWakeUp()) {
        return false;
      }
      long now = System.nanoTime();
      long remaining = deadlineNanos - now;
      if (remaining <= 0) {
        return false;
      }
      boolean watch = beginWait();
      ringIn.park();
      readerWaiting = true;
      try {
        n = takeFromRing();
        if (n == 0) {
          selectForRead(watch, deadlineNanos, remaining);
          takeDoorbells(readerBells);
          if (writerWaiting) {
            writeSelector.wakeup(); // the bell may have been for this side's writer
          }
          n = takeFromRing();
        }
      } catch (ClosedSelectorException e) {
        throw new EOFException("connection closed");
      } finally {
        readerWaiting = false;
        ringIn.unpark();
      }
      if (n == 0 && watch && System.nanoTime() - now >= IDLE_TRIM_NANOS) {
        trimAfterIdleWait();
      }
    }
    endWait();
    arrived(n);
    return true;
  }

  /**
   * Takes what waits in the inbound ring into the read buffer; if that made room for a writer
   * sleeping on a full ring, rings it.
   */
  private int takeFromRing() throws IOException {
    int n = ringIn.read(buf, wpos, buf.length - wpos);
    if (n > 0 && ringIn.takeWriterParked()) {
      roomBell.clear();
      channel.write(roomBell);
    }
    return n;
  }

  /** Spins on the inbound ring as {@link #spin()} does on the socket; returns what was read. */
  private int spinOnRing(long nanos) throws IOException {
    long until = System.nanoTime() + nanos;
    int spins = 0;
    do {
      idle(++spins);
      if (ringIn.hasData()) {
        return takeFromRing();
      }
    } while (System.nanoTime() - until < 0);
    return 0;
  }

  /**
   * Reads the doorbell bytes waiting on the socket, into {@code scratch} (the calling waiter's
   * own); the socket's end means the peer is gone. The caller then wakes this side's other waiter
   * if there is one, since a bell may have been for it.
   */
  private void takeDoorbells(ByteBuffer scratch) throws IOException {
    while (true) {
      scratch.clear();
      int n = channel.read(scratch);
      if (n < 0) {
        throw new EOFException("connection closed by " + remote());
      }
      if (n < scratch.capacity()) {
        return;
      }
    }
  }

  /** Counts {@code n} bytes just read into {@link #buf} at {@link #wpos}, for the reader and the idle watchdog. */
  private void arrived(int n) {
    wpos += n;
    READS.setOpaque(this, reads + 1);
  }

  /** How many times bytes arrived on this channel (wrapping): unchanged while the peer is silent. */
  @Override
  public int readCount() {
    return (int) READS.getOpaque(this);
  }

  /**
   * The low-latency idle strategy: busy spins, with a yield now and then (at every turn when this
   * JVM may use only one CPU, so a peer sharing it can run and answer), for up to {@code
   * spinNanos}; returns what the last read returned.
   */
  private int spin() throws IOException {
    long until = System.nanoTime() + spinNanos;
    int n;
    int spins = 0;
    do {
      idle(++spins);
      n = readSome();
    } while (n == 0 && System.nanoTime() - until < 0);
    return n;
  }

  /** One step of a spin: a yield every {@link #YIELD_EVERY}-th, else a spin-wait hint. */
  private static void idle(int spins) {
    if (spins % YIELD_EVERY != 0) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  private int readSome() throws IOException {
    return tls != null ? tls.read(bb) : channel.read(bb);
  }

  /** Whether bytes beyond the current frame are already buffered (more frames may follow). */
  public boolean hasBufferedInput() {
    return wpos > rpos + consumed;
  }

  /**
   * Whether a whole frame beyond the current one is already buffered, so the next {@link
   * #readFrame} returns without reading the socket. When this is false the next read may wait for
   * the peer: the moment to write what has been held back.
   */
  @Override
  public boolean hasBufferedFrame() {
    int next = rpos + consumed;
    int available = wpos - next;
    if (available < 4) {
      return false;
    }
    int length = readInt(buf, next);
    return length > 0 && available - 4 >= length;
  }

  // ---------------------------------------------------------------- frames out

  /**
   * Sends bytes that already hold one or more complete frames (length prefix included): {@link
   * #enqueue} then {@link #flush}. Safe to call from many threads; frames are never interleaved.
   */
  @Override
  public void send(byte[] bytes, int offset, int length) throws IOException {
    boolean direct;
    synchronized (writeLock) {
      direct = !flushing && pendingLength == 0 && !closed;
      if (direct) {
        flushing = true;
      }
    }
    if (!direct) {
      enqueue(bytes, offset, length);
      flush();
      return;
    }
    // nothing waiting and nobody writing: write from the caller's array, without copying it
    try {
      writeAll(wrapForWrite(bytes, offset, length, false));
    } catch (IOException | RuntimeException e) {
      failedWrite();
      throw e;
    }
    drain(); // what other threads enqueued meanwhile
  }

  /** Sets the bound of bytes that may wait to be written (default 8 MiB). */
  @Override
  public void maxPendingBytes(int bytes) {
    this.maxPending = bytes;
  }

  /** Bytes enqueued or being written, not yet taken by the socket. */
  @Override
  public int pendingBytes() {
    return pendingLength + writingLength;
  }

  /**
   * Appends complete frames to the outgoing buffer without writing them; the next {@link #flush}
   * (by any thread) writes them. Blocks while the bound of waiting bytes would be exceeded
   * (back-pressure on this thread).
   */
  @Override
  public void enqueue(byte[] bytes, int offset, int length) throws IOException {
    synchronized (writeLock) {
      while (pendingLength > 0 && pendingLength + length > maxPending && !closed) {
        try {
          writeLock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting to send", e);
        }
      }
      append(bytes, offset, length);
    }
  }

  /**
   * Appends complete frames to the outgoing buffer unless that would take the bytes waiting past
   * the bound; never blocks. A frame is always accepted when nothing waits, whatever its size.
   *
   * @return false if the bound was reached (nothing was appended)
   * @throws EOFException if the channel is closed
   */
  @Override
  public boolean offer(byte[] bytes, int offset, int length) throws IOException {
    synchronized (writeLock) {
      int waiting = pendingLength + writingLength;
      if (waiting > 0 && waiting + length > maxPending && !closed) {
        return false;
      }
      append(bytes, offset, length);
      return true;
    }
  }

  /** Copies into {@code pending}; holds the write lock. */
  private void append(byte[] bytes, int offset, int length) throws EOFException {
    if (closed) {
      throw new EOFException("connection closed");
    }
    byte[] p = pending;
    if (p == null || p.length - pendingLength < length) {
      int needed = pendingLength + length;
      // double, but never past the bound (a buffer's capacity, not only its content, is bounded)
      int size = Math.max(needed, Math.min(p == null ? INITIAL_WRITE_BUFFER : p.length * 2, maxPending));
      byte[] grown = new byte[size];
      if (p != null) {
        System.arraycopy(p, 0, grown, 0, pendingLength);
      }
      pending = p = grown;
    }
    System.arraycopy(bytes, offset, p, pendingLength, length);
    pendingLength += length;
  }

  /**
   * Waits while more than {@code bytes} are waiting to be written, up to {@code timeoutNanos}.
   *
   * @return whether at most {@code bytes} wait now (or the channel closed)
   */
  @Override
  public boolean awaitPendingAtMost(int bytes, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    synchronized (writeLock) {
      while (pendingLength + writingLength > bytes && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(writeLock, left);
      }
      return true;
    }
  }

  /**
   * Writes everything enqueued. If another thread is already flushing, returns at once: that
   * thread writes what this one enqueued before it stops (group commit).
   */
  @Override
  public void flush() throws IOException {
    synchronized (writeLock) {
      if (flushing || pendingLength == 0) {
        return;
      }
      flushing = true;
    }
    drain();
  }

  private void drain() throws IOException {
    try {
      while (true) {
        byte[] toWrite;
        int n;
        synchronized (writeLock) {
          if (pendingLength == 0) {
            flushing = false;
            writingLength = 0;
            drains++;
            if (readerPhase != WATCHING) { // else the reader gives them back once idle
              releaseWriteBuffersAbove(keptWriteBytes());
            }
            writeLock.notifyAll();
            return;
          }
          toWrite = pending;
          n = pendingLength;
          pending = writing; // swap halves: enqueuers fill one while this thread writes the other
          pendingLength = 0;
          writing = toWrite;
          writingLength = n;
          writeLock.notifyAll();
        }
        writeAll(wrapForWrite(toWrite, 0, n, true));
      }
    } catch (IOException | RuntimeException e) {
      failedWrite();
      throw e;
    }
  }

  /**
   * From now on, buffers are trimmed down to their initial sizes (not {@link #KEPT_BUFFER}) when the
   * connection goes idle: the reader gives them back once it has waited {@link #IDLE_TRIM_NANOS}
   * with nothing arriving, and a writer that grows one while the reader so waits gives it back when
   * done. Cheap: the Manager's reader calls it before each wait.
   */
  @Override
  public void trimIdleBuffers() {
    if (!trimAll) {
      synchronized (writeLock) {
        trimAll = true;
        Arrays.fill(writeWrappers, null); // a sender's array is not this connection's to hold
      }
    }
  }

  /**
   * Gives back write buffers larger than {@code bytes}; nothing is waiting or being written. Holds
   * the write lock.
   */
  private void releaseWriteBuffersAbove(int bytes) {
    writingLength = 0;
    ByteBuffer[] wrappers = writeWrappers;
    for (int i = 0; i < wrappers.length; i++) {
      if (wrappers[i] != null && wrappers[i].capacity() > bytes) {
        wrappers[i] = null;
      }
    }
    if (writing != null && writing.length > bytes) {
      writing = null;
    }
    if (pending != null && pending.length > bytes) {
      pending = null;
    }
  }

  /** A write failed: closes the channel, for every thread waiting to write too. */
  private void failedWrite() {
    synchronized (writeLock) {
      flushing = false;
      closed = true;
      writeLock.notifyAll();
    }
    if (readableAfterFailedWrite && ringIn == null && tls == null) {
      try {
        channel.shutdownOutput(); // what the peer sent before it went can still be read; the owner closes
        return;
      } catch (IOException | RuntimeException e) {
        // closed already: close it all
      }
    }
    closeQuietly();
  }

  /**
   * A failed write then leaves the bytes already received readable (a TCP connection only), until
   * {@link #close()}: for an owner that closes the channel itself after a failure and first reads
   * the notice its peer sent before closing. Default off: a failed write closes the channel.
   */
  public void readableAfterFailedWrite() {
    this.readableAfterFailedWrite = true;
  }

  /**
   * A buffer over {@code length} bytes of {@code array} from {@code offset}, for the one thread
   * writing now: the wrappers of the last few arrays written from (the two halves of the
   * outgoing buffer and, unless idle buffers are trimmed to the minimum, a sender's encoder
   * buffer) are kept, so a write allocates nothing. Arrays larger than an idle connection keeps
   * are wrapped afresh, never held here.
   *
   * @param own whether {@code array} is one of this channel's halves, not a sender's
   */
  private ByteBuffer wrapForWrite(byte[] array, int offset, int length, boolean own) {
    if (array.length > keptWriteBytes() || (!own && trimAll)) {
      return ByteBuffer.wrap(array, offset, length);
    }
    ByteBuffer[] wrappers = writeWrappers;
    for (ByteBuffer w : wrappers) {
      if (w != null && w.array() == array) {
        w.limit(offset + length).position(offset);
        return w;
      }
    }
    ByteBuffer w = ByteBuffer.wrap(array, offset, length);
    wrappers[nextWrapper] = w;
    nextWrapper = (nextWrapper + 1) % wrappers.length;
    return w;
  }

  private void writeAll(ByteBuffer data) throws IOException {
    if (ringOut != null) {
      writeToRing(data);
      return;
    }
    if (blocking) {
      // in slices, each restarting the stall clock: a watchdog then measures time without
      // progress, not the length of a large write to a client that reads slowly but steadily
      int end = data.limit();
      try {
        while (data.position() < end) {
          SLICE_IN_PROGRESS.setOpaque(this, ++slicesWritten);
          data.limit(Math.min(end, data.position() + BLOCKING_WRITE_SLICE));
          while (data.hasRemaining()) {
            channel.write(data);
          }
        }
      } finally {
        data.limit(end);
        SLICE_IN_PROGRESS.setOpaque(this, 0L);
      }
      return;
    }
    long stallStart = 0;
    while (data.hasRemaining() || (tls != null && tls.hasPendingOutput())) {
      int n = tls != null ? tls.write(data) : channel.write(data);
      if (n > 0) {
        stallStart = 0;
        continue;
      }
      long now = System.nanoTime();
      if (stallStart == 0) {
        stallStart = now;
      } else if (now - stallStart > writeStallNanos) {
        throw new SocketTimeoutException(
            remote() + " has not read anything for "
                + TimeUnit.NANOSECONDS.toMillis(writeStallNanos) + " ms");
      }
      selectFor(writeSelector, 100);
      if (closed) {
        throw new EOFException("connection closed");
      }
    }
  }

  /**
   * Shared memory: copies {@code data} into the outbound ring, ringing the reader's doorbell if it
   * sleeps. While the ring is full (the reader is behind) it spins, yields, then sleeps until the
   * reader makes room and rings ({@link #awaitRoom}); it fails after the write-stall timeout
   * without progress, like a socket write.
   */
  private void writeToRing(ByteBuffer data) throws IOException {
    byte[] array = data.array();
    int offset = data.arrayOffset() + data.position();
    int end = data.arrayOffset() + data.limit();
    long stallStart = 0;
    int idle = 0;
    try {
      while (offset < end) {
        int n = ringOut.write(array, offset, end - offset);
        if (n > 0) {
          offset += n;
          ringDoorbell();
          stallStart = 0;
          idle = 0;
          continue;
        }
        if (closed) {
          throw new EOFException("connection closed");
        }
        long now = System.nanoTime();
        if (stallStart == 0) {
          stallStart = now;
          writeStartedNanos = Math.max(1, now);
        } else if (now - stallStart > writeStallNanos) {
          throw new SocketTimeoutException(remote() + " has not read anything for "
              + TimeUnit.NANOSECONDS.toMillis(writeStallNanos) + " ms");
        }
        idle++;
        if (idle < 100) {
          Thread.onSpinWait();
        } else if (idle < 200) {
          Thread.yield();
        } else {
          awaitRoom();
        }
      }
    } finally {
      writeStartedNanos = 0;
    }
    data.position(data.limit());
  }

  /**
   * Sleeps until the peer's reader makes room in the outbound ring and rings (or 100 ms pass, to
   * look at the stall clock; or the socket ends: the peer is gone). Sets the ring's writer-parked
   * flag first and looks once more, as the reader does.
   */
  private void awaitRoom() throws IOException {
    ringOut.parkWriter();
    writerWaiting = true;
    try {
      if (!ringOut.hasRoom()) {
        selectFor(writeSelector, 100);
        takeDoorbells(writerBells);
        if (readerWaiting) {
          readSelector.wakeup(); // the bell may have been for this side's reader
        }
      }
    } finally {
      writerWaiting = false;
      ringOut.unparkWriter();
    }
  }

  /**
   * Waits up to {@code millis} in {@code selector}, then forgets what it selected. A selector
   * returns at once while its thread's interrupt flag is set, so a loop waiting in it for an
   * interrupted thread (one interrupted during a call, which is not interruptible) spun a whole CPU
   * until the wait ended: the flag is cleared for the wait and set again after it, so the caller
   * still sees it, and an interrupt ends at most one wait early.
   */
  private static void selectFor(Selector selector, long millis) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      selector.select(millis);
      selector.selectedKeys().clear();
    } catch (ClosedSelectorException e) {
      throw new EOFException("connection closed");
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Wakes the peer's reader if it sleeps on the ring just written (one byte on the socket). */
  private void ringDoorbell() throws IOException {
    if (ringOut.takeParked()) {
      dataBell.clear();
      channel.write(dataBell); // a full socket buffer means unread doorbells: the peer wakes anyway
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /** Whether {@link #close()} was called or a write failed. */
  @Override
  public boolean isClosed() {
    return closed;
  }

  /**
   * Makes a reader waiting for a frame on this non-blocking channel return {@code false} soon, as
   * at its deadline, without closing anything: the caller then decides whether to wait on. A
   * reader not waiting now finds the wake-up at its next wait instead. Bytes already here are still
   * read first.
   *
   * @throws IllegalStateException for a blocking channel, whose read only closing can end
   */
  public void wakeReader() {
    if (blocking) {
      throw new IllegalStateException("a blocking channel's reader cannot be woken without closing it");
    }
    readerWoken = true;
    readSelector.wakeup();
  }

  /** Whether {@link #wakeReader()} asked the reader to return; takes the request. */
  private boolean takeWakeUp() {
    if (readerWoken) {
      readerWoken = false;
      return true;
    }
    return false;
  }

  /** Closes the connection; a reader waiting in a selector wakes up with an {@link EOFException}. */
  @Override
  public void close() {
    synchronized (writeLock) {
      closed = true;
      writeLock.notifyAll();
    }
    closeQuietly();
  }

  private void closeQuietly() {
    closed = true;
    readClosed = true;
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    if (ringIn != null) {
      ringIn.owner().close(); // unmaps once no thread of this side is inside a ring method
    }
    if (blocking) {
      return;
    }
    readSelector.wakeup();
    writeSelector.wakeup();
    try {
      readSelector.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    try {
      writeSelector.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Big-endian int at {@code offset}. */
  public static int readInt(byte[] b, int offset) {
    return (b[offset] & 0xff) << 24 | (b[offset + 1] & 0xff) << 16 | (b[offset + 2] & 0xff) << 8 | (b[offset + 3] & 0xff);
  }

  /** Writes a big-endian int at {@code offset}. */
  public static void writeInt(byte[] b, int offset, int value) {
    b[offset] = (byte) (value >>> 24);
    b[offset + 1] = (byte) (value >>> 16);
    b[offset + 2] = (byte) (value >>> 8);
    b[offset + 3] = (byte) value;
  }
}
