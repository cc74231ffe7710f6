package io.typedipc.internal.client;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.AuthenticationException;
import io.typedipc.CallTimeoutException;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClosedException;
import io.typedipc.NoSuchObjectException;
import io.typedipc.ProtocolException;
import io.typedipc.RemoteException;
import io.typedipc.SerializationException;
import io.typedipc.TypedIpcException;
import io.typedipc.VersionMismatchException;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.internal.serial.UnresolvableReferenceException;
import io.typedipc.internal.wire.Encoder;
import io.typedipc.internal.wire.FrameChannel;
import io.typedipc.internal.wire.Handshake;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.spi.DeclaredException;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A client's connection to a Manager. Many threads call through it at once; each request carries
 * an id and its reply is matched back to the caller.
 *
 * <p>Who reads the replies: a synchronous caller that waits alone reads the socket itself until
 * its reply arrives, so a lone synchronous call costs one thread wake-up, like a raw socket
 * ping-pong. While asynchronous calls are pending or several synchronous callers wait, a
 * background reader reads instead and wakes each caller once. The background reader also expires
 * asynchronous calls whose deadline passed.
 */
public final class ClientConnection implements AutoCloseable {
  private static final long BACKGROUND_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final ClientConfig config;
  private final FrameChannel channel;
  private final Serialization serialization;
  private final Encoder.Pool encoders;
  private final Kryo readKryo;
  private final int peerMaxFrame;
  private final String manager;

  private final ConcurrentHashMap<Long, PendingCall> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final ReentrantLock readLock = new ReentrantLock();
  private final AtomicInteger asyncInFlight = new AtomicInteger();
  private final ConcurrentLinkedQueue<PendingCall> syncWaiters = new ConcurrentLinkedQueue<>();
  private final AtomicInteger syncWaiting = new AtomicInteger();
  private final Thread background;
  private final Thread writer;
  private final AtomicBoolean flushWanted = new AtomicBoolean();
  private volatile boolean closed;
  private volatile boolean closedByUser;
  private volatile String noticeFromManager;
  private volatile byte noticeCode;
  /** The Manager's idle timeout from its SETTINGS, in ms (0: none): the client pings at a third of it. */
  private int idleTimeoutMillis;
  /** The Manager's limit of calls in flight on this connection, from its SETTINGS. */
  private int maxCallsInFlight;

  private ClientConnection(ClientConfig config, FrameChannel channel, Serialization serialization, int peerMaxFrame) {
    this.config = config;
    this.channel = channel;
    this.serialization = serialization;
    this.encoders = new Encoder.Pool(serialization, config.maxFrame());
    this.readKryo = serialization.borrow();
    this.peerMaxFrame = peerMaxFrame;
    this.manager = config.host() + ":" + config.port();
    this.background = new Thread(this::backgroundLoop, "typedipc-client-reader-" + manager);
    background.setDaemon(true);
    background.start();
    this.writer = new Thread(this::writerLoop, "typedipc-client-writer-" + manager);
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Connects and authenticates.
   *
   * @throws IOException if the Manager cannot be reached or the handshake times out
   */
  public static ClientConnection open(ClientConfig config, Serialization serialization, String sessionId) throws IOException {
    SocketChannel socket = SocketChannel.open();
    FrameChannel channel = null;
    try {
      socket.socket().connect(
          new InetSocketAddress(config.host(), config.port()),
          (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.connectTimeout().toMillis())));
      long spin = config.lowLatency() ? FrameChannel.LOW_LATENCY_SPIN_NANOS : 0;
      long deadline = System.nanoTime() + config.handshakeTimeout().toNanos();
      if (config.tls() != null) {
        SSLEngine engine = config.tls().createSSLEngine(config.host(), config.port());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        engine.setSSLParameters(parameters);
        channel = FrameChannel.tls(socket, engine, spin, FrameChannel.WRITE_STALL_NANOS);
        try {
          channel.startTls(deadline);
        } catch (SSLException e) {
          throw new AuthenticationException("TLS handshake with the Manager at " + config.host() + ":"
              + config.port() + " failed (does it use TLS, with a certificate this client trusts for that"
              + " host?): " + e.getMessage(), e);
        }
      } else {
        channel = new FrameChannel(socket, spin, FrameChannel.WRITE_STALL_NANOS);
      }
      Handshake.Result result = Handshake.client(channel, config.authKey(), config.maxFrame(), deadline);
      channel.maxInboundFrame(config.maxFrame());
      int limit = Math.max(Protocol.MIN_MAX_FRAME, Math.min(config.maxFrame(), result.peerMaxFrame()));
      Settings settings = readSettings(channel, deadline);
      ClientConnection connection = new ClientConnection(config, channel, serialization, limit);
      connection.idleTimeoutMillis = settings.idleTimeoutMillis();
      connection.maxCallsInFlight = settings.maxCallsInFlight();
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
      return new Settings(in.readVarInt(true), in.readVarInt(true));
    } catch (KryoException e) {
      throw new ProtocolException("malformed settings from the Manager at " + channel.remote() + ": " + e.getMessage(), e);
    }
  }

  /** Tells the Manager which client this connection belongs to, before anything else. */
  private void announceSession(String sessionId) throws IOException {
    Encoder enc = encoders.borrow();
    try {
      Output out = enc.begin(Protocol.SESSION);
      out.writeVarLong(0, true);
      out.writeString(sessionId);
      enc.sendTo(channel, peerMaxFrame);
    } catch (IOException e) {
      close();
      throw e;
    } finally {
      encoders.release(enc);
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

  /** Whether the connection is usable. */
  public boolean isOpen() {
    return !closed;
  }

  // ------------------------------------------------------------------ requests

  /**
   * Asks the Manager for the object {@code name} of the given interface, comparing fingerprints.
   *
   * @return the handle for calls on this connection
   */
  public int open(String name, InterfaceDescriptor descriptor) {
    PendingCall call = register(null, false, config.callTimeoutNanos(), name);
    Encoder enc = encoders.borrow();
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
      send(enc, call);
    } finally {
      encoders.release(enc);
    }
    return (Integer) await(call);
  }

  /** A synchronous call; returns the result or throws as {@link io.typedipc.spi.RemoteObject#call} says. */
  public Object call(int handle, MethodDescriptor method, Object[] args, long timeoutNanos, String target) {
    PendingCall call = register(method, false, timeoutNanos, target);
    writeCall(handle, method, args, call);
    return await(call);
  }

  /** An asynchronous call. */
  public CompletableFuture<Object> callAsync(int handle, MethodDescriptor method, Object[] args, long timeoutNanos, String target) {
    PendingCall call;
    try {
      call = register(method, true, timeoutNanos, target);
      writeCall(handle, method, args, call);
    } catch (TypedIpcException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (!readLock.isLocked()) {
      LockSupport.unpark(background);
    }
    return call.future;
  }

  private PendingCall register(MethodDescriptor method, boolean async, long timeoutNanos, String target) {
    if (closed) {
      throw lostException();
    }
    long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : Long.MAX_VALUE;
    PendingCall call = new PendingCall(ids.incrementAndGet(), method, async, deadline, timeoutNanos, target);
    if (async) {
      asyncInFlight.incrementAndGet();
    }
    pending.put(call.id, call);
    if (closed && pending.remove(call.id) != null) {
      if (async) {
        asyncInFlight.decrementAndGet();
      }
      throw lostException();
    }
    return call;
  }

  private void writeCall(int handle, MethodDescriptor method, Object[] args, PendingCall call) {
    Encoder enc = encoders.borrow();
    try {
      Output out = enc.begin(Protocol.CALL);
      out.writeVarLong(call.id, true);
      out.writeVarInt(handle, true);
      out.writeInt(method.id());
      List<Class<?>> types = method.parameterTypes();
      for (int i = 0; i < args.length; i++) {
        serialization.writeValue(enc.kryo, out, args[i], types.get(i));
      }
      if (call.isAsync()) {
        enqueue(enc, call);
      } else {
        send(enc, call);
      }
    } catch (KryoException e) {
      abandon(call);
      throw Encoder.tooLarge(e, config.maxFrame());
    } catch (SerializationException e) {
      abandon(call);
      throw e;
    } finally {
      encoders.release(enc);
    }
  }

  private void send(Encoder enc, PendingCall call) {
    try {
      enc.sendTo(channel, peerMaxFrame);
    } catch (SerializationException e) {
      abandon(call);
      throw e;
    } catch (IOException e) {
      connectionLost(e);
      if (!call.isAsync()) {
        throw rethrowable(call.failure());
      }
    }
  }

  /**
   * Asynchronous calls only enqueue their frame and let the writer thread flush: a thread firing
   * many calls then shares one system call among all that accumulated meanwhile.
   */
  private void enqueue(Encoder enc, PendingCall call) {
    try {
      enc.sendTo(channel, peerMaxFrame, false);
    } catch (SerializationException e) {
      abandon(call);
      throw e;
    } catch (IOException e) {
      connectionLost(e);
      return;
    }
    if (!flushWanted.getAndSet(true)) {
      LockSupport.unpark(writer);
    }
  }

  private void writerLoop() {
    while (!closed) {
      if (!flushWanted.getAndSet(false)) {
        LockSupport.park(this); // unparked by the next asynchronous call, or by close
        continue;
      }
      try {
        channel.flush();
      } catch (IOException | RuntimeException e) {
        connectionLost(e);
      }
    }
  }

  private void abandon(PendingCall call) {
    if (pending.remove(call.id) != null && call.isAsync()) {
      asyncInFlight.decrementAndGet();
    }
  }

  // ------------------------------------------------------------------ waiting and reading

  private Object await(PendingCall call) {
    if (!call.isDone()) {
      syncWaiting.incrementAndGet();
      syncWaiters.add(call);
      try {
        while (!call.isDone()) {
          if (syncWaiting.get() == 1 && asyncInFlight.get() == 0 && readLock.tryLock()) {
            try {
              lead(call);
            } finally {
              readLock.unlock();
              handOff();
            }
          } else {
            if (!readLock.isLocked()) {
              LockSupport.unpark(background);
            }
            long left = call.deadlineNanos - System.nanoTime();
            if (left <= 0) {
              expire(call);
            } else {
              LockSupport.parkNanos(this, Math.min(left, BACKGROUND_SLICE_NANOS));
            }
          }
        }
      } finally {
        syncWaiters.remove(call);
        syncWaiting.decrementAndGet();
      }
    }
    Throwable failure = call.failure();
    if (failure != null) {
      throw rethrowable(failure);
    }
    return call.value();
  }

  /**
   * Whether the background thread should read: while asynchronous calls are pending, or more than
   * one synchronous caller waits (then one reader waking each caller once is cheaper than callers
   * handing the socket to each other).
   */
  private boolean backgroundShouldRead() {
    return asyncInFlight.get() > 0 || syncWaiting.get() > 1;
  }

  /** Reads frames until {@code call} is done or its deadline passes. Holds the read lock. */
  private void lead(PendingCall call) {
    try {
      while (!call.isDone() && !backgroundShouldRead()) {
        long left = call.deadlineNanos - System.nanoTime();
        if (left <= 0) {
          expire(call);
          return;
        }
        if (channel.readFrame(call.deadlineNanos == Long.MAX_VALUE ? -1 : left)) {
          handleFrame();
        }
      }
    } catch (IOException | RuntimeException e) {
      connectionLost(e);
    }
  }

  /** After reading: lets the background reader, or the one synchronous caller left, read next. */
  private void handOff() {
    if (backgroundShouldRead()) {
      LockSupport.unpark(background);
      return;
    }
    for (PendingCall waiting : syncWaiters) {
      if (!waiting.isDone()) {
        LockSupport.unpark(waiting.waiter());
        return;
      }
    }
  }

  private void backgroundLoop() {
    long nextSweep = 0;
    while (!closed) {
      long now = System.nanoTime();
      if (now - nextSweep >= 0) {
        expireAsync(now);
        nextSweep = now + TimeUnit.MILLISECONDS.toNanos(10);
      }
      if (!backgroundShouldRead() || !readLock.tryLock()) {
        if (asyncInFlight.get() == 0) {
          LockSupport.park(this); // nothing to read or expire: wait to be unparked
        } else {
          LockSupport.parkNanos(this, BACKGROUND_SLICE_NANOS);
        }
        continue;
      }
      try {
        while (backgroundShouldRead() && !closed) {
          if (channel.readFrame(BACKGROUND_SLICE_NANOS)) {
            handleFrame();
          }
          long t = System.nanoTime();
          if (t - nextSweep >= 0) {
            expireAsync(t);
            nextSweep = t + TimeUnit.MILLISECONDS.toNanos(10);
          }
        }
      } catch (IOException | RuntimeException e) {
        connectionLost(e);
      } finally {
        readLock.unlock();
        handOff();
      }
    }
  }

  private void expireAsync(long now) {
    for (PendingCall call : pending.values()) {
      if (call.isAsync() && now - call.deadlineNanos >= 0) {
        expire(call);
      }
    }
  }

  private void expire(PendingCall call) {
    if (pending.remove(call.id) != null) {
      if (call.isAsync()) {
        asyncInFlight.decrementAndGet();
      }
      call.fail(new CallTimeoutException(call.description() + " did not complete within "
          + java.time.Duration.ofNanos(call.timeoutNanos)
          + " (the call may still run in the Manager; its result will be discarded)"));
    }
  }

  private void handleFrame() {
    Input in = Serialization.frameInput(channel.frameBuffer(), channel.frameOffset(), channel.frameLength());
    byte type;
    long id;
    try {
      type = in.readByte();
      id = in.readVarLong(true);
    } catch (KryoException e) {
      throw new ProtocolException("malformed frame from the Manager: " + e.getMessage(), e);
    }
    if (type == Protocol.NOTICE) {
      noticeCode = in.readByte();
      noticeFromManager = in.readString();
      return;
    }
    if (type == Protocol.PING || type == Protocol.SETTINGS) {
      return;
    }
    PendingCall call = pending.remove(id);
    if (call == null) {
      return; // timed out or abandoned; the reply is dropped
    }
    if (call.isAsync()) {
      asyncInFlight.decrementAndGet();
    }
    Object value;
    Throwable failure;
    try {
      switch (type) {
        case Protocol.OPENED -> {
          value = in.readVarInt(true);
          failure = null;
        }
        case Protocol.RESULT -> {
          Class<?> resultType = call.method.resultType();
          Object read = null;
          Throwable unusable = null;
          try {
            read = resultType == void.class ? null : serialization.readValue(readKryo, in, resultType);
          } catch (ProtocolException e) {
            UnresolvableReferenceException u = unresolvable(e);
            if (u == null) {
              throw e;
            }
            unusable = new SerializationException("the result of " + call.description()
                + " cannot be received: " + u.getMessage());
          }
          value = read;
          failure = unusable;
        }
        case Protocol.DECLARED -> {
          Throwable t = serialization.readException(readKryo, in);
          if (!(t instanceof Exception) || call.method == null || !call.method.declares(t)) {
            throw new ProtocolException("the Manager sent " + t.getClass().getName()
                + ", which " + call.description() + " does not declare");
          }
          value = null;
          failure = call.isAsync() ? t : new DeclaredException((Exception) t);
        }
        case Protocol.FAILURE -> {
          value = null;
          failure = failure(in, call);
        }
        default -> throw new ProtocolException("unknown message type " + type + " from the Manager");
      }
    } catch (RuntimeException e) {
      ProtocolException p = e instanceof ProtocolException pe ? pe
          : new ProtocolException("malformed reply from the Manager: " + e, e);
      call.fail(p);
      throw p;
    }
    if (failure != null) {
      call.fail(failure);
    } else {
      call.complete(value);
    }
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
      case Protocol.FAIL_REMOTE -> {
        RemoteException remote = serialization.readFailure(readKryo, in);
        yield remote;
      }
      case Protocol.FAIL_NO_SUCH_OBJECT -> new NoSuchObjectException(message);
      case Protocol.FAIL_VERSION -> new VersionMismatchException(message);
      case Protocol.FAIL_CLOSED -> new ManagerClosedException(call.description() + " refused: " + message);
      case Protocol.FAIL_SERIALIZATION -> new SerializationException(message);
      case Protocol.FAIL_PROTOCOL -> new ProtocolException("the Manager rejected " + call.description() + ": " + message);
      default -> new ProtocolException("unknown failure code " + code + " from the Manager: " + message);
    };
  }

  // ------------------------------------------------------------------ failure and close

  private void connectionLost(Throwable cause) {
    closed = true;
    channel.close();
    for (PendingCall call : pending.values()) {
      if (pending.remove(call.id) != null) {
        if (call.isAsync()) {
          asyncInFlight.decrementAndGet();
        }
        TypedIpcException e = lostException();
        if (cause != null && e.getCause() == null) {
          e.initCause(cause);
        }
        call.fail(e);
      }
    }
    LockSupport.unpark(background);
    LockSupport.unpark(writer);
  }

  private TypedIpcException lostException() {
    String notice = noticeFromManager;
    if (notice != null && noticeCode == Protocol.NOTICE_SHUTDOWN) {
      return new ManagerClosedException("the Manager at " + manager + " closed the connection: " + notice);
    }
    if (notice != null) {
      return new ConnectionLostException("the Manager at " + manager + " closed the connection: " + notice);
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
