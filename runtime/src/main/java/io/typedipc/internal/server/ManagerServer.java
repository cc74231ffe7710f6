package io.typedipc.internal.server;

import io.typedipc.Dispatch;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.internal.wire.Encoder;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.spi.SharedBinding;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import io.typedipc.internal.Bindings;
import io.typedipc.internal.builtin.ManagerControl;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The Manager's server: accepts connections, authenticates them, and serves calls on the hosted
 * objects. One reader thread per connection; calls run as described in {@link ExportedObject}.
 */
public final class ManagerServer {
  static final Logger LOG = System.getLogger("io.typedipc.Manager");

  final ServerConfig config;
  final Serialization serialization;
  final Encoder.Pool encoders;
  final ExecutorService executor;
  private final Map<String, ExportedObject> objects = new ConcurrentHashMap<>();
  private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
  private final ServerSocketChannel acceptor;
  private final Thread acceptThread;
  private final Thread watchdog;
  private final Thread promoter;
  private volatile boolean promoterIdle;
  private static final long PROMOTE_AFTER_MILLIS = 10;
  private static final long WATCH_INTERVAL_MILLIS = 200;
  private final AtomicInteger inFlight = new AtomicInteger();
  /** The calls parked in the whole Manager ({@code maxParkedCallsTotal}). */
  final ParkedCallBudget parkedCalls;
  private final AtomicLong authFailures = new AtomicLong();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean closing;

  /** Binds the listening socket; {@link #start()} starts accepting. */
  public ManagerServer(ServerConfig config, Serialization serialization) throws IOException {
    this.config = config;
    this.serialization = serialization;
    this.encoders = new Encoder.Pool(serialization, config.maxFrame());
    this.parkedCalls = new ParkedCallBudget(config.limits().maxParkedCallsTotal(), config.limits().maxConnections());
    this.executor = Executors.newCachedThreadPool(daemonThreads("typedipc-manager-worker"));
    this.acceptor = ServerSocketChannel.open();
    try {
      // as Python's listener: a port whose last connections linger in TIME_WAIT can be bound again
      acceptor.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      acceptor.bind(config.bindAddress(), 128);
    } catch (IOException | RuntimeException e) { // e.g. UnresolvedAddressException: nothing stays open
      acceptor.close();
      executor.shutdown();
      throw e;
    }
    this.acceptThread = new Thread(this::acceptLoop, "typedipc-manager-accept-" + port());
    acceptThread.setDaemon(true);
    this.watchdog = new Thread(this::watchLoop, "typedipc-manager-watchdog-" + port());
    watchdog.setDaemon(true);
    this.promoter = new Thread(this::promoteLoop, "typedipc-manager-promoter-" + port());
    promoter.setDaemon(true);
  }

  /**
   * Wakes the promoter if it is idle; called by a reader before it runs a call inline. Cheap: a
   * volatile read unless the promoter sleeps.
   */
  void watchInlineCalls() {
    if (promoterIdle) {
      promoterIdle = false;
      LockSupport.unpark(promoter);
    }
  }

  /**
   * Every {@value #PROMOTE_AFTER_MILLIS}/2 ms while calls run inline on readers, finds readers held by one call that
   * it has seen running for more than {@value #PROMOTE_AFTER_MILLIS} ms (so 10 to 15 ms after the call began: the
   * readers read no clock per call) and gives their connections a new reader, so that one
   * client's long call does not hold up its other calls (to other objects, or to a concurrent
   * one). The threshold is well above a scheduler time slice, so a reader that was merely
   * preempted keeps its place. Sleeps while no calls run inline.
   */
  private void promoteLoop() {
    long threshold = TimeUnit.MILLISECONDS.toNanos(PROMOTE_AFTER_MILLIS);
    int quietTicks = 0;
    while (!closing) {
      try {
        quietTicks = promoteOnce(threshold, quietTicks);
      } catch (Throwable t) { // e.g. OutOfMemoryError: the Manager needs this thread when memory comes back
        survive(PROMOTER_FAILED, t);
      }
    }
  }

  /** One round of {@link #promoteLoop}; returns the new count of rounds without inline calls. */
  private int promoteOnce(long threshold, int quietTicks) {
    boolean inline = false;
    long now = System.nanoTime();
    for (ServerConnection c : connections) {
      inline |= c.promoteIfStuck(now, threshold);
    }
    quietTicks = inline ? 0 : quietTicks + 1;
    if (quietTicks > 20) {
      promoterIdle = true; // then look once more: a reader may have missed the flag
      boolean any = false;
      for (ServerConnection c : connections) {
        any |= c.runsInline();
      }
      if (!any) {
        LockSupport.park(this);
      }
      promoterIdle = false;
      quietTicks = 0;
    } else {
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(PROMOTE_AFTER_MILLIS / 2));
    }
    return quietTicks;
  }

  /**
   * A Manager thread that must not end (the acceptor, the watchdog, the promoter) failed in one
   * round, say with {@link OutOfMemoryError} while clients fill the heap: it logs {@code message}
   * (a constant: building a message could fail the same way) if it can,
   * waits a moment and goes on, so that the Manager accepts, times out and promotes again once
   * memory is freed (a dead watchdog would never close a silent socket again).
   */
  // What the threads that must not end log when one of their rounds failed. Not compile-time
  // constants: a string literal is made on the heap when first used, which in a catch block of a
  // full heap throws OutOfMemoryError again, and that one would end the thread.
  private static final String PROMOTER_FAILED = notConstant("the promoter failed and goes on");
  private static final String WATCHDOG_FAILED = notConstant("the watchdog failed and goes on");
  private static final String ACCEPT_LOOP_FAILED = notConstant("the accept loop failed and goes on");

  private static String notConstant(String s) {
    return s;
  }

  private static void survive(String message, Throwable t) {
    // nothing here may allocate but the log line, which may fail quietly: the heap may be full
    logQuietly(Level.WARNING, message, t);
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
  }

  /**
   * Enforces handshake deadlines, write stalls and idle timeouts, which blocking channels cannot
   * time out by themselves.
   */
  private void watchLoop() {
    while (!closing) {
      try {
        Thread.sleep(WATCH_INTERVAL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      try {
        long now = System.nanoTime();
        for (ServerConnection c : connections) {
          try {
            c.checkDeadlines(now);
          } catch (Throwable t) {
            logQuietly(Level.WARNING, "watchdog check failed", t);
          }
        }
      } catch (Throwable t) {
        survive(WATCHDOG_FAILED, t);
      }
    }
  }

  /** Starts accepting connections; call after every {@link #export}. */
  public void start() {
    acceptThread.start();
    watchdog.start();
    promoter.start();
  }

  /**
   * Hosts {@code target} under {@code name}. The first name an object is hosted under is the one
   * a reference to it names, when a method returns it or a collection contains it.
   */
  public void export(String name, SharedBinding binding, Object target, Dispatch dispatch) {
    ExportedObject exported =
        new ExportedObject(name, target, binding.descriptor(), ServerIntrospection.meter(binding.descriptor(), binding.newDispatcher(target)), dispatch, executor);
    synchronized (byTarget) {
      if (objects.putIfAbsent(name, exported) != null) {
        throw new IllegalArgumentException("an object named '" + name + "' is already shared");
      }
      byTarget.putIfAbsent(target, exported);
      removedHere.remove(name); // created by name again: served again
    }
  }

  // ------------------------------------------------------------------ shared objects as references

  /** The prefix of the names of objects hosted because a call returned them. */
  static final String ANONYMOUS_PREFIX = ManagerControl.ANONYMOUS_PREFIX;

  /** Every hosted object, by identity of the real object; guards itself. */
  private final Map<Object, ExportedObject> byTarget = new IdentityHashMap<>();
  private long anonymousCount;

  /**
   * The hosted object for {@code target}: the one it is hosted as already (by identity), or a new
   * one named {@code typedipc.obj.N} (N counting from 1), with serial dispatch, hosted as
   * {@code binding}'s interface. It stays hosted while clients hold proxies of it ({@link
   * #referenceTo}, {@link #release}).
   */
  ExportedObject exportedFor(Object target, SharedBinding binding) {
    synchronized (byTarget) {
      ExportedObject existing = byTarget.get(target);
      if (existing != null) {
        return existing;
      }
      String name = ANONYMOUS_PREFIX + (++anonymousCount);
      ExportedObject exported = new ExportedObject(
          name, target, binding.descriptor(), ServerIntrospection.meter(binding.descriptor(), binding.newDispatcher(target)), Dispatch.SERIAL, executor);
      objects.put(name, exported);
      byTarget.put(target, exported);
      return exported;
    }
  }

  /** Who holds proxies of the objects hosted on the fly; guarded by {@link #byTarget}. */
  private final HostedLeases leases = new HostedLeases();

  /**
   * The hosted object a reference to {@code target} names, counted as sent to the caller of the
   * call running on this thread (the client whose reply is being written) if it was hosted on the
   * fly: hosted already, else hosted now as {@code binding}'s interface; {@code null} if it is not
   * hosted and {@code binding} is null.
   */
  ExportedObject referenceTo(Object target, SharedBinding binding) {
    io.typedipc.Caller to = CurrentCaller.get();
    synchronized (byTarget) {
      ExportedObject exported = byTarget.get(target);
      if (exported == null) {
        if (binding == null) {
          return null;
        }
        exported = exportedFor(target, binding);
      }
      if (exported.name.startsWith(ANONYMOUS_PREFIX)) {
        countSent(exported, to);
      }
      return exported;
    }
  }

  /** Under the {@link #byTarget} lock: one more reference to {@code exported} went to {@code to}. */
  private void countSent(ExportedObject exported, io.typedipc.Caller to) {
    if (to == null || to == LocalHandle.MANAGER) {
      leases.pin(exported); // sent to someone the Manager cannot name: it stays
    } else if (leases.sent(exported, to.id())) {
      String client = to.id();
      to.onDisconnect(() -> clientGone(client));
    }
  }

  /**
   * The client {@code to} opens the object hosted on the fly as {@code name} by its name (e.g. a
   * child JVM handed a proxy): counted as a reference sent to it. False if no such object is hosted.
   */
  boolean retain(String name, io.typedipc.Caller to) {
    synchronized (byTarget) {
      ExportedObject exported = objects.get(name);
      if (exported == null || !name.startsWith(ANONYMOUS_PREFIX)) {
        return exported != null;
      }
      countSent(exported, to);
      return true;
    }
  }

  /**
   * The client {@code client} dropped its proxies of the object hosted on the fly as {@code name},
   * having received {@code count} references to it; releases the object if nobody holds it now.
   */
  void release(String client, String name, long count) {
    synchronized (byTarget) {
      ExportedObject exported = objects.get(name);
      if (exported != null && name.startsWith(ANONYMOUS_PREFIX) && leases.released(exported, client, count)) {
        unexport(exported);
      }
    }
  }

  private void clientGone(String client) {
    synchronized (byTarget) {
      for (ExportedObject freed : leases.clientGone(client)) {
        unexport(freed);
      }
    }
  }

  /**
   * Names removed from this Manager whose state a placement keeps (cluster mode): {@link #lookup}
   * does not host them again from the placement, so the removal holds here until a client
   * creates the name again; guarded by {@link #byTarget}.
   */
  private final Set<String> removedHere = new HashSet<>();

  /**
   * Stops hosting the object named {@code name}; its later calls, through proxies still around,
   * fail with {@code NoSuchObjectException}, and so does opening it by name (with a placement too:
   * its state stays there, but this Manager no longer serves it). Returns the object, or null if
   * there was none.
   */
  ExportedObject remove(String name) {
    synchronized (byTarget) {
      ExportedObject exported = objects.get(name);
      if (exported != null) {
        unexport(exported);
        if (placement != null) {
          removedHere.add(name);
        }
      }
      return exported;
    }
  }

  /** Under the {@link #byTarget} lock: the object is no longer hosted. */
  private void unexport(ExportedObject exported) {
    objects.remove(exported.name, exported);
    if (byTarget.get(exported.target) == exported) {
      byTarget.remove(exported.target);
    }
    leases.forget(exported);
    exported.remove();
  }

  /** How many objects hosted on the fly clients hold now. */
  int heldObjects() {
    synchronized (byTarget) {
      return leases.held();
    }
  }


  private ManagerControlImpl control;
  /** Every binding the Manager knows; set by {@link #exportControl}. */
  private Bindings bindings;

  /** Hosts the control object that lets clients create built-in objects by name. */
  public void exportControl(Bindings bindings) {
    this.bindings = bindings;
    serialization.sharedReferences(new ServerReferences(this, bindings));
    control = new ManagerControlImpl(this, bindings);
    export(ManagerControl.NAME, bindings.of(ManagerControl.class), control, Dispatch.SERIAL);
  }

  /** Where objects live, or {@code null}: in this Manager. Set once, before {@link #start()}. */
  private volatile io.typedipc.Placement placement;

  /** Keeps the state of built-ins and channels created by name where {@code placement} says ({@code null}: here). */
  public void placement(io.typedipc.Placement placement) {
    this.placement = placement;
  }

  /**
   * The server-side object of a new built-in: the placement's, if it has one for the kind, else
   * the kind's own in-memory object.
   */
  Object newBuiltin(String name, io.typedipc.internal.builtin.BuiltinKind kind, List<Long> parameters) {
    io.typedipc.Placement p = placement;
    Object target = p == null ? null : p.builtin(name, kind.kind(), parameters);
    return target != null ? target : kind.factory().apply(parameters);
  }

  /** The object to host for a channel created by name: the placement's, if it has one, else the Manager's own. */
  Object newChannel(String name, String messageType, String fingerprint, int capacity) {
    io.typedipc.Placement p = placement;
    Object target = p == null ? null : p.channel(name, messageType, fingerprint, capacity);
    return target != null ? target : new io.typedipc.internal.channel.ChannelQueue(name, messageType, fingerprint, capacity);
  }

  /** Creates a built-in object as a client's {@link ManagerControl#create} would; after {@link #exportControl}. */
  public void createBuiltin(String name, String kind, List<Long> parameters) {
    control.create(name, kind, parameters);
  }

  /** Removes the object shared as {@code name}, as a client's {@link ManagerControl#remove} would. */
  public boolean removeObject(String name) {
    return control.remove(name);
  }

  ExportedObject lookup(String name) {
    ExportedObject o = objects.get(name);
    if (o != null || placement == null || name.startsWith("typedipc.")) {
      return o;
    }
    return adopt(name);
  }

  /**
   * Hosts the object {@code name} if the placement keeps one (created by name through another
   * Manager of its cluster) and it was not removed from this Manager; the hosted object or {@code
   * null}.
   */
  private ExportedObject adopt(String name) {
    synchronized (byTarget) {
      if (removedHere.contains(name)) {
        return null;
      }
    }
    io.typedipc.Placement.Found found;
    try {
      found = placement.find(name);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the placement could not look up '" + name + "'", e);
      return null;
    }
    if (found == null) {
      return null;
    }
    synchronized (byTarget) {
      ExportedObject raced = objects.get(name);
      if (raced != null || removedHere.contains(name)) {
        return raced;
      }
      export(name, bindings.of(found.type()), found.target(), found.dispatch());
    }
    if (found.target() instanceof io.typedipc.internal.builtin.Parking p && control != null) {
      control.parking(p);
    }
    return objects.get(name);
  }

  // ------------------------------------------------------------------ introspection (read-only)

  private final ServerIntrospection introspection = new ServerIntrospection(this);

  /** What the Manager shows of itself. */
  public ServerIntrospection introspection() {
    return introspection;
  }

  Collection<ExportedObject> exportedObjects() {
    return objects.values();
  }

  /**
   * The connections not yet ended, or none once {@link #close()} has returned. A connection whose
   * socket closed stays listed until it has ended (its session left, its parked calls dropped),
   * which after {@link #close()} may still take its reader a moment.
   */
  Collection<ServerConnection> liveConnections() {
    return terminated.getCount() == 0 ? List.of() : connections;
  }

  /** The bound address. */
  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) acceptor.getLocalAddress();
    } catch (IOException e) {
      return config.bindAddress();
    }
  }

  /** The bound port. */
  public int port() {
    return address().getPort();
  }

  /** Authentication failures since start. */
  public long authenticationFailures() {
    return authFailures.get();
  }

  /**
   * Counts a connection that failed authentication and logs {@code message}, at most one line a
   * second, counting those left out: anyone who reaches the port can fail, as often as they like.
   */
  void authenticationFailed(String message) {
    authFailures.incrementAndGet();
    int unlogged = authFailureLog.admit();
    if (unlogged >= 0) {
      LOG.log(Level.WARNING, message
          + (unlogged > 0 ? "; " + unlogged + " more connections failed authentication since the last such line" : ""));
    }
  }

  private final LogThrottle authFailureLog = new LogThrottle(Duration.ofSeconds(1));

  boolean isClosing() {
    return closing;
  }

  /** Counts a call as running; false if the Manager is closing and the call must be refused. */
  boolean beginCall() {
    inFlight.incrementAndGet();
    if (closing) {
      endCall();
      return false;
    }
    return true;
  }

  void endCall() {
    if (inFlight.decrementAndGet() == 0 && closing) {
      synchronized (inFlight) {
        inFlight.notifyAll();
      }
    }
  }

  void removed(ServerConnection connection) {
    connections.remove(connection);
  }

  // ------------------------------------------------------------------ client sessions

  private final Map<String, ClientSession> sessions = new HashMap<>();

  /**
   * Counts one more connection of the client whose connections present {@code key}, creating its
   * session if it has none.
   */
  ClientSession joinSession(String key) {
    synchronized (sessions) {
      ClientSession session = sessions.computeIfAbsent(key, ClientSession::new);
      session.connections++;
      return session;
    }
  }

  /** Counts one connection less; the session ends, and runs its disconnect actions, at zero. */
  void leaveSession(ClientSession session) {
    synchronized (sessions) {
      if (--session.connections > 0) {
        return;
      }
      sessions.remove(session.key(), session);
    }
    session.end();
  }

  // ------------------------------------------------------------------ connection bounds

  private final AtomicInteger handshakes = new AtomicInteger();
  private final AtomicInteger served = new AtomicInteger();

  /** A connection finished its handshake, whatever the outcome: its handshake slot is free. */
  void handshakeDone() {
    handshakes.decrementAndGet();
  }

  /** Takes a connection slot for a client that proved the key; false if all are taken. */
  boolean admitConnection() {
    if (served.incrementAndGet() > config.limits().maxConnections()) {
      served.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Gives back the slot taken by {@link #admitConnection()}. */
  void connectionClosed() {
    served.decrementAndGet();
  }

  /**
   * Accepts connections until the Manager closes. Each gets a thread that authenticates it and then
   * reads it; no more than {@code maxHandshakes} may be authenticating at once (beyond it a new
   * socket is closed at once). Nothing that goes wrong with one socket — not even an {@link Error}
   * such as a failure to start a thread — ends the loop.
   */
  private void acceptLoop() {
    while (!closing) {
      try {
        if (!acceptOnce()) {
          return;
        }
      } catch (Throwable t) { // even the handling of a failure failed (out of memory)
        survive(ACCEPT_LOOP_FAILED, t);
      }
    }
  }

  /** Accepts and serves one connection; returns false once the acceptor is closed. */
  private boolean acceptOnce() {
    SocketChannel socket;
    try {
      socket = acceptor.accept();
    } catch (ClosedChannelException e) {
      return false;
    } catch (Throwable e) { // e.g. too many open files: log, breathe, go on
      if (closing) {
        return false;
      }
      logQuietly(Level.WARNING, "accept failed", e);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      return true;
    }
    try {
      serve(socket);
    } catch (Throwable e) {
      closeQuietly(socket);
      logQuietly(Level.WARNING, "cannot serve a connection", e);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // e.g. out of threads: breathe
    }
    return true;
  }

  /**
   * Takes a handshake slot for {@code socket} and starts the thread that authenticates and then
   * reads it. On any failure the slot is given back; the caller closes the socket.
   */
  private void serve(SocketChannel socket) throws IOException {
    if (handshakes.incrementAndGet() > config.limits().maxHandshakes()) {
      handshakes.decrementAndGet();
      LOG.log(Level.WARNING, "refusing " + socket.getRemoteAddress() + ": " + config.limits().maxHandshakes()
          + " connections are already authenticating (maxHandshakes)");
      closeQuietly(socket);
      return;
    }
    ServerConnection connection = null;
    boolean started = false;
    try {
      // a client host that vanishes without closing its connection is found out by TCP keepalive,
      // which ends its session: its locks and unacknowledged messages come back
      socket.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
      connection = new ServerConnection(this, socket);
      connections.add(connection);
      if (closing) {
        return;
      }
      Thread reader = new Thread(connection, "typedipc-manager-conn-" + socket.getRemoteAddress());
      reader.setDaemon(true);
      reader.start(); // may fail: OutOfMemoryError, unable to create native thread
      started = true;
    } finally {
      if (!started) { // the connection's thread never ran: it cannot give its slot back itself
        handshakes.decrementAndGet();
        if (connection != null) {
          connections.remove(connection);
          connection.close();
        }
      }
    }
  }

  /**
   * Logs for the accept loop and a connection's last words. Logging can itself fail in the very conditions it reports:
   * out of file descriptors, the JDK's log formatter cannot load the time-zone data it needs for
   * its first timestamp and throws an {@link Error}, which must not end the loop nor skip a
   * connection's cleanup.
   */
  static void logQuietly(Level level, String message, Throwable cause) {
    try {
      LOG.log(level, message, cause);
    } catch (Throwable ignored) {
      // the caller goes on without its log line
    }
  }

  private static void closeQuietly(SocketChannel socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing more to do
    }
  }

  /**
   * Stops accepting, refuses new calls, waits (up to the close timeout) for running calls to finish
   * and their replies to be sent, then closes every connection.
   */
  public void close() {
    boolean first;
    synchronized (this) {
      first = !closing;
      closing = true;
    }
    if (!first) {
      awaitAcceptorClosed(); // another thread closes: the port must be free when this returns too
      return;
    }
    closeAcceptor();
    acceptorClosed.countDown();
    if (control != null) {
      control.closing(); // parked waits (locks, queues, …) end now instead of holding up the close
    }
    long deadline = System.nanoTime() + config.closeTimeout().toNanos();
    boolean allAnswered = true; // a call read from now on is refused (beginCall), its refusal queued first
    synchronized (inFlight) {
      while (inFlight.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.log(Level.WARNING, inFlight.get() + " calls still running at close; not waiting longer");
          allAnswered = false;
          break;
        }
        try {
          inFlight.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          allAnswered = false;
          break;
        }
      }
    }
    for (ServerConnection c : connections) {
      c.noticeShutdown(allAnswered); // queued for every client first, then written in parallel
    }
    long noticeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    for (ServerConnection c : connections) {
      c.awaitFlushed(noticeDeadline);
      c.close();
    }
    executor.shutdown();
    watchdog.interrupt();
    LockSupport.unpark(promoter);
    terminated.countDown();
  }

  /**
   * Closes the listening socket for good: a channel closed while another thread is blocked in
   * {@code accept} releases its socket only when that thread has left {@code accept}, so this waits
   * for the accept loop to end. Once it returns, the port can be bound again.
   */
  private void closeAcceptor() {
    try {
      acceptor.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    if (acceptThread.isAlive() && Thread.currentThread() != acceptThread) {
      boolean interrupted = false;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (acceptThread.isAlive() && System.nanoTime() < deadline) {
        try {
          acceptThread.join(100);
        } catch (InterruptedException e) {
          interrupted = true; // the port must be free when close returns: keep waiting, bounded
        }
      }
      if (acceptThread.isAlive()) {
        LOG.log(Level.WARNING, "the accept thread did not end within 10 s of close; the port may stay busy");
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Counted down once the listening socket is closed for good. */
  private final CountDownLatch acceptorClosed = new CountDownLatch(1);

  private void awaitAcceptorClosed() {
    boolean interrupted = false;
    while (true) {
      try {
        acceptorClosed.await(15, TimeUnit.SECONDS); // bounded as closeAcceptor is
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until {@link #close()} has finished. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /** Waits up to {@code timeoutNanos} until {@link #close()} has finished. */
  public boolean awaitTermination(long timeoutNanos) throws InterruptedException {
    return terminated.await(timeoutNanos, TimeUnit.NANOSECONDS);
  }

  static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
