package io.typedipc.internal.server;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.AuthenticationException;
import io.typedipc.Caller;
import io.typedipc.ProtocolException;
import io.typedipc.SerializationException;
import io.typedipc.VersionMismatchException;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.internal.wire.Encoder;
import io.typedipc.internal.wire.FrameChannel;
import io.typedipc.internal.wire.Handshake;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.spi.MethodDescriptor;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * One client connection to the Manager: authenticates it, then reads its frames and turns them
 * into calls. Replies are written by whichever thread finishes a call.
 */
final class ServerConnection implements Runnable {

  private final ManagerServer server;
  private final FrameChannel channel;
  private final Serialization serialization;
  /** Objects this client opened, by handle; touched only by the reader thread. */
  private final List<ExportedObject> handles = new ArrayList<>();
  /** The handle of each opened object; touched only by the reader thread. */
  private final Map<ExportedObject, Integer> handleOf = new IdentityHashMap<>();
  private volatile int peerMaxFrame = Protocol.MIN_MAX_FRAME;
  private volatile Thread reader;
  private final long handshakeDeadline;
  private volatile boolean authenticated;
  /** The client this connection belongs to; its own until the client names its session. */
  private volatile ClientSession session;
  /** Whether this connection has opened an object or made a call (it can no longer join a session). */
  private boolean used;
  private final AtomicBoolean ended = new AtomicBoolean();

  ServerConnection(ManagerServer server, SocketChannel socket) throws IOException {
    this.server = server;
    this.serialization = server.serialization;
    long spin = server.config.lowLatency() ? FrameChannel.LOW_LATENCY_SPIN_NANOS : 0;
    if (server.config.tls() != null) {
      SSLEngine engine = server.config.tls().createSSLEngine();
      engine.setUseClientMode(false);
      this.channel = FrameChannel.tls(socket, engine, spin, FrameChannel.WRITE_STALL_NANOS);
    } else if (server.config.lowLatency()) {
      this.channel = new FrameChannel(socket, spin, FrameChannel.WRITE_STALL_NANOS);
    } else {
      this.channel = FrameChannel.blocking(socket);
    }
    this.handshakeDeadline = System.nanoTime() + server.config.handshakeTimeout().toNanos();
  }

  /**
   * Called periodically by the Manager's watchdog: closes the connection if the handshake is
   * overdue or a reply has been stuck in a write for too long (the client stopped reading). A
   * blocking channel cannot time out by itself; closing it wakes the blocked thread.
   */
  void checkDeadlines(long now) {
    if (!authenticated && now - handshakeDeadline > 0) {
      ManagerServer.LOG.log(Level.WARNING, "handshake with " + channel.remote() + " timed out");
      channel.close();
      return;
    }
    long writeStarted = channel.writeStartedNanos();
    if (writeStarted != 0 && now - writeStarted > FrameChannel.WRITE_STALL_NANOS) {
      ManagerServer.LOG.log(Level.WARNING, "closing connection from " + channel.remote()
          + ": it has not read its replies for " + TimeUnit.NANOSECONDS.toSeconds(FrameChannel.WRITE_STALL_NANOS) + " s");
      channel.close();
    }
  }

  /** Authenticates the client, then reads its requests. */
  @Override
  public void run() {
    try {
      channel.startTls(handshakeDeadline);
      Handshake.Result peer = Handshake.server(channel, server.config.authKey(), server.config.maxFrame(), handshakeDeadline);
      authenticated = true;
      session = server.joinSession("connection-" + UUID.randomUUID());
      peerMaxFrame = Math.max(Protocol.MIN_MAX_FRAME, peer.peerMaxFrame());
      channel.maxInboundFrame(server.config.maxFrame());
      sendSettings();
    } catch (AuthenticationException e) {
      server.authenticationFailed();
      ManagerServer.LOG.log(Level.WARNING, e.getMessage());
      end();
      return;
    } catch (VersionMismatchException e) {
      ManagerServer.LOG.log(Level.WARNING, e.getMessage());
      end();
      return;
    } catch (SSLException e) {
      ManagerServer.LOG.log(Level.WARNING, "TLS handshake with " + channel.remote() + " failed: " + e.getMessage());
      end();
      return;
    } catch (IOException | RuntimeException e) {
      if (!channel.isClosed()) {
        ManagerServer.LOG.log(Level.WARNING, "handshake with " + channel.remote() + " failed: " + e);
      }
      end();
      return;
    }
    readLoop();
  }

  /**
   * Reads and handles frames for as long as this thread is the connection's reader. A call runs
   * inline on the reader (no hand-off for the common short call); if it runs long, the Manager's
   * promoter makes another thread the reader (see {@link #promote()}), and this one leaves the
   * loop when its call returns, without touching the read buffer again.
   */
  private void readLoop() {
    reader = Thread.currentThread();
    inlineRunner.set(null);
    Kryo kryo = serialization.borrow();
    try {
      while (true) {
        if (channel.readFrame(-1)) {
          if (!handleFrame(kryo)) {
            return; // promoted away: another thread reads now
          }
          if (!channel.hasBufferedInput()) {
            channel.flush(); // replies held back while more requests were waiting
          }
        }
      }
    } catch (ProtocolException e) {
      ManagerServer.LOG.log(Level.WARNING, "closing connection: " + e.getMessage());
      notice(Protocol.NOTICE_PROTOCOL_ERROR, "protocol error: " + e.getMessage());
      end();
    } catch (EOFException e) {
      end(); // the client went away
    } catch (IOException | RuntimeException e) {
      if (!channel.isClosed()) {
        ManagerServer.LOG.log(Level.WARNING, "connection from " + channel.remote() + " failed", e);
      }
      end();
    } finally {
      serialization.release(kryo);
    }
  }

  private void end() {
    channel.close();
    if (ended.compareAndSet(false, true)) {
      server.removed(this);
      if (session != null) {
        server.leaveSession(session);
      }
    }
  }

  // ------------------------------------------------------------------ reader promotion

  /** Marks a connection whose inline call was promoted away; never started. */
  private static final Thread PROMOTED = new Thread("typedipc-promoted-marker");

  /** The reader thread running a call inline, {@link #PROMOTED}, or null. */
  private final AtomicReference<Thread> inlineRunner = new AtomicReference<>();
  private volatile long inlineStartNanos;

  /** Whether a call is running inline on this connection's reader. */
  boolean runsInline() {
    Thread t = inlineRunner.get();
    return t != null && t != PROMOTED;
  }

  /**
   * Called by the Manager's promoter thread: if the inline call has been running for longer than
   * {@code thresholdNanos} (and the reader is not merely writing replies to a client slow to read
   * them, which the write-stall watchdog handles), hands reading to a new thread so the client's
   * other calls are not held up.
   *
   * @return whether a call is running inline (the promoter keeps watching)
   */
  boolean promoteIfStuck(long now, long thresholdNanos) {
    Thread runner = inlineRunner.get();
    if (runner == null || runner == PROMOTED) {
      return false;
    }
    if (now - inlineStartNanos > thresholdNanos
        && channel.writeStartedNanos() == 0
        && inlineRunner.compareAndSet(runner, PROMOTED)) {
      server.executor.execute(this::flushThenReadLoop);
    }
    return true;
  }

  /**
   * The promoted reader's start. The old reader may have held back replies to calls it ran before
   * the long one (they were in the same burst, see {@link #flushNow()}); they go out now, not when
   * the long call ends or the client happens to send again (issue 9, item 6: a ping's reply waited
   * for another caller's deadline).
   */
  private void flushThenReadLoop() {
    try {
      channel.flush();
    } catch (IOException | RuntimeException e) {
      end();
      return;
    }
    readLoop();
  }

  /** Runs a call through its object's dispatch; false if this thread was promoted away meanwhile. */
  private boolean runInline(ExportedObject object, Runnable call) {
    Thread me = Thread.currentThread();
    inlineStartNanos = System.nanoTime();
    inlineRunner.set(me);
    server.watchInlineCalls();
    object.submit(call);
    return inlineRunner.compareAndSet(me, null);
  }

  /** Handles one frame; false if this thread is no longer the reader when it returns. */
  private boolean handleFrame(Kryo kryo) {
    Input in = Serialization.frameInput(channel.frameBuffer(), channel.frameOffset(), channel.frameLength());
    long id = 0;
    try {
      byte type = in.readByte();
      id = in.readVarLong(true);
      switch (type) {
        case Protocol.PING -> {
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
          return call(id, in, kryo);
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
    List<String> signatures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      signatures.add(in.readString());
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
    Integer known = handleOf.get(object);
    int handle;
    if (known != null) {
      handle = known;
    } else {
      handle = handles.size();
      handles.add(object);
      handleOf.put(object, handle);
    }
    Encoder enc = server.encoders.borrow();
    try {
      Output out = enc.begin(Protocol.OPENED);
      out.writeVarLong(id, true);
      out.writeVarInt(handle, true);
      enc.sendTo(channel, peerMaxFrame);
    } catch (IOException e) {
      // the connection is gone; the reader will notice
    } finally {
      server.encoders.release(enc);
    }
  }

  private boolean call(long id, Input in, Kryo kryo) {
    int handle = in.readVarInt(true);
    int methodId = in.readInt();
    if (handle < 0 || handle >= handles.size()) {
      throw new ProtocolException("call on handle " + handle + ", which this connection never opened");
    }
    ExportedObject object = handles.get(handle);
    MethodDescriptor method = object.descriptor.method(methodId);
    if (method == null) {
      failure(id, Protocol.FAIL_PROTOCOL,
          object.descriptor.name() + " has no method with id " + Integer.toHexString(methodId));
      return true;
    }
    List<Class<?>> types = method.parameterTypes();
    Object[] args = new Object[types.size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = serialization.readValue(kryo, in, types.get(i));
    }
    if (in.position() != in.limit()) {
      throw new ProtocolException("call to " + method.signature() + " carries " + (in.limit() - in.position()) + " unexpected bytes");
    }
    if (!server.beginCall()) {
      failure(id, Protocol.FAIL_CLOSED, "the Manager is shutting down and accepts no new calls");
      return true;
    }
    return runInline(object, () -> invoke(object, method, id, args));
  }

  private void invoke(ExportedObject object, MethodDescriptor method, long id, Object[] args) {
    boolean completesLater = false;
    Caller previous = CurrentCaller.set(session);
    try {
      Object result = object.dispatcher.dispatch(method.id(), args);
      if (method.kind() == MethodDescriptor.Kind.ASYNC) {
        if (result == null) {
          throw new NullPointerException(object + ": " + method.signature() + " returned null instead of a future");
        }
        completesLater = true;
        ((CompletableFuture<?>) result).whenComplete((value, error) -> {
          try {
            if (error != null) {
              replyThrowable(id, method, unwrap(error));
            } else {
              replyValue(id, method, value);
            }
          } finally {
            server.endCall();
          }
        });
      } else {
        replyValue(id, method, result);
      }
    } catch (Throwable t) {
      replyThrowable(id, method, t);
    } finally {
      CurrentCaller.set(previous);
      if (!completesLater) {
        server.endCall();
      }
    }
  }

  /**
   * Whether a reply should be written at once. The reader thread, replying to a call it ran
   * inline while more requests are already buffered, only enqueues: it flushes once the burst is
   * done, so pipelined calls share system calls.
   */
  private boolean flushNow() {
    return Thread.currentThread() != reader || !channel.hasBufferedInput();
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
      enc.sendTo(channel, peerMaxFrame, flushNow());
    } catch (SerializationException e) {
      failure(id, Protocol.FAIL_SERIALIZATION, "the result of " + method.signature() + " cannot be sent: " + e.getMessage());
    } catch (KryoException e) {
      failure(id, Protocol.FAIL_SERIALIZATION,
          "the result of " + method.signature() + " cannot be sent: " + Encoder.tooLarge(e, server.config.maxFrame()).getMessage());
    } catch (IOException e) {
      // the client is gone; nothing to tell
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
          enc.sendTo(channel, peerMaxFrame);
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
      enc.sendTo(channel, peerMaxFrame);
    } catch (IOException e) {
      // the client is gone
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
      enc.sendTo(channel, peerMaxFrame);
    } catch (IOException | RuntimeException e) {
      // the client is gone or the message cannot be sent; the connection ends anyway
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
      out.writeVarInt((int) Math.min(Integer.MAX_VALUE, server.config.limits().idleTimeout().toMillis()), true);
      out.writeVarInt(server.config.limits().maxCallsInFlight(), true);
      enc.sendTo(channel, peerMaxFrame);
    } finally {
      server.encoders.release(enc);
    }
  }

  private void notice(byte code, String message) {
    Encoder enc = server.encoders.borrow();
    try {
      Output out = enc.begin(Protocol.NOTICE);
      out.writeVarLong(0, true);
      out.writeByte(code);
      out.writeString(truncate(message));
      enc.sendTo(channel, peerMaxFrame);
    } catch (IOException | RuntimeException e) {
      // closing anyway
    } finally {
      server.encoders.release(enc);
    }
  }

  private static String truncate(String message) {
    return message.length() > 4000 ? message.substring(0, 4000) + "…" : message;
  }

  /** Tells the client why, then closes the connection. */
  void closeGracefully(byte code, String reason) {
    notice(code, reason);
    channel.close();
  }

  void close() {
    channel.close();
  }
}
