package io.typedipc.internal.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.AuthenticationException;
import io.typedipc.CallTimeoutException;
import io.typedipc.ConnectionLostException;
import io.typedipc.LoggerNames;
import io.typedipc.ManagerBusyException;
import io.typedipc.ManagerClosedException;
import io.typedipc.NoSuchObjectException;
import io.typedipc.ProtocolException;
import io.typedipc.RemoteException;
import io.typedipc.SerializationException;
import io.typedipc.TypedIpcException;
import io.typedipc.VersionMismatchException;
import io.typedipc.internal.serial.FrameInput;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.internal.serial.UnresolvableReferenceException;
import io.typedipc.internal.wire.Encoder;
import io.typedipc.internal.wire.FrameChannel;
import io.typedipc.internal.wire.Handshake;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.internal.wire.SharedMemoryHandshake;
import io.typedipc.spi.DeclaredException;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A client's connection to a Manager. Many threads call through it at once; each request carries
 * an id and its reply is matched back to the caller.
 *
 * <h2>Who reads the replies</h2>
 *
 * <p>At most one thread reads the socket at a time: the <em>reader</em>. While no call is pending,
 * nobody reads. A synchronous caller that finds nobody reading becomes the reader (the
 * <em>leader</em>) and reads until its own reply arrives, so a lone synchronous call costs one
 * wake-up, by the socket itself, like a raw blocking ping-pong. Otherwise the connection's
 * background thread reads, and wakes each caller once, when its reply arrives. The invariants,
 * all decided under the connection's one lock (which a call takes once to be registered and its
 * reply once to be removed — one lock entry per frame):
 *
 * <ol>
 *   <li><b>Someone reads while anything is pending.</b> A call registers, and a reader leaves,
 *       under the lock; a reader that leaves while calls are pending names its successor there:
 *       the one synchronous caller still waiting if no asynchronous call is pending, else the
 *       background thread. A named successor is unparked and reads next (or, if its own deadline
 *       passed meanwhile, names the next one). The background thread, once reader, stays reader
 *       until no call is pending.
 *   <li><b>Every reply is dispatched the moment it is read</b>, whatever the reader itself waits
 *       for: the call is removed from the table, and its caller unparked or its future completed,
 *       before the next frame is read. No reply waits for another call's reply or deadline.
 *   <li><b>The reader waits only for what it must act on itself.</b> A leader waits for a frame at
 *       most until its own deadline; nobody else depends on that deadline: other synchronous
 *       callers time themselves out (they park with their own deadline), and asynchronous
 *       deadlines and keep-alive pings are the background thread's, which does not need the read
 *       side for them. The background reader waits at most until the next keep-alive check or the
 *       earliest asynchronous deadline, and while asynchronous calls are pending at most {@value
 *       #ASYNC_SLICE_MILLIS} ms, since one may be registered with an earlier deadline while it
 *       waits: an asynchronous call times out at most that late.
 *   <li><b>A caller whose deadline passes stops at once and blocks nobody.</b> A waiting caller
 *       removes its call and returns; a leader first hands the read side on as in 1, so the
 *       replies of the others keep being read.
 * </ol>
 *
 * <p>With {@code blockingReads} (plain TCP only) readers block in the socket instead of a selector
 * and cannot time out by themselves: a reader publishes when it wants to be woken, and the
 * JVM's {@link ClientTimer} asks the Manager for a PONG then, which returns the read; the timer
 * also sends the keep-alive pings and expires asynchronous calls (their failures are completed on
 * a short-lived thread of their own, not on the timer nor the common pool), so the background
 * reader never needs waking.
 *
 * <p>Callbacks of asynchronous calls run on the thread that reads their reply (the background
 * thread, or a leader). One that makes a synchronous call on this connection reads its own reply
 * itself, as it holds the read side already; one that blocks for something else holds up the
 * replies of the whole connection meanwhile.
 *
 * <p>Writing: a synchronous call writes its frame straight from its encoder's buffer; an
 * asynchronous call only appends it to the channel's outgoing buffer and lets the writer thread
 * flush, so a thread firing many calls shares one system call among all that accumulated. When
 * the Manager asked for keep-alive (its SETTINGS carry an idle timeout), the background thread
 * sends a PING whenever a third of that timeout passed without any frame written, so an idle but
 * live client is never cut.
 *
 * <p>The calls pending on one connection are bounded ({@link ClientConfig#maxPendingCalls()}): a
 * call beyond it waits for room, up to its own deadline.
 */
public final class ClientConnection implements AutoCloseable {
  static final long ASYNC_SLICE_MILLIS = 10;
  private static final System.Logger LOG = System.getLogger(LoggerNames.CLIENT);
  /** How many times the writer looks for more to flush, spinning, before it parks (a few microseconds). */
  private static final int WRITER_SPINS = 64;
  private static final long ASYNC_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(ASYNC_SLICE_MILLIS);

  private static final VarHandle WROTE;

  static {
    try {
      WROTE = MethodHandles.lookup().findVarHandle(ClientConnection.class, "wrote", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ClientConfig config;
  private final FrameChannel channel;
  private final Serialization serialization;
  private final Encoder.Pool encoders;
  /** One encoder kept aside from the pool: a lone caller takes and returns it without allocating. */
  private final AtomicReference<Encoder> spareEncoder = new AtomicReference<>();
  private final int peerMaxFrame;
  private final String manager;
  /** The Manager's address as this connection resolved and reached it. */
  private final InetSocketAddress remoteAddress;
  private final int maxPendingCalls;
  /** The Manager's idle timeout from its SETTINGS in ms, 0 for none. */
  private final int idleTimeoutMillis;
  /** How often an idle connection sends a keep-alive PING: a third of the idle timeout; 0 for never. */
  private final long pingEvery;
  /** The Manager's limit of calls in flight on this connection, from its SETTINGS. */
  private final int managerMaxCallsInFlight;

  // read side: used only by the thread holding it
  private final Kryo readKryo;
  private final FrameInput input = new FrameInput(new byte[0], 0, 0);
  /** Set by {@link #decode} when the reply is a failure. */
  private Throwable decodedFailure;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  // guarded by lock
  private final CallTable calls = new CallTable();
  private PendingCall firstWaiter;
  private PendingCall lastWaiter;
  private int syncWaiting;
  private int asyncPending;
  private int roomWaiters;
  /** No pending asynchronous call has an earlier deadline; written under the lock. */
  private volatile long asyncDeadlineFloor = Long.MAX_VALUE;
  /** The thread that reads, or has been named to and is waking up; null while nothing is pending. Written under the lock. */
  private volatile Thread reader;

  /**
   * Whether readers block in the socket (plain TCP, not low-latency): a waiting reader then pays
   * one system call, as on a raw blocking socket, but cannot time out by itself; it publishes when
   * it wants to be woken ({@link #readerWakeAt}) and the {@link ClientTimer} has the Manager answer
   * a wake-up PING then.
   */
  private final boolean blockingReads;
  /** When the thread blocked in a read wants to be woken; {@link Long#MAX_VALUE} while none is. */
  private volatile long readerWakeAt = Long.MAX_VALUE;
  // used by the timer thread only
  private long wokenFor = Long.MAX_VALUE;
  private long wakeSentAt;
  private long wakes;
  private final ClientTimer.Timed timed = this::onTimer;
  private long nextTimerPing;
  /**
   * How long the Manager may leave a wake-up PING unanswered before the connection is declared
   * lost: its idle timeout (it cuts a silent client after that too), at least 10 s; never if it
   * has none.
   */
  private final long wakeGraceNanos;

  private final Thread background;
  private final Thread writer;
  private final AtomicBoolean flushWanted = new AtomicBoolean();
  /** Set by the writer thread just before it parks: only then does a caller pay for an unpark. */
  private volatile boolean writerParked;
  /** Whether a frame was written since the background thread last looked (keep-alive). */
  @SuppressWarnings("unused") // through WROTE
  private boolean wrote;
  private volatile boolean closed;
  private volatile boolean closedByUser;
  private volatile String noticeFromManager;
  private volatile byte noticeCode;
  /** Whether {@link #readNoticeLeftUnread} runs or ran: once per connection. Guarded by {@link #lock}. */
  private boolean salvaging;

  private ClientConnection(ClientConfig config, FrameChannel channel, Serialization serialization,
      int peerMaxFrame, Settings settings, InetSocketAddress remoteAddress) {
    this.config = config;
    this.channel = channel;
    this.serialization = serialization;
    this.encoders = new Encoder.Pool(serialization, config.maxFrame());
    this.readKryo = serialization.borrow();
    this.peerMaxFrame = peerMaxFrame;
    this.manager = config.host() + ":" + config.port();
    this.remoteAddress = remoteAddress;
    this.maxPendingCalls = config.maxPendingCalls();
    this.idleTimeoutMillis = settings.idleTimeoutMillis();
    this.managerMaxCallsInFlight = settings.maxCallsInFlight();
    this.pingEvery = idleTimeoutMillis > 0 ? TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis) / 3 : 0;
    this.nextTimerPing = System.nanoTime() + pingEvery;
    this.blockingReads = channel.isBlocking();
    channel.readableAfterFailedWrite(); // connectionLost reads the Manager's notice, then closes it
    this.wakeGraceNanos = idleTimeoutMillis > 0
        ? Math.max(TimeUnit.SECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis))
        : Long.MAX_VALUE / 4;
    this.background = new Thread(this::backgroundLoop, "typedipc-client-reader-" + manager);
    background.setDaemon(true);
    this.writer = new Thread(this::writerLoop, "typedipc-client-writer-" + manager);
    writer.setDaemon(true);
  }

  private void start() {
    background.start();
    writer.start();
    if (blockingReads) {
      ClientTimer.get().register(timed);
    }
  }

  /**
   * The TCP connection itself was not made within the connect timeout: nothing answered, so
   * nothing hints at the Manager's protocol (unlike a handshake that times out).
   */
  static final class ConnectTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    ConnectTimeoutException(int millis, SocketTimeoutException cause) {
      super("no TCP connection within the connect timeout of " + millis + " ms");
      initCause(cause);
    }
  }

  /**
   * Connects and authenticates.
   *
   * @throws IOException if the Manager cannot be reached or the handshake times out
   */
  public static ClientConnection open(ClientConfig config, Serialization serialization, String sessionId) throws IOException {
    return open(config, serialization, sessionId, abort -> { });
  }

  /**
   * {@link #open(ClientConfig, Serialization, String)}, telling {@code abortWith} what another
   * thread can close to abort the open from now on: first the socket (before it connects), then,
   * once the handshake has a frame channel, that channel (closing it also wakes a read waiting in
   * its selector). The connect or handshake then fails at once instead of at its timeout. {@code
   * abortWith} may throw to refuse the open; what was opened is closed then.
   */
  static ClientConnection open(ClientConfig config, Serialization serialization, String sessionId,
      Consumer<Closeable> abortWith) throws IOException {
    SocketChannel socket = SocketChannel.open();
    FrameChannel channel = null;
    try {
      abortWith.accept(socket);
      InetSocketAddress remoteAddress = new InetSocketAddress(config.host(), config.port());
      int connectMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.connectTimeout().toMillis()));
      try {
        socket.socket().connect(remoteAddress, connectMillis);
      } catch (SocketTimeoutException e) {
        throw new ConnectTimeoutException(connectMillis, e);
      }
      long spin = config.lowLatency() ? FrameChannel.LOW_LATENCY_SPIN_NANOS : 0;
      long deadline = System.nanoTime() + config.handshakeTimeout().toNanos();
      if (config.tls() != null) {
        SSLEngine engine = config.tls().createSSLEngine(config.host(), config.port());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        engine.setSSLParameters(parameters);
        channel = FrameChannel.tls(socket, engine, spin, FrameChannel.WRITE_STALL_NANOS);
        abortWith.accept(channel);
        try {
          channel.startTls(deadline);
        } catch (SSLException e) {
          throw new AuthenticationException("TLS handshake with the Manager at " + config.host() + ":"
              + config.port() + " failed (does it use TLS, with a certificate this client trusts for that"
              + " host?): " + e.getMessage(), e);
        }
      } else {
        channel = new FrameChannel(socket, spin, FrameChannel.WRITE_STALL_NANOS);
        abortWith.accept(channel);
      }
      Handshake.Result result = Handshake.client(channel, config.authKey(), config.maxFrame(), deadline);
      channel.maxInboundFrame(config.maxFrame());
      int limit = Math.max(Protocol.MIN_MAX_FRAME, Math.min(config.maxFrame(), result.peerMaxFrame()));
      Settings settings = readSettings(channel, deadline);
      if (config.sharedMemory()) {
        long shmSpin = FrameChannel.shmSpinNanos(config.lowLatency());
        channel = SharedMemoryHandshake.client(channel, socket, deadline,
            new SharedMemoryHandshake.Waiting(shmSpin, FrameChannel.WRITE_STALL_NANOS));
      }
      if (config.blockingReads() && !channel.isTls() && !channel.isSharedMemory() && !config.lowLatency()) {
        channel = channel.toBlocking(); // a waiting reader pays one system call, as on a raw socket
      }
      abortWith.accept(channel);
      ClientConnection connection = new ClientConnection(config, channel, serialization, limit, settings, remoteAddress);
      connection.start();
      connection.announceSession(sessionId);
      return connection;
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      } else {
        socket.close();
      }
      throw e;
    }
  }

  /** The Manager's SETTINGS frame: what it allows this connection. */
  private record Settings(int idleTimeoutMillis, int maxCallsInFlight) {}

  /** Reads the SETTINGS frame that follows the handshake. */
  private static Settings readSettings(FrameChannel channel, long deadline) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0 || !channel.readFrame(left)) {
      throw new java.net.SocketTimeoutException("the Manager at " + channel.remote() + " sent no settings in time");
    }
    Input in = Serialization.frameInput(channel.frameBuffer(), channel.frameOffset(), channel.frameLength());
    try {
      if (in.readByte() != Protocol.SETTINGS || in.readVarLong(true) != 0) {
        throw new ProtocolException("the Manager at " + channel.remote() + " did not start with its settings");
      }
      int idle = in.readVarInt(true);
      int inFlight = in.readVarInt(true);
      if (idle < 0 || inFlight < 0) {
        throw new ProtocolException("the Manager at " + channel.remote() + " sent negative settings");
      }
      return new Settings(idle, inFlight);
    } catch (KryoException e) {
      throw new ProtocolException("malformed settings from the Manager at " + channel.remote() + ": " + e.getMessage(), e);
    }
  }

  /** Tells the Manager which client this connection belongs to, before anything else. */
  private void announceSession(String sessionId) throws IOException {
    Encoder enc = borrowEncoder();
    try {
      Output out = enc.begin(Protocol.SESSION);
      out.writeVarLong(0, true);
      out.writeString(sessionId);
      channel.send(out.getBuffer(), 0, finish(enc));
      WROTE.setOpaque(this, true);
    } catch (IOException e) {
      close();
      throw e;
    } finally {
      releaseEncoder(enc);
    }
  }

  /** The largest frame both this client and the Manager accept. */
  public int frameLimit() {
    return peerMaxFrame;
  }

  /** "host:port" of the Manager. */
  public String manager() {
    return manager;
  }

  /** The Manager's address, resolved: the one this connection reached. */
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  /** Whether this connection's frames go through shared memory rather than TCP. */
  public boolean isSharedMemory() {
    return channel.isSharedMemory();
  }

  /** Whether the connection is usable, as far as its threads have seen. */
  public boolean isOpen() {
    return !closed;
  }

  /**
   * Whether the connection is usable, having first read, when no thread is reading, what the
   * Manager sent meanwhile: a connection that the Manager closed (its closing notice, then the end
   * of the stream) or that died while this client was idle is seen now, not at the next call.
   * Never waits for the Manager. With {@code blockingReads} a read cannot look without waiting, so
   * there such a loss is seen at the next call or keep-alive ping, as before.
   */
  public boolean checkOpen() {
    if (closed || blockingReads) {
      return !closed;
    }
    lock.lock();
    try {
      if (closed || reader != null) {
        return !closed; // someone reads already, and sees the end itself
      }
      reader = Thread.currentThread(); // nothing is pending: the read side is free to take
    } finally {
      lock.unlock();
    }
    try {
      for (int frames = 0; frames < 1024 && !closed && channel.readFrameNow(); frames++) {
        onFrame(null); // a notice, a late reply of a call that timed out, a pong
      }
    } catch (IOException | RuntimeException e) {
      connectionLost(e);
    } catch (Error e) {
      connectionLost(e);
      throw e;
    } finally {
      leave(); // hands the read side on to a call registered meanwhile
    }
    return !closed;
  }

  /** The Manager's idle timeout for this connection (from its SETTINGS), {@link Duration#ZERO} for none. */
  public Duration managerIdleTimeout() {
    return Duration.ofMillis(idleTimeoutMillis);
  }

  /** The most calls the Manager reads ahead on this connection (from its SETTINGS). */
  public int managerMaxCallsInFlight() {
    return managerMaxCallsInFlight;
  }

  // ------------------------------------------------------------------ requests

  /**
   * Asks the Manager for the object {@code name} of the given interface, comparing fingerprints.
   *
   * @return the handle for calls on this connection
   */
  public int open(String name, InterfaceDescriptor descriptor) {
    PendingCall call = PendingCall.sync(null, config.callTimeoutNanos(), name);
    boolean leading = register(call);
    Encoder enc = borrowEncoder();
    try {
      Output out = enc.begin(Protocol.OPEN);
      out.writeVarLong(call.id, true);
      out.writeString(name);
      out.writeString(descriptor.name());
      out.writeString(descriptor.fingerprint());
      List<MethodDescriptor> methods = descriptor.methods();
      out.writeVarInt(methods.size(), true);
      for (MethodDescriptor m : methods) {
        out.writeString(m.signature());
      }
      write(enc, call);
    } catch (RuntimeException e) {
      throw abandoned(call, e);
    } finally {
      releaseEncoder(enc);
    }
    return (Integer) await(call, leading);
  }

  /** A synchronous call; returns the result or throws as {@link io.typedipc.spi.RemoteObject#call} says. */
  public Object call(int handle, MethodDescriptor method, Object[] args, long timeoutNanos, String target) {
    PendingCall call = PendingCall.sync(method, timeoutNanos, target);
    boolean leading = register(call);
    writeCall(handle, method, args, call);
    return await(call, leading);
  }

  /** An asynchronous call. */
  public CompletableFuture<Object> callAsync(int handle, MethodDescriptor method, Object[] args, long timeoutNanos, String target) {
    PendingCall call = PendingCall.async(method, timeoutNanos, target);
    try {
      register(call);
      writeCall(handle, method, args, call);
    } catch (TypedIpcException e) {
      return CompletableFuture.failedFuture(e);
    }
    return call.future;
  }

  /**
   * Adds {@code call} to the pending calls, giving it its id, waiting for room first if the bound
   * is reached.
   *
   * @return for a synchronous call, whether its caller now holds the read side
   * @throws TypedIpcException if the connection is closed, or no room came before the deadline
   */
  private boolean register(PendingCall call) {
    Thread me = Thread.currentThread();
    Thread wake = null;
    boolean leading = false;
    lock.lock();
    try {
      if (closed) {
        throw lostException(call.isAsync());
      }
      Thread current = reader;
      boolean holdsReadSide = current == me;
      if (calls.size() >= maxPendingCalls && !holdsReadSide) { // the reader itself must not wait for room it frees
        waitForRoom(call);
        current = reader;
      }
      calls.add(call);
      if (call.isAsync()) {
        asyncPending++;
        if (call.deadlineNanos < asyncDeadlineFloor) {
          asyncDeadlineFloor = call.deadlineNanos;
          if (blockingReads) {
            ClientTimer.get().wakeBy(call.deadlineNanos); // the timer expires asynchronous calls
          } else if (current != background) {
            wake = background; // its timer must fire earlier
          }
        }
        if (current == null) {
          reader = background;
          wake = background;
        }
      } else {
        syncWaiting++;
        linkWaiter(call);
        if (holdsReadSide) {
          call.nested = true;
          leading = true;
        } else if (current == null) {
          reader = me;
          leading = true;
        }
      }
    } finally {
      lock.unlock();
    }
    if (wake != null) {
      LockSupport.unpark(wake);
    }
    return leading;
  }

  /** Waits, holding the lock, until fewer than the bound of calls are pending. */
  private void waitForRoom(PendingCall call) {
    roomWaiters++;
    try {
      boolean interrupted = false;
      while (calls.size() >= maxPendingCalls && reader != Thread.currentThread()) {
        if (closed) {
          throw lostException(call.isAsync());
        }
        if (!call.hasDeadline()) {
          room.awaitUninterruptibly();
          continue;
        }
        long left = call.deadlineNanos - System.nanoTime();
        if (left <= 0) {
          throw new CallTimeoutException(call.description() + " could not be sent within "
              + Duration.ofNanos(call.timeoutNanos) + ": " + maxPendingCalls
              + " calls were already waiting for their replies on this connection to the Manager at " + manager);
        }
        try {
          room.awaitNanos(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } finally {
      roomWaiters--;
    }
  }

  /** Under the lock, after a call left the table. */
  private void roomFreed() {
    if (roomWaiters > 0) {
      room.signal();
    }
  }

  private void linkWaiter(PendingCall call) {
    call.prevWaiter = lastWaiter;
    call.nextWaiter = null;
    if (lastWaiter == null) {
      firstWaiter = call;
    } else {
      lastWaiter.nextWaiter = call;
    }
    lastWaiter = call;
  }

  private void unlinkWaiter(PendingCall call) {
    PendingCall prev = call.prevWaiter;
    PendingCall next = call.nextWaiter;
    if (prev == null) {
      firstWaiter = next;
    } else {
      prev.nextWaiter = next;
    }
    if (next == null) {
      lastWaiter = prev;
    } else {
      next.prevWaiter = prev;
    }
    call.prevWaiter = null;
    call.nextWaiter = null;
  }

  /** Under the lock: forgets a call that just left the table. */
  private void removed(PendingCall call) {
    if (call.isAsync()) {
      asyncPending--;
    } else {
      syncWaiting--;
      unlinkWaiter(call);
    }
    roomFreed();
  }

  /**
   * Under the lock, by the reader as it leaves: names the next reader (invariant 1).
   *
   * @return the thread to unpark once the lock is released, or {@code null}
   */
  private Thread handOff() {
    Thread next;
    if (calls.size() == 0) {
      next = null;
    } else if (asyncPending == 0 && syncWaiting == 1) {
      next = firstWaiter.waiter;
    } else {
      next = background;
    }
    reader = next;
    if (roomWaiters > 0) {
      room.signalAll(); // one of them may be the thread just named: it must read, not wait for room
    }
    return next;
  }

  /** Removes a call that could not be sent, and gives up the read side if it had taken it. */
  private void abandon(PendingCall call) {
    Thread next = null;
    lock.lock();
    try {
      if (calls.remove(call.id) == call) {
        removed(call);
      }
      if (!call.isAsync() && !call.nested && reader == Thread.currentThread()) {
        next = handOff();
      }
    } finally {
      lock.unlock();
    }
    if (next != null) {
      LockSupport.unpark(next);
    }
  }

  // ------------------------------------------------------------------ writing

  private Encoder borrowEncoder() {
    Encoder e = spareEncoder.getAndSet(null);
    return e != null ? e : encoders.borrow();
  }

  private void releaseEncoder(Encoder e) {
    if (e.out.getBuffer().length > 64 * 1024 || !spareEncoder.compareAndSet(null, e)) {
      encoders.release(e);
    }
  }

  /** Completes the frame in {@code enc}; returns its size including the length prefix. */
  private int finish(Encoder enc) {
    return enc.finish(peerMaxFrame) + 4;
  }

  /** Forgets a call whose request could not be written; returns the exception to throw for it. */
  private RuntimeException abandoned(PendingCall call, RuntimeException e) {
    abandon(call);
    return e instanceof KryoException k ? Encoder.tooLarge(k, config.maxFrame()) : e;
  }

  private void writeCall(int handle, MethodDescriptor method, Object[] args, PendingCall call) {
    Encoder enc = borrowEncoder();
    try {
      Output out = enc.begin(Protocol.CALL);
      out.writeVarLong(call.id, true);
      out.writeVarInt(handle, true);
      out.writeInt(method.id());
      List<Class<?>> types = method.parameterTypes();
      for (int i = 0; i < args.length; i++) {
        serialization.writeValue(enc.kryo, out, args[i], types.get(i));
      }
      write(enc, call);
    } catch (RuntimeException e) {
      throw abandoned(call, e);
    } finally {
      releaseEncoder(enc);
    }
  }

  /**
   * Sends the frame of {@code call}: a synchronous one at once, from the encoder's buffer; an
   * asynchronous one through the writer thread. A failed write loses the connection, which fails
   * the call.
   */
  private void write(Encoder enc, PendingCall call) {
    int n = finish(enc);
    try {
      if (call.isAsync()) {
        channel.enqueue(enc.out.getBuffer(), 0, n);
        wakeWriter();
      } else {
        channel.send(enc.out.getBuffer(), 0, n);
      }
      WROTE.setOpaque(this, true);
    } catch (IOException e) {
      connectionLost(e);
    }
  }

  /**
   * Asks the writer thread to flush. A caller firing many calls while the writer is busy pays one
   * volatile read per call: the flag is set already, or the writer is awake and will look at it.
   */
  private void wakeWriter() {
    if (!flushWanted.get() && !flushWanted.getAndSet(true) && writerParked) {
      LockSupport.unpark(writer);
    }
  }

  private void writerLoop() {
    try {
      while (!closed) {
        if (!flushWanted.getAndSet(false)) {
          if (awaitFlushBriefly()) {
            continue;
          }
          writerParked = true;
          if (!flushWanted.get() && !closed) { // a caller that set the flag before seeing writerParked does not unpark
            LockSupport.park(this); // unparked by the next asynchronous call, or by close
          }
          writerParked = false;
          continue;
        }
        try {
          channel.flush();
        } catch (IOException e) {
          connectionLost(e);
        }
      }
    } catch (Throwable t) {
      connectionLost(t);
      throw t;
    }
  }

  /**
   * Before the writer parks: a caller firing calls one after another is usually about to enqueue
   * the next, so the writer looks again a few times and then lets the other runnable threads of
   * its CPU go first once. A caller that finds the writer awake costs no unpark and the writer no
   * wake-up; a writer that finds nothing in that time parks.
   *
   * @return whether a flush is wanted
   */
  private boolean awaitFlushBriefly() {
    for (int i = 0; i < WRITER_SPINS; i++) {
      Thread.onSpinWait();
      if (flushWanted.get()) {
        return true;
      }
    }
    Thread.yield();
    return flushWanted.get();
  }

  /** Sends a PING if nothing was written since the last look (keep-alive). */
  private void keepAlive() {
    if ((boolean) WROTE.getOpaque(this)) {
      WROTE.setOpaque(this, false);
      return;
    }
    offerPing(0);
  }

  /**
   * Queues PING {@code n} (0: keep-alive, nothing answers it; otherwise the Manager answers PONG
   * n) for the writer thread, never blocking: if bytes are already waiting to be written (the
   * Manager is not reading), it is dropped — a keep-alive is not needed then, and for a wake-up
   * the grace period decides.
   */
  private void offerPing(long n) {
    Encoder enc = borrowEncoder();
    try {
      Output out = enc.begin(Protocol.PING);
      out.writeVarLong(n, true);
      if (channel.offer(out.getBuffer(), 0, finish(enc))) {
        wakeWriter();
      }
    } catch (IOException e) {
      connectionLost(e);
    } finally {
      releaseEncoder(enc);
    }
  }

  // ------------------------------------------------------------------ waiting and reading

  private Object await(PendingCall call, boolean leading) {
    if (!leading) {
      leading = follow(call);
    }
    if (leading) {
      lead(call);
    }
    awaitCompletion(call);
    Throwable failure = call.failure();
    if (failure != null) {
      throw rethrowable(failure);
    }
    return call.value();
  }

  /**
   * Waits until {@code call} is completed. A leader can leave its loop with the call not done yet
   * when another thread took it from the table (a lost connection fails every call it took, after
   * releasing the lock): that thread completes it at once, and only then may the caller look at
   * its value, or it would return nothing.
   */
  private void awaitCompletion(PendingCall call) {
    boolean interrupted = false;
    while (!call.isDone()) {
      LockSupport.park(this); // PendingCall.fail and complete unpark the waiter
      interrupted |= Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits while another thread reads, until the call is done, its deadline passes, or the read
   * side is handed to this thread.
   *
   * @return whether this thread must now read
   */
  private boolean follow(PendingCall call) {
    Thread me = Thread.currentThread();
    boolean interrupted = false;
    boolean gaveUp = false;
    try {
      while (true) {
        if (call.isDone()) {
          return false;
        }
        if (reader == me) {
          return true;
        }
        long left = call.hasDeadline() ? call.deadlineNanos - System.nanoTime() : Long.MAX_VALUE;
        if (left <= 0 && !gaveUp) {
          giveUp(call); // fails the call, unless a reader took its reply already: then it completes it soon
          gaveUp = true;
          continue;
        }
        if (gaveUp || !call.hasDeadline()) {
          LockSupport.park(this);
        } else {
          LockSupport.parkNanos(this, left);
        }
        if (Thread.interrupted()) {
          interrupted = true; // a call is not interruptible; the flag is kept for the caller
        }
      }
    } finally {
      if (interrupted) {
        me.interrupt();
      }
    }
  }

  /** Reads frames, dispatching each, until {@code call} is done or its deadline passes. */
  private void lead(PendingCall call) {
    boolean interrupted = Thread.interrupted(); // an interrupted thread's selector would not wait
    try {
      while (!call.isDone()) {
        if (blockingReads) {
          if (call.hasDeadline() && call.deadlineNanos - System.nanoTime() <= 0) {
            break;
          }
          if (readBlocking(call.deadlineNanos)) { // the timer's wake-up returns it at the deadline
            onFrame(call);
          }
        } else if (channel.readFrameBy(call.deadlineNanos)) { // one clock read, and only if it must wait
          onFrame(call);
        } else {
          break; // the deadline passed
        }
        if (Thread.interrupted()) {
          interrupted = true;
        }
      }
    } catch (IOException | RuntimeException e) {
      connectionLost(e);
    } catch (Error e) {
      connectionLost(e);
      throw e;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (!call.isDone()) {
      giveUp(call);
    } else if (!call.nested && reader == Thread.currentThread()) {
      leave(); // its reply was dispatched by a nested call of this thread, which kept the read side
    }
  }

  /** The reader leaves (its call is done) and names its successor. */
  private void leave() {
    Thread next = null;
    lock.lock();
    try {
      if (reader == Thread.currentThread()) {
        next = handOff();
      }
    } finally {
      lock.unlock();
    }
    if (next != null) {
      LockSupport.unpark(next);
    }
  }

  /** The caller's deadline passed: its call leaves the table, and the read side goes on if it held it. */
  private void giveUp(PendingCall call) {
    Thread next = null;
    boolean timedOut = false;
    lock.lock();
    try {
      if (calls.remove(call.id) == call) {
        removed(call);
        timedOut = true;
      }
      if (!call.nested && reader == Thread.currentThread()) {
        next = handOff();
      }
    } finally {
      lock.unlock();
    }
    if (next != null) {
      LockSupport.unpark(next);
    }
    if (timedOut) {
      call.fail(timeout(call));
    }
  }

  private CallTimeoutException timeout(PendingCall call) {
    return new CallTimeoutException(call.description() + " did not complete within "
        + Duration.ofNanos(call.timeoutNanos)
        + " (the call may still run in the Manager; its result will be discarded)");
  }

  /**
   * The background thread: keep-alive pings, expiry of asynchronous calls, and reading whenever it
   * is the reader (invariant 3 for how long it waits).
   */
  private void backgroundLoop() {
    Thread me = Thread.currentThread();
    long nextPing = pingEvery > 0 ? System.nanoTime() + pingEvery : Long.MAX_VALUE;
    try {
      while (!closed) {
        if (blockingReads) { // the timer pings and expires; this thread only reads while it is the reader
          if (reader == me) {
            readWhilePending(readBlocking(Long.MAX_VALUE));
          } else {
            LockSupport.park(this);
          }
          Thread.interrupted();
          continue;
        }
        long now = System.nanoTime();
        if (now - nextPing >= 0) {
          keepAlive();
          nextPing = now + pingEvery;
        }
        long floor = asyncDeadlineFloor;
        if (floor != Long.MAX_VALUE && now - floor >= 0) {
          expireAsync(now);
          floor = asyncDeadlineFloor;
        }
        long wakeAt = earlier(nextPing, floor);
        if (reader == me) {
          long timeout = wakeAt == Long.MAX_VALUE ? ASYNC_SLICE_NANOS : Math.max(0, Math.min(wakeAt - now, ASYNC_SLICE_NANOS));
          readWhilePending(timeout != 0 && channel.readFrame(timeout));
        } else if (wakeAt == Long.MAX_VALUE) {
          LockSupport.park(this);
        } else {
          LockSupport.parkNanos(this, wakeAt - now);
        }
        Thread.interrupted(); // nothing interrupts this thread on purpose; never spin on a stray flag
      }
    } catch (IOException | RuntimeException e) {
      connectionLost(e);
    } catch (Error e) {
      connectionLost(e);
      throw e;
    }
  }

  /**
   * The background reader dispatches the frame just read, if {@code read}, and those already
   * buffered behind it (without a clock read or a wait each), then leaves if nothing is pending.
   */
  private void readWhilePending(boolean read) throws IOException {
    int left = -1;
    if (read) {
      left = onFrame(null);
      for (int more = 0; more < 1024 && channel.hasBufferedFrame() && !closed; more++) {
        channel.readFrame(-1);
        left = onFrame(null);
      }
    }
    if (left <= 0 && !channel.hasBufferedInput()) {
      leaveIfIdle();
    }
  }

  // ------------------------------------------------------------------ blocking reads and their timer

  /**
   * Blocking mode: reads the next frame, having published that this thread wants to be woken at
   * {@code wakeAt} ({@link Long#MAX_VALUE}: never). The {@link ClientTimer} then sends a wake-up
   * PING, and the Manager's PONG returns this read.
   */
  private boolean readBlocking(long wakeAt) throws IOException {
    readerWakeAt = wakeAt;
    if (wakeAt != Long.MAX_VALUE) {
      ClientTimer.get().wakeBy(wakeAt);
    }
    try {
      return channel.readFrame(-1);
    } finally {
      readerWakeAt = Long.MAX_VALUE;
    }
  }

  /**
   * The timer's look at this connection (blocking mode), doing what the background thread does in
   * the other modes while it waits in a selector: keep-alive pings and the expiry of asynchronous
   * calls, neither of which needs the read side; it also wakes a leader whose deadline passed,
   * ends the connection if the Manager leaves that wake-up unanswered for {@link #wakeGraceNanos},
   * and ends it if a write makes no progress for {@link FrameChannel#WRITE_STALL_NANOS}.
   *
   * @return when this connection next needs a look
   */
  private long onTimer(long now) {
    if (closed) {
      return Long.MAX_VALUE;
    }
    long next = Long.MAX_VALUE;
    if (pingEvery > 0) {
      if (now - nextTimerPing >= 0) {
        keepAlive();
        nextTimerPing = now + pingEvery;
      }
      next = nextTimerPing;
    }
    long floor = asyncDeadlineFloor;
    if (floor != Long.MAX_VALUE && now - floor >= 0) {
      expireAsync(now);
      floor = asyncDeadlineFloor;
    }
    next = earlier(next, floor);
    long due = readerWakeAt;
    if (due != Long.MAX_VALUE) {
      if (now - due < 0) {
        next = earlier(next, due);
      } else {
        if (wokenFor != due) {
          wokenFor = due;
          wakeSentAt = now;
          offerPing(++wakes); // the Manager answers PONG, which returns the blocked read
        } else if (now - wakeSentAt >= wakeGraceNanos) {
          connectionLost(new SocketTimeoutException("the Manager at " + manager + " answered nothing for "
              + TimeUnit.NANOSECONDS.toMillis(wakeGraceNanos) + " ms, not even a wake-up ping"));
          return Long.MAX_VALUE;
        }
        next = earlier(next, wakeSentAt + wakeGraceNanos);
      }
    }
    long started = channel.writeStartedNanos();
    if (started != 0) {
      if (now - started > FrameChannel.WRITE_STALL_NANOS) {
        connectionLost(new SocketTimeoutException("the Manager at " + manager + " has not read anything for "
            + TimeUnit.NANOSECONDS.toMillis(FrameChannel.WRITE_STALL_NANOS) + " ms"));
        return Long.MAX_VALUE;
      }
      next = earlier(next, started + FrameChannel.WRITE_STALL_NANOS);
    }
    return next;
  }

  /** The earlier of two {@link System#nanoTime()} instants, {@link Long#MAX_VALUE} meaning never. */
  private static long earlier(long a, long b) {
    if (a == Long.MAX_VALUE) {
      return b;
    }
    if (b == Long.MAX_VALUE) {
      return a;
    }
    return a - b <= 0 ? a : b;
  }

  /** The background reader gives up the read side if no call is pending (invariant 1). */
  private void leaveIfIdle() {
    lock.lock();
    try {
      if (calls.size() == 0 && reader == background) {
        reader = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Fails the asynchronous calls whose deadline passed, and recomputes the floor. */
  private void expireAsync(long now) {
    List<PendingCall> expired = new ArrayList<>();
    lock.lock();
    try {
      long[] floor = {Long.MAX_VALUE};
      calls.forEach(call -> {
        if (call.isAsync()) {
          if (now - call.deadlineNanos >= 0) {
            expired.add(call);
          } else if (call.deadlineNanos < floor[0]) {
            floor[0] = call.deadlineNanos;
          }
        }
      });
      for (PendingCall call : expired) {
        calls.remove(call.id);
        removed(call);
      }
      asyncDeadlineFloor = floor[0];
    } finally {
      lock.unlock();
    }
    if (expired.isEmpty()) {
      return;
    }
    Runnable fail = () -> {
      for (PendingCall call : expired) {
        call.fail(timeout(call)); // its callbacks run here
      }
    };
    if (blockingReads) {
      // never a caller's callback on the timer of every connection; nor on the common pool, whose
      // workers (one, on two CPUs) the application may keep waiting: a thread of its own, rarely
      Thread t = new Thread(fail, "typedipc-expired-calls");
      t.setDaemon(true);
      try {
        t.start();
      } catch (OutOfMemoryError | RuntimeException e) { // no thread to be had: fail them here rather than never
        fail.run();
      }
    } else {
      fail.run();
    }
  }

  /**
   * Dispatches the frame just read (invariant 2). {@code mine} is the reader's own call, or
   * {@code null} for the background reader.
   *
   * @return the number of calls still pending after a reply, or -1 for other frames
   */
  private int onFrame(PendingCall mine) {
    FrameInput in = input;
    in.setBuffer(channel.frameBuffer(), channel.frameOffset(), channel.frameLength());
    byte type;
    long id;
    try {
      type = in.readByte();
      id = in.readVarLong(true);
      switch (type) {
        case Protocol.OPENED, Protocol.RESULT, Protocol.DECLARED, Protocol.FAILURE -> { }
        case Protocol.NOTICE -> {
          noticeCode = in.readByte();
          noticeFromManager = in.readString(); // written last: whoever sees it sees the code
          return -1;
        }
        case Protocol.PING, Protocol.PONG, Protocol.SETTINGS -> {
          return -1;
        }
        default -> throw new ProtocolException("unknown message type " + type + " from the Manager");
      }
    } catch (KryoException e) {
      throw new ProtocolException("malformed frame from the Manager: " + e.getMessage(), e);
    }
    if (mine != null && id == mine.id) {
      return ownReply(type, in, mine);
    }
    PendingCall call;
    int left;
    lock.lock();
    try {
      call = calls.remove(id);
      if (call != null) {
        removed(call);
      }
      left = calls.size();
    } finally {
      lock.unlock();
    }
    if (call == null) {
      return left; // it timed out or was abandoned: the reply is dropped
    }
    Object value;
    try {
      value = decode(type, in, call);
    } catch (ProtocolException e) {
      call.fail(e); // then the connection is lost, for the others
      throw e;
    } catch (Error e) { // e.g. a value's constructor threw one: the call has left the table, fail it here
      call.fail(unreadable(call, e)); // then the connection is lost, for the others
      throw e;
    }
    Throwable failure = decodedFailure;
    decodedFailure = null;
    if (failure != null) {
      call.fail(failure);
    } else {
      call.complete(value); // an asynchronous caller's callbacks run here
    }
    return left;
  }

  /**
   * The leader's own reply: decoded while the frame is still the leader's, then the call leaves
   * the table and the read side goes on, in one lock.
   */
  private int ownReply(byte type, FrameInput in, PendingCall mine) {
    Object value;
    Throwable failure;
    try {
      value = decode(type, in, mine);
      failure = decodedFailure;
      decodedFailure = null;
    } catch (ProtocolException | Error e) {
      lock.lock();
      try {
        if (calls.remove(mine.id) == mine) {
          removed(mine);
          mine.fail(e instanceof ProtocolException p ? p : unreadable(mine, (Error) e)); // then the connection is lost, for the others
        }
      } finally {
        lock.unlock();
      }
      throw e;
    }
    Thread next = null;
    boolean removed;
    int left;
    lock.lock();
    try {
      removed = calls.remove(mine.id) == mine;
      if (removed) {
        removed(mine);
      }
      if (!mine.nested && reader == Thread.currentThread()) {
        next = handOff();
      }
      left = calls.size();
    } finally {
      lock.unlock();
    }
    if (next != null) {
      LockSupport.unpark(next);
    }
    if (removed) {
      if (failure != null) {
        mine.fail(failure);
      } else {
        mine.complete(value);
      }
    }
    return left;
  }

  /**
   * Reads the reply to {@code call}: returns its value, or sets {@link #decodedFailure}.
   *
   * @throws ProtocolException if the reply is malformed (after failing {@code call} with it)
   */
  private Object decode(byte type, FrameInput in, PendingCall call) {
    try {
      switch (type) {
        case Protocol.OPENED -> {
          if (call.method != null) {
            throw new ProtocolException("the Manager answered " + call.description() + " as if it opened an object");
          }
          return in.readVarInt(true);
        }
        case Protocol.RESULT -> {
          if (call.method == null) {
            throw new ProtocolException("the Manager answered " + call.description() + " with a result");
          }
          Class<?> resultType = call.method.resultType();
          try {
            return resultType == void.class ? null : serialization.readValue(readKryo, in, resultType);
          } catch (ProtocolException e) {
            UnresolvableReferenceException u = unresolvable(e);
            if (u == null) {
              throw e;
            }
            decodedFailure = new SerializationException("the result of " + call.description()
                + " cannot be received: " + u.getMessage());
            return null;
          }
        }
        case Protocol.DECLARED -> {
          Throwable t = serialization.readException(readKryo, in);
          if (!(t instanceof Exception) || call.method == null || !call.method.declares(t)) {
            throw new ProtocolException("the Manager sent " + t.getClass().getName()
                + ", which " + call.description() + " does not declare");
          }
          decodedFailure = call.isAsync() ? t : new DeclaredException((Exception) t);
          return null;
        }
        default -> { // FAILURE
          decodedFailure = failure(in, call);
          return null;
        }
      }
    } catch (RuntimeException e) {
      decodedFailure = null;
      throw e instanceof ProtocolException pe ? pe : new ProtocolException("malformed reply from the Manager: " + e, e);
    }
  }

  /** What a call whose reply could not be read because decoding it threw {@code error} fails with. */
  private static ProtocolException unreadable(PendingCall call, Error error) {
    return new ProtocolException("the reply to " + call.description() + " could not be read: " + error, error);
  }

  /** The {@link UnresolvableReferenceException} in {@code e}'s causes, or {@code null}. */
  private static UnresolvableReferenceException unresolvable(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof UnresolvableReferenceException u) {
        return u;
      }
    }
    return null;
  }

  private Throwable failure(Input in, PendingCall call) {
    byte code = in.readByte();
    String message = in.readString();
    return switch (code) {
      case Protocol.FAIL_REMOTE -> serialization.readFailure(readKryo, in);
      case Protocol.FAIL_NO_SUCH_OBJECT -> new NoSuchObjectException(message);
      case Protocol.FAIL_REMOVED -> new NoSuchObjectException("the Manager no longer hosts '" + call.target + "': " + message);
      case Protocol.FAIL_VERSION -> new VersionMismatchException(message);
      case Protocol.FAIL_CLOSED -> call.isAsync()
          ? new ManagerClosedException(call.description() + " refused: " + message)
          : new CallNotRunException(call.description() + " refused: " + message);
      case Protocol.FAIL_SERIALIZATION -> new SerializationException(message);
      case Protocol.FAIL_PROTOCOL -> new ProtocolException("the Manager rejected " + call.description() + ": " + message);
      case Protocol.FAIL_OVERLOADED -> new ManagerBusyException("the Manager at " + manager + " refused "
          + call.description() + " because one of its bounds was reached (" + message + "); nothing was done,"
          + " retrying later may succeed");
      default -> new ProtocolException("unknown failure code " + code + " from the Manager: " + message);
    };
  }

  // ------------------------------------------------------------------ failure and close

  private void connectionLost(Throwable cause) {
    if (cause instanceof IOException && noticeFromManager == null && !closed && !blockingReads) {
      readNoticeLeftUnread();
    }
    // what the Manager sent broke the protocol (a frame length past the limit, an unknown frame, a
    // corrupt ring, a reply that cannot be read): the pending calls fail saying so
    ProtocolException malformed = cause instanceof ProtocolException p && noticeFromManager == null ? p : null;
    if (malformed != null && !closed) {
      LOG.log(System.Logger.Level.WARNING, "closing the connection to the Manager at " + manager + ": "
          + malformed.getMessage());
    }
    List<PendingCall> failed = new ArrayList<>();
    closed = true;
    channel.close(); // a reader waiting in the channel wakes up
    if (blockingReads) {
      ClientTimer.get().unregister(timed);
    }
    lock.lock();
    try {
      calls.clear(failed::add);
      firstWaiter = null;
      lastWaiter = null;
      syncWaiting = 0;
      asyncPending = 0;
      asyncDeadlineFloor = Long.MAX_VALUE;
      reader = null;
      room.signalAll();
    } finally {
      lock.unlock();
    }
    for (PendingCall call : failed) {
      call.prevWaiter = null;
      call.nextWaiter = null;
      TypedIpcException e = malformed != null ? malformedData(malformed) : lostException(call.isAsync());
      if (cause != null && e.getCause() == null) {
        e.initCause(cause);
      }
      call.fail(e);
    }
    LockSupport.unpark(background);
    LockSupport.unpark(writer);
  }

  /**
   * A write failed (the Manager had closed the connection): before the calls fail, reads without
   * waiting what the Manager sent that nobody read yet, so they fail with the reason its closing
   * notice gives. A client that sends before it reads sees the write fail first: one paused past
   * the Manager's idle timeout (a stopped JVM, a long pause) writes its keep-alive ping on waking.
   * Only when no other thread holds the read side (a reader sees the notice itself).
   */
  private void readNoticeLeftUnread() {
    Thread me = Thread.currentThread();
    lock.lock();
    try {
      if (closed || salvaging || (reader != null && reader != me)) {
        return;
      }
      salvaging = true; // a failure while reading ends in connectionLost, which must not come back here
      reader = me;
    } finally {
      lock.unlock();
    }
    try {
      for (int frames = 0; frames < 1024 && noticeFromManager == null && channel.readFrameNow(); frames++) {
        onFrame(null); // the notice, or replies that came before it
      }
    } catch (IOException | RuntimeException e) {
      // the end of the stream, or a reset: what could be read was read
    }
  }

  /** A pending call's failure when the Manager sent something that breaks the protocol. */
  private ProtocolException malformedData(ProtocolException cause) {
    return new ProtocolException("the Manager at " + manager + " sent data this client cannot read, so the"
        + " connection was closed: " + cause.getMessage(), cause);
  }

  /**
   * Why the connection ended, for a call failing now.
   *
   * @param async whether it is an asynchronous call's: its future never fails with the internal
   *     {@link CallNotRunException}
   */
  private TypedIpcException lostException(boolean async) {
    String notice = noticeFromManager;
    if (notice != null) {
      byte code = noticeCode;
      String closedIt = "the Manager at " + manager + " closed the connection";
      return switch (code) {
        case Protocol.NOTICE_SHUTDOWN -> new ManagerClosedException(closedIt + ": it is shutting down (" + notice + ")");
        case Protocol.NOTICE_SHUTDOWN_ALL_ANSWERED -> async
            ? new ManagerClosedException(closedIt + ": it is shutting down (" + notice + "); the call was not run")
            : new CallNotRunException(closedIt + ": it is shutting down (" + notice + "); the call was not run");
        case Protocol.NOTICE_IDLE -> new ConnectionLostException(closedIt
            + " because nothing arrived from this client for longer than its idle timeout (" + notice + ")");
        case Protocol.NOTICE_SLOW_READER -> new ConnectionLostException(closedIt
            + " because this client did not read its replies: more were waiting to be written than the Manager"
            + " keeps for one connection (" + notice + ")");
        case Protocol.NOTICE_PROTOCOL_ERROR -> new ConnectionLostException(closedIt
            + " because it received something from this client that breaks the protocol (" + notice + ")");
        default -> new ConnectionLostException(closedIt + " (notice " + code + "): " + notice);
      };
    }
    return new ConnectionLostException(closedByUser
        ? "this client was closed"
        : "the connection to the Manager at " + manager + " was lost");
  }

  private static RuntimeException rethrowable(Throwable failure) {
    if (failure instanceof RuntimeException r) {
      if (r instanceof TypedIpcException t && !(r instanceof RemoteException)) {
        r.addSuppressed(new CallSite());
      }
      return r;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    return new TypedIpcException("unexpected failure: " + failure, failure);
  }

  /** Closes the connection; pending calls fail with {@link ConnectionLostException}. */
  @Override
  public void close() {
    if (closedByUser) {
      return;
    }
    closedByUser = true;
    connectionLost(null);
  }

  /** Records where a failed call was made, as a suppressed exception. */
  private static final class CallSite extends Exception {
    private static final long serialVersionUID = 1L;

    CallSite() {
      super("the call was made here");
    }
  }
}
