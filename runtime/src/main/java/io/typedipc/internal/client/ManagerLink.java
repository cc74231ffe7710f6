package io.typedipc.internal.client;

import io.typedipc.AuthenticationException;
import io.typedipc.CallTimeoutException;
import io.typedipc.ConnectionLostException;
import io.typedipc.LoggerNames;
import io.typedipc.ManagerBusyException;
import io.typedipc.ManagerClosedException;
import io.typedipc.ProtocolException;
import io.typedipc.ReconnectPolicy;
import io.typedipc.VersionMismatchException;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.spi.InterfaceDescriptor;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A client's link to its Manager: the current {@link Session}, and — if its {@link ReconnectPolicy}
 * says so — a new session after the current one is lost, with the same Manager restarted on its
 * address or with the next of several addresses. Everything that calls the Manager asks the link
 * for the live session at each call ({@link #session}), so proxies outlive sessions.
 *
 * <p>With {@link ReconnectPolicy#none()} the link holds its first session for good and adds
 * nothing: a lost session's calls fail as its connections fail them.
 *
 * <p>Otherwise a daemon thread, the <em>supervisor</em>, watches the live session (a liveness check
 * every {@link ReconnectPolicy#livenessCheck()} while connected, and any call that finds a
 * connection of the session closed reports it, {@link #lost}), and after a loss closes the old
 * session (every call still pending on it fails with {@link ConnectionLostException}) and makes
 * the attempts of the policy. Meanwhile calls wait for the new session, up to their own deadline;
 * once the policy's attempts are exhausted they fail at once with an exception that says so.
 */
public final class ManagerLink implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LoggerNames.CLIENT);
  /** How long a liveness check waits for its answer if the client's calls have no deadline. */
  static final long DEFAULT_CHECK_TIMEOUT_SECONDS = 30;
  /**
   * Run the liveness checks, so that a check's wait is bounded whatever the connection's call
   * timeout; each link has at most one check running, so at most one thread per reconnecting client.
   */
  private static final ExecutorService CHECKS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "typedipc-liveness-check");
    t.setDaemon(true);
    return t;
  });

  /** Opens a session with the Manager at the address of {@code config}. */
  @FunctionalInterface
  public interface Connector {
    /**
     * @throws IOException if the Manager cannot be reached or does not answer in time
     */
    Session open(ManagerLink link, ClientConfig config) throws IOException;
  }

  private final List<InetSocketAddress> addresses;
  private final ClientConfig template;
  private final ReconnectPolicy policy;
  private final Connector connector;
  /** What the liveness check opens: an object every Manager hosts. */
  private final String probeName;
  private final InterfaceDescriptor probeDescriptor;
  private final long connectingThread;
  private final Object monitor = new Object();

  /** The current session, or the last one if none is live; set once connected, never null after. */
  private volatile Session session;
  /** The session calls go to; null while reconnecting, after giving up and after close. */
  private volatile Session live;
  /** The index in {@link #addresses} of {@link #session}'s Manager; guarded by the monitor. */
  private int addressIndex;
  /** Why the link gave up reconnecting, once it has. */
  private volatile String gaveUpMessage;
  private volatile Throwable gaveUpCause;
  private volatile boolean closed;

  private ManagerLink(List<InetSocketAddress> addresses, ClientConfig template, ReconnectPolicy policy,
      Connector connector, String probeName, InterfaceDescriptor probeDescriptor, long connectingThread) {
    this.addresses = List.copyOf(addresses);
    this.template = template;
    this.policy = policy;
    this.connector = connector;
    this.probeName = probeName;
    this.probeDescriptor = probeDescriptor;
    this.connectingThread = connectingThread;
  }

  /**
   * The id of the thread that connected the client: each session's pool gives it the first
   * connection, also when the supervisor opens the session of a reconnect.
   */
  public long connectingThread() {
    return connectingThread;
  }

  /**
   * Connects to the first of {@code addresses} that accepts (each is tried once, in order) and, if
   * {@code policy} reconnects, starts watching the connection.
   *
   * @param template the settings of every connection; its host and port are replaced by each address's
   * @param probeName the name of an object every Manager hosts, opened by the liveness check
   * @throws ConnectionLostException if no Manager can be reached; with one address, the
   *     exceptions of a failed connect are thrown as they are (e.g. {@code AuthenticationException});
   *     with several that all failed the same way (every Manager refused the key, say), one of that
   *     class whose message gives each Manager's words, with the first as its cause and the others
   *     suppressed
   */
  public static ManagerLink connect(List<InetSocketAddress> addresses, ClientConfig template, ReconnectPolicy policy,
      Connector connector, String probeName, InterfaceDescriptor probeDescriptor) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no Manager address");
    }
    ManagerLink link = new ManagerLink(addresses, template, policy, connector, probeName, probeDescriptor,
        Thread.currentThread().getId());
    List<RuntimeException> failures = new ArrayList<>();
    for (int i = 0; i < link.addresses.size(); i++) {
      try {
        Session s = link.open(i);
        synchronized (link.monitor) {
          link.session = s;
          link.live = s;
          link.addressIndex = i;
        }
        if (policy.reconnects()) {
          Thread supervisor = new Thread(link::supervise, "typedipc-reconnect-" + link.describe(i));
          supervisor.setDaemon(true);
          supervisor.start();
        }
        return link;
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    RuntimeException first = failures.get(0);
    if (failures.size() == 1) {
      throw first;
    }
    if (first.getClass() != ConnectionLostException.class && failures.stream().allMatch(f -> f.getClass() == first.getClass())) {
      // every Manager refused the same way (the key, busy, the protocol version): that is the failure,
      // naming each Manager's words
      RuntimeException same = sameFailure(first, "every Manager at " + link.addressList() + " refused this client: "
          + failures.stream().map(Throwable::getMessage).collect(Collectors.joining("; ")));
      failures.stream().skip(1).forEach(same::addSuppressed); // the first is its cause, or itself
      throw same;
    }
    ConnectionLostException all = new ConnectionLostException("cannot connect to any of the Managers at "
        + link.addressList() + ": " + failures.stream().map(Throwable::getMessage).collect(Collectors.joining("; ")),
        failures.get(0));
    failures.stream().skip(1).forEach(all::addSuppressed);
    throw all;
  }

  /**
   * A failure of {@code first}'s class with {@code message} and {@code first} as its cause; {@code
   * first} itself for a class this does not know.
   */
  private static RuntimeException sameFailure(RuntimeException first, String message) {
    if (first.getClass() == AuthenticationException.class) {
      return new AuthenticationException(message, first);
    } else if (first.getClass() == VersionMismatchException.class) {
      return new VersionMismatchException(message, first);
    } else if (first.getClass() == ManagerBusyException.class) {
      ManagerBusyException busy = new ManagerBusyException(message);
      busy.initCause(first);
      return busy;
    } else if (first.getClass() == ManagerClosedException.class) {
      return new ManagerClosedException(message, first);
    } else if (first.getClass() == ProtocolException.class) {
      return new ProtocolException(message, first);
    }
    return first;
  }

  /** Opens a session with the Manager at address {@code i}. */
  private Session open(int i) {
    InetSocketAddress a = addresses.get(i);
    String manager = describe(i);
    try {
      return connector.open(this, template.withAddress(a.getHostString(), a.getPort()));
    } catch (SocketTimeoutException e) {
      boolean handshake = !(e instanceof ClientConnection.ConnectTimeoutException); // a TLS Manager accepts, then stays silent
      throw new ConnectionLostException("the Manager at " + manager + " did not answer in time"
          + (handshake && template.tls() == null ? " (if it uses TLS, connect with tls(...))" : "") + ": " + e.getMessage(), e);
    } catch (java.net.UnknownHostException e) { // its message is null: the JDK's connect does not name the host
      throw new ConnectionLostException("cannot connect to the Manager at " + manager + ": unknown host "
          + a.getHostString(), e);
    } catch (IOException e) {
      throw new ConnectionLostException("cannot connect to the Manager at " + manager + ": "
          + (e.getMessage() != null ? e.getMessage() : e.toString()), e);
    }
  }

  // ------------------------------------------------------------------ for calls

  /** Whether this link reconnects after a loss. */
  public boolean reconnects() {
    return policy.reconnects();
  }

  /**
   * The live session, waiting up to {@code waitNanos} (0: without limit) while the link
   * reconnects. With {@link ReconnectPolicy#none()}, the one session, lost or not.
   *
   * @throws ConnectionLostException if the client is closed, the link gave up reconnecting, or it
   *     did not connect again in time; the call that asked was not sent
   */
  public Session session(long waitNanos) {
    Session s = live;
    return s != null ? s : awaitLive(waitNanos);
  }

  private Session awaitLive(long waitNanos) {
    long deadline = System.nanoTime() + waitNanos;
    synchronized (monitor) {
      while (true) {
        requireUsable(); // closing and giving up clear the live session under this monitor
        Session s = live;
        if (s != null) {
          return s;
        }
        long left = waitNanos == 0 ? 0 : deadline - System.nanoTime();
        if (waitNanos != 0 && left <= 0) {
          throw new ConnectionLostException("the call was not sent: this client lost the Manager at "
              + describe(addressIndex) + " and was not connected again within the call's timeout of "
              + Duration.ofNanos(waitNanos) + " (it keeps trying, " + policy + ")");
        }
        try {
          if (waitNanos == 0) {
            monitor.wait();
          } else {
            TimeUnit.NANOSECONDS.timedWait(monitor, left);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ConnectionLostException("the call was not sent: interrupted while this client was reconnecting", e);
        }
      }
    }
  }

  /**
   * Throws what a call gets from a client that is closed or gave up reconnecting; returns otherwise.
   *
   * @throws ConnectionLostException if the client is closed or gave up reconnecting
   */
  public void requireUsable() {
    if (closed) {
      throw new ConnectionLostException("this client was closed");
    }
    String gaveUp = gaveUpMessage;
    if (gaveUp != null) {
      throw new ConnectionLostException(gaveUp, gaveUpCause);
    }
  }

  /** Whether {@code pool}'s session is the live one now; never waits. */
  public boolean isCurrent(ConnectionPool pool) {
    Session s = live;
    return s != null && s.pool() == pool;
  }

  /**
   * A call found a connection of {@code pool} closed before sending anything on it: if the link
   * reconnects, {@code pool}'s session is lost, and the call may go to the next session.
   *
   * @return whether the call should ask for the live session again
   */
  public boolean lost(ConnectionPool pool) {
    if (!policy.reconnects()) {
      return false;
    }
    synchronized (monitor) {
      Session s = live;
      if (s != null && s.pool() == pool) {
        live = null;
        monitor.notifyAll(); // the supervisor reconnects
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ the current session's facts

  /** The client-wide default call deadline in nanoseconds, 0 for none. */
  public long callTimeoutNanos() {
    return template.callTimeoutNanos();
  }

  /** The settings of the current session's connections (its Manager's address among them). */
  public ClientConfig config() {
    return session.pool().config();
  }

  /** The serialization of the current session. */
  public Serialization serialization() {
    return session.serialization();
  }

  /** The largest frame both this client and the current Manager accept. */
  public int frameLimit() {
    return session.pool().frameLimit();
  }

  /** Whether the current session's frames go through shared memory. */
  public boolean isSharedMemory() {
    return session.pool().isSharedMemory();
  }

  /** Whether a session is live and its connections open. */
  public boolean isOpen() {
    Session s = live;
    return s != null && s.pool().isOpen();
  }

  /**
   * {@link #isOpen()}, having first let idle connections read what the Manager sent while nobody
   * was reading, so that a connection it closed or lost meanwhile counts as lost now.
   */
  public boolean checkOpen() {
    Session s = live;
    return s != null && s.pool().checkOpen();
  }

  /** The address of the current (or last) session's Manager, resolved: the one it reached. */
  public InetSocketAddress address() {
    synchronized (monitor) {
      return session.pool().remoteAddress();
    }
  }

  /** "host:port" of the current Manager. */
  public String manager() {
    return session.pool().manager();
  }

  // ------------------------------------------------------------------ the supervisor

  private void supervise() {
    long checkNanos = policy.livenessCheck().toNanos();
    try {
      while (true) {
        Session s;
        synchronized (monitor) {
          long checkAt = System.nanoTime() + checkNanos;
          while (!closed && live != null) {
            if (checkNanos == 0) {
              monitor.wait();
            } else {
              long left = checkAt - System.nanoTime();
              if (left <= 0) {
                break;
              }
              TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
          }
          if (closed) {
            return;
          }
          s = session;
        }
        if (live == s && alive(s)) {
          continue;
        }
        synchronized (monitor) {
          if (live == s) {
            live = null;
          }
        }
        if (!reconnect(s)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // nothing interrupts this thread on purpose; stop watching
    } catch (RuntimeException | Error e) {
      LOG.log(Level.ERROR, "the reconnect supervisor of the client of " + describe(addressIndex) + " failed", e);
      giveUp("this client's reconnect supervisor failed: " + e, e);
    }
  }

  /**
   * Whether the session's connections are open and its Manager answers a short request (opening an
   * object every Manager hosts, which no object's turn delays) within the client's call timeout,
   * or {@value #DEFAULT_CHECK_TIMEOUT_SECONDS} s if it has none: a Manager whose host died
   * without closing the connection, or that stopped answering, counts as lost after that time.
   */
  private boolean alive(Session s) throws InterruptedException {
    if (!s.pool().isOpen()) {
      return false;
    }
    long timeout = template.callTimeoutNanos() > 0 ? template.callTimeoutNanos()
        : TimeUnit.SECONDS.toNanos(DEFAULT_CHECK_TIMEOUT_SECONDS);
    CompletableFuture<Integer> check = CompletableFuture.supplyAsync(
        () -> s.pool().primary().open(probeName, probeDescriptor), CHECKS);
    try {
      check.get(timeout, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      LOG.log(Level.WARNING, "the Manager at " + s.pool().manager() + " did not answer the liveness check within "
          + Duration.ofNanos(timeout) + "; counting it as lost");
      return false; // closing the session ends the check's call
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CallTimeoutException) {
        return false;
      }
      return s.pool().isOpen(); // refused (a bound reached), not lost
    }
  }

  /**
   * Replaces the lost session {@code lost} by a new one, making the policy's attempts.
   *
   * @return whether a new session is live (otherwise the link was closed or gave up)
   */
  private boolean reconnect(Session lost) throws InterruptedException {
    lost.close(); // every call still pending on it fails now, with ConnectionLostException
    int lostIndex;
    synchronized (monitor) {
      lostIndex = addressIndex;
    }
    String lostManager = describe(lostIndex);
    LOG.log(Level.WARNING, "lost the connection to the Manager at " + lostManager + "; reconnecting (" + policy + ")");
    long started = System.nanoTime();
    RuntimeException last = null;
    List<String> lastRound = new ArrayList<>();
    int n = addresses.size();
    for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
      lastRound.clear();
      long delay = policy.delayBefore(attempt).toNanos();
      synchronized (monitor) {
        long until = System.nanoTime() + delay;
        for (long left = delay; !closed && left > 0; left = until - System.nanoTime()) {
          TimeUnit.NANOSECONDS.timedWait(monitor, left);
        }
        if (closed) {
          return false;
        }
      }
      for (int k = 1; k <= n; k++) {
        int i = (lostIndex + k) % n;
        Session s;
        try {
          s = open(i);
        } catch (RuntimeException e) {
          last = e;
          lastRound.add(e.getMessage());
          continue;
        }
        synchronized (monitor) {
          if (closed) {
            s.close();
            return false;
          }
          session = s;
          live = s;
          addressIndex = i;
          monitor.notifyAll();
        }
        LOG.log(Level.INFO, "connected to the Manager at " + describe(i) + " again after losing the one at "
            + lostManager + " (attempt " + attempt + ", " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms)");
        return true;
      }
    }
    String what = "this client lost the Manager at " + lostManager + " and gave up reconnecting after "
        + policy.maxAttempts() + (policy.maxAttempts() == 1 ? " attempt" : " attempts") + " in "
        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms (to " + addressList() + ", " + policy
        + "); the last attempt: " + String.join("; ", lastRound);
    LOG.log(Level.WARNING, what + ". Every later call fails; close this client and connect a new one");
    giveUp(what + "; the call was not sent. Close this client and connect a new one", last);
    return false;
  }

  private void giveUp(String message, Throwable cause) {
    synchronized (monitor) {
      gaveUpCause = cause;
      gaveUpMessage = message;
      live = null;
      monitor.notifyAll();
    }
  }

  private String describe(int i) {
    InetSocketAddress a = addresses.get(i);
    return a.getHostString() + ":" + a.getPort();
  }

  private String addressList() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      all.add(describe(i));
    }
    return String.join(", ", all);
  }

  /** Closes the current session and stops reconnecting; calls fail with "this client was closed". */
  @Override
  public void close() {
    Session s;
    synchronized (monitor) {
      if (closed) {
        return;
      }
      closed = true;
      s = session;
      live = null;
      monitor.notifyAll();
    }
    s.close();
  }
}
