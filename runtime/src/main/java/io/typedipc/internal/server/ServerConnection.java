package io.typedipc.internal.server;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.AuthenticationException;
import io.typedipc.ManagerBusyException;
import io.typedipc.Caller;
import io.typedipc.ProtocolException;
import io.typedipc.SerializationException;
import io.typedipc.VersionMismatchException;
import io.typedipc.internal.serial.DecodedSizeException;
import io.typedipc.internal.serial.FrameInput;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.internal.wire.Encoder;
import io.typedipc.internal.wire.FrameChannel;
import io.typedipc.internal.wire.FrameTransport;
import io.typedipc.internal.wire.Handshake;
import io.typedipc.internal.wire.SharedMemoryHandshake;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.spi.Dispatcher;
import io.typedipc.spi.MethodDescriptor;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * One client connection to the Manager: authenticates it, then reads its frames and turns them
 * into calls.
 *
 * <p><b>Replies never wait on the peer inside an object's turn.</b> Whichever thread finishes a
 * call encodes the reply and appends it to this connection's outgoing buffer ({@link
 * FrameChannel#offer}, bounded by {@code maxReplyBytes}); it does not write the socket. The bytes
 * are written by this connection's reader once it is back in its loop (outside any turn), or, for
 * replies made on other threads, by a flush task on the Manager's executor. A client that stops
 * reading therefore blocks only its own reader and flush task; when its unwritten replies reach
 * the bound, its connection is closed.
 *
 * <p><b>Flow control.</b> Calls read and not yet run (queued for their object's turn, or running)
 * count against {@code maxCallsInFlight} and {@code maxCallBytesInFlight}; calls to methods
 * returning a {@code CompletableFuture} (which may park) against {@code maxParkedCalls}, from when
 * they are read until they are answered. While the first two are reached, or while more than half of {@code maxReplyBytes} wait to be written, the reader
 * stops reading: TCP pushes back on this client alone.
 *
 * <p><b>Cleanup on every exit.</b> Whatever ends the reader — end of stream, a protocol error, an
 * {@link Error} — closes the channel and leaves the client's session, which releases what the
 * client held.
 */
final class ServerConnection implements Runnable, ExportedObject.QueuePhase {
  private static final byte[] NO_BYTES = new byte[0];
  /** Why a call on a handle whose object is gone fails; the client names the object. */
  private static final String NO_LONGER_HOSTED = "it was removed, or released when no client held it";

  private final ManagerServer server;
  /** The TCP connection: the handshake runs on it. */
  private final FrameChannel tcp;
  private final SocketChannel socket;
  /**
   * What carries frames after the handshake: the TCP connection itself, or shared-memory rings if
   * the client asked for them first thing (then replaced once, by the reader, before any call).
   */
  private volatile FrameTransport channel;
  private final Serialization serialization;
  private final ServerLimits limits;
  /** Objects this client opened, by handle; touched only by the reader thread. */
  private final HandleTable handles = new HandleTable();
  private volatile int peerMaxFrame = Protocol.MIN_MAX_FRAME;
  private volatile Thread reader;
  private final long handshakeDeadline;
  /**
   * While the client has a shared-memory offer unanswered, when the answer is due (else 0): a
   * blocking read cannot time out by itself, so the watchdog closes a connection that does not
   * answer in time, and with it the offered file goes.
   */
  private volatile long offerDeadline;
  private volatile boolean authenticated;
  /** The SETTINGS frame, the first the client reads after the handshake, has been sent: notices may follow. */
  private volatile boolean settingsSent;
  /** Whether this connection holds one of the Manager's connection slots. */
  private volatile boolean admitted;
  /** The client this connection belongs to; its own until the client names its session. */
  private volatile ClientSession session;
  /** Set by {@link #end()} when parked calls outlived the connection: withdraws its removal at the session's end. */
  private volatile Runnable withdrawRemoval;
  /** Whether this connection has opened an object or made a call (it can no longer join a session). */
  private boolean used;
  /** Whether the client asked for shared memory (it may, once, before anything else). */
  private boolean sharedMemoryAsked;
  private final AtomicBoolean ended = new AtomicBoolean();
  /** The watchdog's last look at the channel's {@link FrameTransport#readCount()}; its thread only. */
  private int watchedReads;
  /**
   * When the watchdog first saw that count (or the connection was made): the client has sent
   * nothing since, give or take one watchdog interval; its thread only.
   */
  private long lastHeardNanos = System.nanoTime();

  // introspection (read by ServerIntrospection)
  /** When the connection was accepted, in epoch milliseconds. */
  final long since = System.currentTimeMillis();

  boolean isAuthenticated() {
    return authenticated;
  }

  String clientId() {
    ClientSession s = session;
    return s == null ? null : s.id();
  }

  /** For introspection: the client's address, {@code host:port}, as the Manager's own is shown. */
  String remoteAddress() {
    try {
      if (socket.getRemoteAddress() instanceof InetSocketAddress peer) {
        return peer.getHostString() + ":" + peer.getPort();
      }
    } catch (IOException e) {
      // closed meanwhile: say so
    }
    return channel.remote();
  }

  /**
   * Calls read and not yet answered, for introspection: those waiting for their object's turn or
   * running off the reader, the one the reader runs inline or holds while its object's queue is
   * full, and the parked ones (an asynchronous call is counted among {@link #parkedCalls} from when
   * it is read, so once only). Not the calls of other connections a reader runs from an object's
   * queue after its own (they count on theirs). A snapshot of counters that move independently:
   * exact when the connection is still, approximate while calls come and go.
   */
  int callsInFlightNow() {
    Thread runner = inlineRunner.get();
    boolean inlineSync = runner != null && runner != PROMOTED && inlineCall == INLINE_SYNC;
    int n = callsInFlight.get() - asyncInWindow.get() - callLessSlots.get() + parkedCalls.get()
        + (inlineSync ? 1 : 0) + (syncWaitsForRoom ? 1 : 0);
    return Math.max(n, 0);
  }

  int parkedCallsNow() {
    return parkedCalls.get();
  }

  // flow control
  /**
   * Calls read but left off the reader: waiting in an object's queue, or promoted away while
   * running. A call that the reader runs inline is not counted: it ends before the reader reads
   * again, so it never holds the window, and a short call costs no atomic operation here.
   */
  private final AtomicInteger callsInFlight = new AtomicInteger();
  /** The frame bytes of the queued calls among {@link #callsInFlight}, whose arguments wait decoded. */
  private final AtomicLong callBytesInFlight = new AtomicLong();
  private final AtomicInteger parkedCalls = new AtomicInteger();
  /** At most one line a minute, per connection, about refused parked calls. */
  private final LogThrottle parkedRefusalLog = new LogThrottle(Duration.ofMinutes(1));
  /**
   * The asynchronous calls among {@link #callsInFlight} (they are among {@link #parkedCalls} too);
   * for introspection only, changed off the common path (a call queued for its turn, a promotion).
   */
  private final AtomicInteger asyncInWindow = new AtomicInteger();
  /**
   * For introspection: whether the reader holds a synchronous call it read while that call's
   * object's queue is full ({@code maxQueuedCallsPerObject}); written only then, off the common path.
   */
  private volatile boolean syncWaitsForRoom;
  /**
   * For introspection: the places in the window ({@link #callsInFlight}) that promotions gave to
   * readers now running only calls from an object's queue (their own call answered, or queued and
   * counted itself): such a place holds no call. Changed only on promotion and by a promoted reader.
   */
  private final AtomicInteger callLessSlots = new AtomicInteger();
  /**
   * Guards a promotion's look at {@link #inlineCall} against the reader's turning from its own call
   * to the object's queue ({@link #beforeQueuedCalls}); both are rare.
   */
  private final Object promotion = new Object();
  /** Whether the reader waits for room; completions then notify {@link #room}. */
  private volatile boolean paused;
  private final Object room = new Object();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final Runnable flushTask = this::flushFromExecutor;
  /**
   * The decoder input over the current frame, reused for every frame: only the reader uses it, and
   * a reader that is promoted away has finished decoding its frame (the call's arguments are read
   * before the call runs), so two threads never use it at once.
   */
  private final FrameInput input = new FrameInput(NO_BYTES, 0, 0);

  ServerConnection(ManagerServer server, SocketChannel socket) throws IOException {
    this.server = server;
    this.socket = socket;
    this.serialization = server.serialization;
    this.limits = server.config.limits();
    long spin = server.config.lowLatency() ? FrameChannel.LOW_LATENCY_SPIN_NANOS : 0;
    if (server.config.tls() != null) {
      SSLEngine engine = server.config.tls().createSSLEngine();
      engine.setUseClientMode(false);
      this.tcp = FrameChannel.tls(socket, engine, spin, limits.writeStallTimeout().toNanos());
    } else if (server.config.lowLatency()) {
      this.tcp = new FrameChannel(socket, spin, limits.writeStallTimeout().toNanos());
    } else {
      this.tcp = FrameChannel.blocking(socket);
    }
    this.channel = tcp;
    channel.maxPendingBytes(limits.maxReplyBytes());
    this.handshakeDeadline = System.nanoTime() + server.config.handshakeTimeout().toNanos();
  }

  /**
   * Called periodically by the Manager's watchdog: closes the connection if the handshake is
   * overdue, a write has made no progress for the write-stall timeout (the client stopped
   * reading), or an authenticated client has sent nothing for the idle timeout (live clients send
   * keep-alive pings). A blocking channel cannot time out by itself; closing it wakes the blocked
   * thread.
   */
  void checkDeadlines(long now) {
    if (!authenticated) {
      if (now - handshakeDeadline > 0) {
        ManagerServer.LOG.log(Level.WARNING, "handshake with " + channel.remote() + " timed out");
        channel.close();
      }
      return;
    }
    long offered = offerDeadline;
    if (offered != 0 && now - offered > 0) {
      ManagerServer.LOG.log(Level.WARNING, "closing connection from " + channel.remote()
          + ": it did not answer its shared-memory offer within the handshake timeout of "
          + server.config.handshakeTimeout().toMillis() + " ms");
      channel.close();
      return;
    }
    long writeStarted = channel.writeStartedNanos();
    long stall = limits.writeStallTimeout().toNanos();
    if (writeStarted != 0 && now - writeStarted > stall) {
      closeStalled();
      return;
    }
    int reads = channel.readCount();
    if (reads != watchedReads) {
      watchedReads = reads;
      lastHeardNanos = now;
    }
    long idle = limits.idleTimeout().toNanos();
    if (idle > 0 && now - lastHeardNanos > idle && callsInFlight.get() == 0 && !runsInline() && !paused
        && !channel.isClosed()) {
      ManagerServer.LOG.log(Level.INFO, "closing connection from " + channel.remote()
          + ": nothing received for " + limits.idleTimeout().toMillis() + " ms");
      closeWithNotice(Protocol.NOTICE_IDLE, "the connection was idle for longer than the Manager's idle timeout of "
          + limits.idleTimeout().toMillis() + " ms");
    }
  }

  /** Authenticates the client, then reads its requests. Ends the connection on every exit but promotion. */
  @Override
  public void run() {
    try {
      if (!handshake()) {
        end();
        return;
      }
      readLoop();
    } catch (Throwable t) { // an Error too: the connection must still end and the session be left
      // logging can fail too (out of file descriptors, the log formatter throws an Error): end anyway
      ManagerServer.logQuietly(Level.ERROR, "connection from " + channel.remote() + " failed", t);
      end();
    }
  }

  /** Runs the handshake; false (after logging why) if the client is not served. */
  private boolean handshake() {
    try {
      tcp.startTls(handshakeDeadline);
      Handshake.Result peer = Handshake.server(tcp, server.config.authKey(), server.config.maxFrame(),
          handshakeDeadline, Handshake.Parties.MANAGER, this::admit);
      authenticated = true;
      session = server.joinSession("connection-" + UUID.randomUUID());
      peerMaxFrame = Math.max(Protocol.MIN_MAX_FRAME, peer.peerMaxFrame());
      channel.maxInboundFrame(server.config.maxFrame());
      sendSettings();
      settingsSent = true;
      return true;
    } catch (AuthenticationException e) {
      server.authenticationFailed(e.getMessage());
    } catch (ManagerBusyException | VersionMismatchException e) {
      ManagerServer.LOG.log(Level.WARNING, e.getMessage());
    } catch (SSLException e) {
      String hint = String.valueOf(e.getMessage()).contains("No available authentication scheme")
          ? " (this Manager's TLS context holds no private key and certificate it can use: make it from a key store"
              + " that holds them)" : "";
      ManagerServer.LOG.log(Level.WARNING, "TLS handshake with " + channel.remote() + " failed: " + e.getMessage() + hint);
    } catch (IOException | RuntimeException e) {
      if (!channel.isClosed()) {
        ManagerServer.LOG.log(Level.WARNING, "handshake with " + channel.remote() + " failed: " + e);
      }
    } finally {
      server.handshakeDone();
    }
    return false;
  }

  /** Takes a connection slot once the client proved the key; false if the Manager is full. */
  private boolean admit() {
    admitted = server.admitConnection();
    return admitted;
  }

  /**
   * Reads and handles frames for as long as this thread is the connection's reader. A call runs
   * inline on the reader (no hand-off for the common short call); if it runs long, the Manager's
   * promoter makes another thread the reader (see {@link #promoteIfStuck}), and this one leaves the
   * loop when its call returns, without touching the read buffer again.
   */
  private void readLoop() {
    reader = Thread.currentThread();
    inlineRunner.set(null);
    Kryo kryo = null;
    try {
      flushOwn(); // replies a promoted-away reader left behind
      while (true) {
        awaitRoom();
        if (kryo != null && !channel.hasBufferedFrame()) {
          serialization.release(kryo); // about to wait for the peer: an idle connection holds no Kryo
          kryo = null;
          input.setBuffer(NO_BYTES, 0, 0); // nor a reference to a read buffer grown for a large frame
          channel.trimIdleBuffers(); // nor buffers grown for large frames
        }
        if (channel.readFrame(-1)) {
          if (kryo == null) {
            kryo = serialization.borrow();
          }
          if (!handleFrame(kryo)) {
            flushOwn(); // promoted away: write what this thread left, then let the new reader read
            return;
          }
          if (!channel.hasBufferedFrame()) {
            flushOwn(); // replies held back while more requests were waiting; the next read may wait
          }
        }
      }
    } catch (ProtocolException e) {
      ManagerServer.LOG.log(Level.WARNING, "closing connection from " + channel.remote() + ": " + e.getMessage());
      closeWithNotice(Protocol.NOTICE_PROTOCOL_ERROR, "protocol error: " + e.getMessage());
      end();
    } catch (EOFException e) {
      end(); // the client went away
    } catch (IOException | RuntimeException | InterruptedException e) {
      if (!channel.isClosed()) {
        ManagerServer.LOG.log(Level.WARNING, "connection from " + channel.remote() + " failed", e);
      }
      end();
    } catch (Throwable t) { // an Error: still end the connection and the session
      ManagerServer.LOG.log(Level.ERROR, "connection from " + channel.remote() + " failed", t);
      end();
    } finally {
      if (kryo != null) {
        serialization.release(kryo);
      }
    }
  }

  /**
   * Flow control: waits, without reading, while this connection has as many calls (or call bytes)
   * in flight as it may, or while more than half its reply bound waits to be written. Writes its
   * own replies first, so a well-behaved client always gets room back.
   */
  private void awaitRoom() throws IOException, InterruptedException {
    int softReplyBytes = limits.maxReplyBytes() / 2;
    while (true) {
      boolean replies = channel.pendingBytes() > softReplyBytes;
      boolean calls = callsInFlight.get() >= limits.maxCallsInFlight()
          || callBytesInFlight.get() >= limits.maxCallBytesInFlight();
      if (!replies && !calls) {
        paused = false;
        return;
      }
      if (channel.isClosed()) {
        throw new EOFException("connection closed");
      }
      paused = true;
      if (replies) {
        flushOwn();
        channel.awaitPendingAtMost(softReplyBytes, TimeUnit.MILLISECONDS.toNanos(100));
      } else {
        flushOwn();
        synchronized (room) {
          if (callsInFlight.get() >= limits.maxCallsInFlight()
              || callBytesInFlight.get() >= limits.maxCallBytesInFlight()) {
            room.wait(100);
          }
        }
      }
    }
  }

  /** A call leaves the reader (it waits for its object's turn, or was promoted away while running). */
  private void enterWindow(int frameBytes) {
    callsInFlight.incrementAndGet();
    if (frameBytes != 0) {
      callBytesInFlight.addAndGet(frameBytes);
    }
  }

  /** A call counted by {@link #enterWindow} has ended, or runs on the reader after all. */
  private void leaveWindow(int frameBytes) {
    callsInFlight.decrementAndGet();
    if (frameBytes != 0) {
      callBytesInFlight.addAndGet(-frameBytes);
    }
    if (paused) {
      synchronized (room) {
        room.notifyAll();
      }
    }
  }

  /**
   * Ends the connection; on its reader thread, as every exit of the read loop. Its parked calls in
   * built-ins and channels are withdrawn at once ({@link #withdrawParkedWaits}). Introspection
   * lists it until nothing it brought in still waits: it leaves the Manager's list once it has
   * ended and its parked calls have completed, or its client's session has ended (a future of the
   * user's own may never complete). So a view that shows no parked call means none of a closed
   * connection's can still take effect — a put parked on a full queue, say, by a client whose
   * other connections are still closing.
   */
  private void end() {
    channel.close();
    if (ended.compareAndSet(false, true)) {
      try {
        withdrawParkedWaits();
        if (admitted) {
          server.connectionClosed();
        }
        if (session != null) {
          server.leaveSession(session);
        }
        synchronized (room) {
          room.notifyAll();
        }
      } finally {
        if (session == null || parkedCalls.get() == 0) {
          server.removed(this);
        } else {
          // at once if the session has ended; withdrawn when the last parked call ends first, so
          // that a long-lived session does not keep every such connection it had
          withdrawRemoval = session.onDisconnectWithdrawable(() -> server.removed(this));
          if (parkedCalls.get() == 0) {
            withdrawRemoval.run(); // they ended meanwhile (parkedCallEnded removed it)
          }
        }
      }
    }
  }

  /**
   * Withdraws this connection's parked calls to built-ins and channels from their objects: its
   * client has been told they failed with the connection, so they must never be granted, and
   * nothing of them may stay while the client's other connections keep its session. Asks every
   * object this connection opened that withdraws waits (it can call no other); on the reader
   * thread, which alone touches {@link #handles}. Called once the connection has {@link #ended};
   * a call that ran just after withdraws itself (see {@link #invoke}).
   */
  private void withdrawParkedWaits() {
    handles.forEach(object -> {
      if (object.target instanceof WithdrawsWaits owner) {
        withdrawFrom(owner);
      }
    });
  }

  private void withdrawFrom(WithdrawsWaits object) {
    try {
      object.withdraw(this);
    } catch (RuntimeException e) {
      ManagerServer.LOG.log(Level.ERROR, "withdrawing the parked calls of a closed connection from " + object, e);
    }
  }

  /**
   * A parked call has completed, or its reserved slot is given back: the last one of an ended
   * connection takes it off the Manager's list (see {@link #end()}; both read what the other wrote
   * first, so one of them removes it).
   */
  private void parkedCallEnded() {
    int held = parkedCalls.decrementAndGet();
    server.parkedCalls.released(held + 1);
    if (held == 0 && ended.get()) {
      server.removed(this);
      Runnable withdraw = withdrawRemoval;
      if (withdraw != null) {
        withdraw.run();
      }
    }
  }

  /**
   * A WARNING for a call refused because this connection has its {@code maxParkedCalls}, or the
   * Manager its {@code maxParkedCallsTotal} ({@code why}): the first refusal at once, then at most one
   * line a minute ({@link #parkedRefusalLog}) with how many more were refused meanwhile, so a
   * client that keeps calling does not flood the log. Reader thread.
   */
  private void logParkedRefusal(MethodDescriptor method, String why) {
    int unlogged = parkedRefusalLog.admit();
    if (unlogged >= 0) {
      ManagerServer.LOG.log(Level.WARNING, "refused a call to " + method.signature() + " from " + channel.remote()
          + ": " + why + (unlogged > 0 ? "; " + unlogged + " more were refused since the last such line" : ""));
    }
  }

  // ------------------------------------------------------------------ reader promotion

  /** Marks a connection whose inline call was promoted away; never started. */
  private static final Thread PROMOTED = new Thread("typedipc-promoted-marker");

  /** The reader thread running a call inline, {@link #PROMOTED}, or null. */
  private final AtomicReference<Thread> inlineRunner = new AtomicReference<>();
  /** {@link #inlineCall}: the reader runs only calls of its object's queue, counted in the window. */
  private static final byte INLINE_QUEUE = 0;
  /** {@link #inlineCall}: the reader runs a synchronous call it read (then perhaps the queue). */
  private static final byte INLINE_SYNC = 1;
  /** {@link #inlineCall}: the reader runs an asynchronous call it read (then perhaps the queue). */
  private static final byte INLINE_ASYNC = 2;
  /**
   * What the reader runs inline: written by the reader before it publishes itself in {@link
   * #inlineRunner} (whose ordered write makes it visible with it), and turned to {@link
   * #INLINE_QUEUE} under {@link #promotion} when, not promoted, it goes on from its own call to
   * the object's queue ({@link #beforeQueuedCalls}); for introspection and the promoter.
   */
  private byte inlineCall;
  /**
   * Counts the calls run inline; the promoter tells a long call from a series of short ones by
   * seeing the same number for longer than its threshold, so a call costs no clock read.
   */
  private final AtomicLong inlineSeq = new AtomicLong();
  /** The promoter's last look at {@link #inlineSeq}, and when it first saw that value; its thread only. */
  private long watchedSeq = -1;
  private long watchedSince;

  /** Whether a call is running inline on this connection's reader. */
  boolean runsInline() {
    Thread t = inlineRunner.get();
    return t != null && t != PROMOTED;
  }

  /**
   * Called by the Manager's promoter thread only: if the same inline call has been running since
   * the promoter first saw it more than {@code thresholdNanos} ago, hands reading to a new thread
   * so the client's other calls are not held up.
   *
   * @return whether a call is running inline (the promoter keeps watching)
   */
  boolean promoteIfStuck(long now, long thresholdNanos) {
    Thread runner = inlineRunner.get();
    if (runner == null || runner == PROMOTED) {
      return false;
    }
    long seq = inlineSeq.get(); // written before the runner: at least as new as the call just seen
    if (seq != watchedSeq) {
      watchedSeq = seq;
      watchedSince = now;
      return true;
    }
    if (now - watchedSince > thresholdNanos) {
      synchronized (promotion) {
        if (inlineRunner.compareAndSet(runner, PROMOTED)) {
          promote(runner);
        }
      }
    }
    return true;
  }

  /** Hands reading to a new thread; the promoter's, holding {@link #promotion}. */
  private void promote(Thread runner) {
    // what the promoted reader runs: set before it published itself, or since, under the lock
    byte promoted = inlineCall;
    if (promoted == INLINE_ASYNC) {
      asyncInWindow.incrementAndGet();
    } else if (promoted == INLINE_QUEUE) {
      callLessSlots.incrementAndGet();
    }
    enterWindow(0); // the running call now holds the window; its old reader leaves it when the call returns
    try {
      server.executor.execute(this::promotedReadLoop);
    } catch (Throwable t) { // no thread for a new reader: the current one reads again when its call returns
      if (inlineRunner.compareAndSet(PROMOTED, runner)) {
        if (promoted == INLINE_ASYNC) {
          asyncInWindow.decrementAndGet();
        } else if (promoted == INLINE_QUEUE) {
          callLessSlots.decrementAndGet();
        }
        leaveWindow(0);
      }
    }
  }

  /**
   * The reader answered its own call ({@code kind}) and now runs calls from the object's queue,
   * which count on their own connections: its own no longer does. Not promoted yet, it says so
   * for a later promotion; promoted, it turns the place its promotion counted into one without a
   * call.
   */
  @Override
  public void beforeQueuedCalls(byte kind) {
    synchronized (promotion) {
      if (inlineRunner.get() == Thread.currentThread()) {
        inlineCall = INLINE_QUEUE;
      } else {
        if (kind == INLINE_ASYNC) {
          asyncInWindow.decrementAndGet();
        }
        callLessSlots.incrementAndGet();
      }
    }
  }

  private void promotedReadLoop() {
    try {
      readLoop();
    } catch (Throwable t) {
      end();
      throw t;
    }
  }

  /**
   * Runs a call through its object's dispatch (waiting, without reading, while the object's queue
   * is full): here, if the object's turn is free, then the calls queued for it meanwhile; else it
   * joins the object's queue. False if this thread was promoted away meanwhile.
   */
  private boolean runInline(ExportedObject object, MethodDescriptor method, long id, Object[] args, int frameBytes)
      throws InterruptedException, IOException {
    boolean async = method.kind() == MethodDescriptor.Kind.ASYNC;
    if (object.queueFull(limits.maxQueuedCallsPerObject())) {
      paused = true; // this reader waits for room, without reading: TCP pushes back on its client
      syncWaitsForRoom = !async; // an asynchronous call is among the parked calls already
      try {
        flushOwn(); // its own replies must not wait with it
        object.awaitQueueRoom(limits.maxQueuedCallsPerObject(), channel::isClosed);
      } finally {
        paused = false;
        syncWaitsForRoom = false;
      }
    }
    boolean runHere = object.enterSoon();
    if (!runHere) {
      if (async) {
        asyncInWindow.incrementAndGet();
      }
      enterWindow(frameBytes); // it waits for its turn off the reader
      if (!object.queue(new QueuedCall(object, method, id, args, frameBytes))) {
        return true; // the thread holding the object's turn runs it
      }
      // the turn came free meanwhile: this thread runs the queue, the call among it
    }
    Thread me = Thread.currentThread();
    inlineSeq.lazySet(inlineSeq.get() + 1); // only the reader writes it
    byte kind = !runHere ? INLINE_QUEUE : async ? INLINE_ASYNC : INLINE_SYNC;
    inlineCall = kind;
    inlineRunner.lazySet(me); // the promoter may see it late: that only delays a promotion
    server.watchInlineCalls();
    boolean queuePhase = false;
    try {
      if (runHere) {
        invoke(object, method, id, args);
      }
    } finally {
      // runs the calls queued meanwhile, a bounded batch of them; tells beforeQueuedCalls first
      queuePhase = object.leave(runHere ? this : null, kind);
    }
    if (inlineRunner.compareAndSet(me, null)) {
      return true;
    }
    // promoted away: undo what its promotion (and beforeQueuedCalls) counted; from the locals, not
    // the field: a new reader may have written it since
    if (kind == INLINE_QUEUE || queuePhase) {
      callLessSlots.decrementAndGet();
    } else if (kind == INLINE_ASYNC) {
      asyncInWindow.decrementAndGet();
    }
    leaveWindow(0); // the call the promoter counted has ended
    return false;
  }

  /** A call waiting in its object's queue; run by the thread that holds the object's turn. */
  private final class QueuedCall implements Runnable {
    private final ExportedObject object;
    private final MethodDescriptor method;
    private final long id;
    private final Object[] args;
    private final int frameBytes;

    QueuedCall(ExportedObject object, MethodDescriptor method, long id, Object[] args, int frameBytes) {
      this.object = object;
      this.method = method;
      this.id = id;
      this.args = args;
      this.frameBytes = frameBytes;
    }

    @Override
    public void run() {
      try {
        invoke(object, method, id, args);
      } finally {
        if (method.kind() == MethodDescriptor.Kind.ASYNC) {
          asyncInWindow.decrementAndGet();
        }
        leaveWindow(frameBytes);
      }
    }
  }

  /** Handles one frame; false if this thread is no longer the reader when it returns. */
  private boolean handleFrame(Kryo kryo) throws InterruptedException, IOException {
    FrameInput in = input;
    in.setBuffer(channel.frameBuffer(), channel.frameOffset(), channel.frameLength());
    long id = 0;
    try {
      byte type = in.readByte();
      id = in.readVarLong(true);
      switch (type) {
        case Protocol.PING -> {
          if (id != 0) {
            pong(id); // a client blocked in a read asks to be woken (its deadline passed)
          }
          return true;
        }
        case Protocol.SHM_REQUEST -> {
          offerSharedMemory();
          return true;
        }
        case Protocol.SESSION -> {
          joinSession(in.readString());
          return true;
        }
        case Protocol.OPEN -> {
          used = true;
          open(id, in);
          return true;
        }
        case Protocol.CALL -> {
          used = true;
          return call(id, in, kryo, channel.frameLength());
        }
        default -> throw new ProtocolException("unknown message type " + type);
      }
    } catch (ProtocolException e) {
      failure(id, Protocol.FAIL_PROTOCOL, e.getMessage());
      throw e;
    } catch (KryoException | IndexOutOfBoundsException e) {
      ProtocolException p = new ProtocolException("malformed frame from " + channel.remote() + ": " + e.getMessage(), e);
      failure(id, Protocol.FAIL_PROTOCOL, p.getMessage());
      throw p;
    }
  }

  /**
   * The client asks to move to shared memory: only as its first frame. Offers it if this Manager
   * has it on; from then on the reader reads, and everyone writes, through the new channel.
   */
  private void offerSharedMemory() throws IOException {
    if (used || sharedMemoryAsked) {
      throw new ProtocolException("SHM_REQUEST must be a connection's first frame, and come once");
    }
    sharedMemoryAsked = true;
    long spin = FrameChannel.shmSpinNanos(server.config.lowLatency());
    long deadline = Math.max(1, System.nanoTime() + server.config.handshakeTimeout().toNanos());
    offerDeadline = deadline;
    FrameChannel next;
    try {
      next = SharedMemoryHandshake.server(tcp, socket, server.config.sharedMemory(), deadline,
          new SharedMemoryHandshake.Waiting(spin, limits.writeStallTimeout().toNanos()));
    } finally {
      offerDeadline = 0;
    }
    if (next != tcp) {
      next.maxPendingBytes(limits.maxReplyBytes());
      channel = next;
    }
  }

  /** Moves this connection from its own session to the client's, shared by its connections. */
  private void joinSession(String clientId) {
    if (used) {
      throw new ProtocolException("SESSION must come before any OPEN or CALL");
    }
    if (clientId == null || clientId.isEmpty() || clientId.length() > 100) {
      throw new ProtocolException("a client id must have 1 to 100 characters");
    }
    used = true;
    ClientSession own = session;
    session = server.joinSession("client-" + clientId);
    server.leaveSession(own);
  }

  private void open(long id, Input in) {
    String name = in.readString();
    String interfaceName = in.readString();
    String fingerprint = in.readString();
    int count = in.readVarInt(true);
    if (count < 0 || count > in.limit() - in.position()) {
      throw new ProtocolException("OPEN announces " + count + " methods in a frame too short for them");
    }
    if (name == null || interfaceName == null || fingerprint == null) {
      throw new ProtocolException("OPEN without an object name, interface or fingerprint");
    }
    List<String> signatures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String signature = in.readString();
      if (signature == null) {
        throw new ProtocolException("OPEN with a missing method signature");
      }
      signatures.add(signature);
    }
    if (server.isClosing()) {
      failure(id, Protocol.FAIL_CLOSED, "the Manager is shutting down");
      return;
    }
    ExportedObject object = server.lookup(name);
    if (object == null) {
      failure(id, Protocol.FAIL_NO_SUCH_OBJECT, "the Manager has no shared object named '" + name + "'");
      return;
    }
    if (!object.descriptor.name().equals(interfaceName)) {
      failure(id, Protocol.FAIL_NO_SUCH_OBJECT,
          "the shared object '" + name + "' is a " + object.descriptor.name() + ", not a " + interfaceName);
      return;
    }
    if (!object.descriptor.fingerprint().equals(fingerprint)) {
      failure(id, Protocol.FAIL_VERSION, Fingerprints.describeMismatch(object.descriptor, signatures));
      return;
    }
    int handle = handles.open(object);
    Encoder enc = server.encoders.borrow();
    try {
      Output out = enc.begin(Protocol.OPENED);
      out.writeVarLong(id, true);
      out.writeVarInt(handle, true);
      queue(enc);
    } finally {
      server.encoders.release(enc);
    }
  }

  private boolean call(long id, FrameInput in, Kryo kryo, int frameBytes) throws InterruptedException, IOException {
    int handle = in.readVarInt(true);
    int methodId = in.readInt();
    ExportedObject object = handles.get(handle);
    if (object == null || object.removed) {
      if (!handles.wasIssued(handle)) {
        throw new ProtocolException("call on handle " + handle + ", which this connection never opened");
      }
      handles.forget(handle);
      failure(id, Protocol.FAIL_REMOVED, NO_LONGER_HOSTED);
      return true;
    }
    MethodDescriptor method = object.method(methodId);
    if (method == null) {
      failure(id, Protocol.FAIL_PROTOCOL,
          object.descriptor.name() + " has no method with id " + Integer.toHexString(methodId));
      return true;
    }
    List<Class<?>> types = method.parameterTypes();
    Object[] args = new Object[types.size()];
    in.limitDecoded(limits.maxArgumentBytes());
    try {
      for (int i = 0; i < args.length; i++) {
        args[i] = serialization.readValue(kryo, in, types.get(i));
      }
      in.checkAllocation();
    } catch (DecodedSizeException e) {
      // the frame is whole and the next one starts after it: only this call is refused
      failure(id, Protocol.FAIL_SERIALIZATION, "the arguments of " + method.signature()
          + " would take more than " + e.limit() + " bytes of the Manager's heap once decoded (its"
          + " maxArgumentBytes; " + (e.allocated() < 0
              ? "an estimate, which counts each object, string, array element and collection entry"
              : "decoding them allocated " + e.allocated() + " bytes, more than " + FrameInput.ALLOCATION_FACTOR
                  + " times that")
          + "), so it was not run");
      return true;
    }
    if (in.position() != in.limit()) {
      throw new ProtocolException("call to " + method.signature() + " carries " + (in.limit() - in.position()) + " unexpected bytes");
    }
    boolean async = method.kind() == MethodDescriptor.Kind.ASYNC;
    if (async) { // a parked slot, reserved now
      int held = parkedCalls.incrementAndGet();
      boolean overConnection = held > limits.maxParkedCalls();
      if (!server.parkedCalls.admit(held) || overConnection) { // admitted or not, parkedCallEnded gives it back
        parkedCallEnded();
        String why = overConnection
            ? "this connection already has " + limits.maxParkedCalls() + " calls waiting in the Manager (its maxParkedCalls)"
            : "the Manager already has its maxParkedCallsTotal of " + server.parkedCalls.max() + " calls waiting beyond the "
                + server.parkedCalls.floor() + " each connection may always park";
        logParkedRefusal(method, why);
        failure(id, Protocol.FAIL_OVERLOADED, why + "; " + method.signature() + " was not run");
        return true;
      }
    }
    if (!server.beginCall()) {
      if (async) {
        parkedCallEnded();
      }
      failure(id, Protocol.FAIL_CLOSED, "the Manager is shutting down and accepts no new calls");
      return true;
    }
    // what the call holds until it runs: its arguments as estimated, or as measured (half of what
    // decoding them allocated, temporaries included), or its frame's bytes, whichever is most
    long held = Math.max(Math.max(frameBytes, in.decodedBytes()), in.allocatedBytes() / 2);
    return runInline(object, method, id, args, (int) Math.min(Integer.MAX_VALUE, held));
  }

  private void invoke(ExportedObject object, MethodDescriptor method, long id, Object[] args) {
    boolean completesLater = false;
    CurrentCaller.Slot current = CurrentCaller.slot();
    Caller previous = current.caller;
    Object previousConnection = current.connection;
    current.caller = session;
    current.connection = this;
    try {
      Dispatcher dispatcher = object.dispatcher; // null once removed: also while this call waited for its turn
      if (dispatcher == null) {
        failure(id, Protocol.FAIL_REMOVED, NO_LONGER_HOSTED);
        return;
      }
      Object result = dispatcher.dispatch(method.id(), args);
      if (method.kind() == MethodDescriptor.Kind.ASYNC) {
        if (result == null) {
          throw new NullPointerException(object + ": " + method.signature() + " returned null instead of a future");
        }
        if (ended.get() && object.target instanceof WithdrawsWaits owner) {
          withdrawFrom(owner); // it ran as the connection ended, which may not have seen its wait or delivery
        }
        CompletableFuture<?> future = (CompletableFuture<?>) result;
        if (future.isDone()) {
          replyNow(id, method, future);
        } else {
          completesLater = true; // it keeps the parked slot reserved when it was read
          future.whenComplete((value, error) -> {
            Caller outer = CurrentCaller.set(session); // references in the reply are counted for this client
            try {
              if (error != null) {
                replyThrowable(id, method, unwrap(error));
              } else {
                replyValue(id, method, value);
              }
            } finally {
              CurrentCaller.set(outer);
              parkedCallEnded();
              server.endCall();
            }
          });
        }
      } else {
        replyValue(id, method, result);
      }
    } catch (Throwable t) {
      replyThrowable(id, method, t);
    } finally {
      current.caller = previous;
      current.connection = previousConnection;
      if (!completesLater) {
        if (method.kind() == MethodDescriptor.Kind.ASYNC) {
          parkedCallEnded(); // answered at once: the slot reserved for it is free
        }
        server.endCall();
      }
    }
  }


  /** Replies for a future that is already complete. */
  private void replyNow(long id, MethodDescriptor method, CompletableFuture<?> future) {
    Object value;
    try {
      value = future.join();
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      replyThrowable(id, method, unwrap(e));
      return;
    }
    replyValue(id, method, value);
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private void replyValue(long id, MethodDescriptor method, Object value) {
    Encoder enc = server.encoders.borrow();
    try {
      Output out = enc.begin(Protocol.RESULT);
      out.writeVarLong(id, true);
      if (method.resultType() != void.class) {
        serialization.writeValue(enc.kryo, out, value, method.resultType());
      }
      queue(enc);
    } catch (SerializationException e) {
      failure(id, Protocol.FAIL_SERIALIZATION, "the result of " + method.signature() + " cannot be sent: " + e.getMessage());
    } catch (KryoException e) {
      failure(id, Protocol.FAIL_SERIALIZATION,
          "the result of " + method.signature() + " cannot be sent: " + Encoder.tooLarge(e, server.config.maxFrame()).getMessage());
    } finally {
      server.encoders.release(enc);
    }
  }

  private void replyThrowable(long id, MethodDescriptor method, Throwable t) {
    Encoder enc = server.encoders.borrow();
    try {
      if (method.declares(t)) {
        try {
          Output out = enc.begin(Protocol.DECLARED);
          out.writeVarLong(id, true);
          serialization.writeException(enc.kryo, out, t);
          queue(enc);
          return;
        } catch (SerializationException | KryoException e) {
          // fall through: describe it instead
        }
      }
      Output out = enc.begin(Protocol.FAILURE);
      out.writeVarLong(id, true);
      out.writeByte(Protocol.FAIL_REMOTE);
      out.writeString(String.valueOf(t));
      serialization.writeFailure(enc.kryo, out, t);
      queue(enc);
    } catch (RuntimeException e) {
      failure(id, Protocol.FAIL_SERIALIZATION, method.signature() + " failed with " + t + ", which cannot be sent: " + e);
    } finally {
      server.encoders.release(enc);
    }
  }

  private void failure(long id, byte code, String message) {
    Encoder enc = server.encoders.borrow();
    try {
      Output out = enc.begin(Protocol.FAILURE);
      out.writeVarLong(id, true);
      out.writeByte(code);
      out.writeString(truncate(message));
      queue(enc);
    } catch (RuntimeException e) {
      // the message cannot be sent; the connection ends anyway
    } finally {
      server.encoders.release(enc);
    }
  }

  /** Answers a wake-up PING; written with the replies, never blocking. */
  private void pong(long id) {
    Encoder enc = server.encoders.borrow();
    try {
      Output out = enc.begin(Protocol.PONG);
      out.writeVarLong(id, true);
      queue(enc);
    } finally {
      server.encoders.release(enc);
    }
  }

  /** Tells the client its limits: the first frame after the handshake. */
  private void sendSettings() throws IOException {
    Encoder enc = server.encoders.borrow();
    try {
      Output out = enc.begin(Protocol.SETTINGS);
      out.writeVarLong(0, true);
      out.writeVarInt((int) Math.min(Integer.MAX_VALUE, limits.idleTimeout().toMillis()), true);
      out.writeVarInt(limits.maxCallsInFlight(), true);
      enc.sendTo(channel, peerMaxFrame);
    } finally {
      server.encoders.release(enc);
    }
  }

  // ------------------------------------------------------------------ outgoing frames

  /**
   * Appends the encoder's frame to this connection's outgoing buffer, never blocking: a reply made
   * inside an object's turn must not wait on the peer. If the client has left more than {@code
   * maxReplyBytes} unread, the connection is closed instead (only this client is affected). The
   * bytes are written by {@link #requestFlush()}.
   *
   * @throws SerializationException if the frame is larger than the client accepts
   */
  private void queue(Encoder enc) {
    boolean accepted;
    try {
      accepted = enc.offerTo(channel, peerMaxFrame);
    } catch (IOException e) {
      return; // the connection is closed; the reader ends it
    }
    if (!accepted) {
      ManagerServer.LOG.log(Level.WARNING, "closing connection from " + channel.remote() + ": more than "
          + limits.maxReplyBytes() + " bytes of replies wait for it to read them (maxReplyBytes)");
      channel.close(); // its reader (blocked on the socket or not) ends the connection
      return;
    }
    requestFlush();
  }

  /**
   * Sees that queued frames get written. The reader writes its own once back in its loop; a reply
   * made by any other thread (a call run from an object's queue by another connection's reader, a
   * future completed later, a promoted call) is written by a flush task on the Manager's executor,
   * at most one at a time per connection, so no thread that runs calls ever blocks on this peer.
   */
  private void requestFlush() {
    if (Thread.currentThread() == reader && inlineRunner.get() != PROMOTED) {
      return; // the reader flushes before it waits for the next request
    }
    scheduleFlush();
  }

  /** Has a flush task write this connection's queued frames, unless one is already scheduled. */
  private void scheduleFlush() {
    if (flushScheduled.compareAndSet(false, true)) {
      try {
        server.executor.execute(flushTask);
      } catch (Throwable t) { // no thread to write with: the client cannot be served
        flushScheduled.set(false);
        channel.close();
      }
    }
  }

  private void flushFromExecutor() {
    flushScheduled.set(false);
    try {
      channel.flush();
    } catch (SocketTimeoutException e) { // the write's own stall check (a shared-memory ring's, say)
      closeStalled();
    } catch (IOException | RuntimeException e) {
      channel.close(); // the reader notices and ends the connection
    }
  }

  /** Closes a connection whose client has not read for the write-stall timeout, saying so. */
  private void closeStalled() {
    ManagerServer.LOG.log(Level.WARNING, "closing connection from " + channel.remote()
        + ": it has not read its replies for " + limits.writeStallTimeout().toMillis() + " ms");
    channel.close(); // (a failed write closed it already) the reader notices and ends the connection
  }

  /** The reader writes what is queued, outside any object's turn; blocking here costs only this client. */
  private void flushOwn() throws IOException {
    channel.flush();
  }

  /**
   * Queues a notice saying why the connection is about to close and gives it a moment to be
   * written (at most one second, on an executor thread), then closes the channel.
   */
  private void closeWithNotice(byte code, String message) {
    try {
      if (queueNotice(code, message)) {
        channel.awaitPendingAtMost(0, TimeUnit.SECONDS.toNanos(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      channel.close();
    }
  }

  /**
   * Queues a notice without waiting for it to be written; for closing many connections at once.
   *
   * @param allAnswered whether every call the Manager read was answered (its reply queued before
   *     this notice): then the client may send the calls left unanswered to another Manager
   */
  void noticeShutdown(boolean allAnswered) {
    // not before the handshake's verdict and the settings: the client would read the notice's bytes
    // as the verdict and the Manager's proof of the key (and report the Manager as an impostor), or
    // as the settings (a protocol error); a connection not that far is just closed, which its client
    // reports as a lost connection
    if (settingsSent) {
      queueNotice(allAnswered ? Protocol.NOTICE_SHUTDOWN_ALL_ANSWERED : Protocol.NOTICE_SHUTDOWN,
          "the Manager is shutting down");
    }
  }

  /**
   * Queues a NOTICE frame, never blocking, and has a flush task write it.
   *
   * @return whether it was queued (not if the client left too many replies unread, or is gone)
   */
  private boolean queueNotice(byte code, String message) {
    Encoder enc = server.encoders.borrow();
    try {
      Output out = enc.begin(Protocol.NOTICE);
      out.writeVarLong(0, true);
      out.writeByte(code);
      out.writeString(truncate(message));
      if (!enc.offerTo(channel, peerMaxFrame)) {
        return false;
      }
      scheduleFlush();
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // closing anyway
    } finally {
      server.encoders.release(enc);
    }
  }

  /** Waits until this connection's queued frames are written or the deadline passes. */
  void awaitFlushed(long deadlineNanos) {
    try {
      channel.awaitPendingAtMost(0, Math.max(0, deadlineNanos - System.nanoTime()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String truncate(String message) {
    return message.length() > 4000 ? message.substring(0, 4000) + "…" : message;
  }

  void close() {
    channel.close();
  }
}
