package io.typedipc.internal.client;

import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerBusyException;
import io.typedipc.internal.serial.Serialization;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A client's connections to one Manager. The first is opened at connect time; the others only when
 * a thread that maps to them makes its first call. Each thread always uses the same connection,
 * so its calls keep their order: the thread that connected uses the first, and the others are
 * given one each in turn at their first call (the second, third, ..., then the first again), so
 * up to as many threads as there are connections each sit on a connection of their own, where
 * each reads its own replies without waking anybody (see {@link ClientConnection}). A
 * single-threaded client never opens more than one, before or after a reconnect.
 *
 * <p>If the Manager refuses an extra connection because it already serves as many as it may
 * ({@link ManagerBusyException}), the threads that map to it share one of this pool's open
 * connections instead, for the pool's life: a call never fails because an optional extra
 * connection was refused, and the pool does not ask again on every call.
 */
public final class ConnectionPool implements AutoCloseable {
  private final ClientConfig config;
  private final Serialization serialization;
  private final ClientConnection[] connections;
  /** Each thread's connection index, given at its first call. */
  private final ThreadLocal<int[]> threadIndex;
  /** The next index to give; the connecting thread has 0 already. */
  private final AtomicInteger nextIndex = new AtomicInteger(1);
  /** Names this client to the Manager: all its connections share one session there. */
  private final String sessionId = UUID.randomUUID().toString();
  private volatile boolean closed;
  /** Held while a connection is opened lazily ({@link #get}): one at a time. */
  private final Object openLock = new Object();
  /** What {@link #close()} closes to abort the connection being opened lazily; guarded by this. */
  private Closeable abortOpening;

  /**
   * Opens the first connection.
   *
   * @param size the most connections to open
   * @param connecting the id of the thread that connected the client, which uses the first
   *     connection: the thread opening this pool, or, when a reconnecting client's supervisor opens
   *     it, the thread that connected the client in the first place
   */
  public ConnectionPool(ClientConfig config, Serialization serialization, int size, long connecting) throws IOException {
    this.config = config;
    this.serialization = serialization;
    this.connections = new ClientConnection[size];
    this.connections[0] = ClientConnection.open(config, serialization, sessionId);
    this.threadIndex = ThreadLocal.withInitial(() -> new int[] {
        Thread.currentThread().getId() == connecting ? 0 : Math.floorMod(nextIndex.getAndIncrement(), size)});
  }

  /** The settings this pool's connections were opened with. */
  public ClientConfig config() {
    return config;
  }

  /** The client-wide default call deadline in nanoseconds, 0 for none. */
  public long callTimeoutNanos() {
    return config.callTimeoutNanos();
  }

  /** The serialization of this client: its allow-list of classes. */
  public Serialization serialization() {
    return serialization;
  }

  /** The largest frame both this client and the Manager accept. */
  public int frameLimit() {
    return connections[0].frameLimit();
  }

  /** How many connections the pool may open. */
  public int size() {
    return connections.length;
  }

  /**
   * The index of the calling thread's connection, the same for the thread's life; the thread that
   * connected gets the first, so a client used from that thread alone never opens a second, and
   * other threads are spread over the connections in the order of their first calls (thread ids
   * would not do: threads that start together need not have consecutive ids).
   */
  public int indexForCurrentThread() {
    long id = Thread.currentThread().getId();
    int slot = (int) id & (RECENT - 1);
    long cached = (long) RECENT_ENTRY.getOpaque(recent, slot);
    if (cached >>> 16 == id && cached != 0) {
      return (int) cached & 0xffff;
    }
    int index = threadIndex.get()[0]; // the thread's index for life; the cache only saves the lookup
    if (id < 1L << 47 && index < 1 << 16) {
      RECENT_ENTRY.setOpaque(recent, slot, id << 16 | index);
    }
    return index;
  }

  /** Slots of {@link #recent}, a power of two. */
  private static final int RECENT = 64;
  private static final java.lang.invoke.VarHandle RECENT_ENTRY =
      java.lang.invoke.MethodHandles.arrayElementVarHandle(long[].class);
  /**
   * A cache in front of {@link #threadIndex} (whose lookup showed as 9% of a pipelining client's
   * CPU): per thread-id residue, the last thread's id and index packed as {@code id << 16 | index}.
   * Racy by design: an entry is written whole, and a thread whose entry was replaced finds its
   * index in the thread-local again.
   */
  private final long[] recent = new long[RECENT];

  /** The first connection, opened at connect time. */
  public ClientConnection primary() {
    return connections[0];
  }

  /**
   * The connection at {@code index}, opened now if it was not yet. One connection is opened at a
   * time, outside the pool's lock: {@link #close()} never waits for an open (whose connect and
   * handshake may take up to their timeouts), it aborts it.
   *
   * @throws ConnectionLostException if it cannot be opened, or the pool is closed
   */
  public ClientConnection get(int index) {
    ClientConnection c = connections[index];
    if (c != null) {
      return c;
    }
    synchronized (openLock) {
      synchronized (this) {
        if (closed) {
          throw new ConnectionLostException("this client was closed");
        }
        if (connections[index] != null) {
          return connections[index];
        }
        ClientConnection lost = firstLost();
        if (lost != null) {
          return lost; // the session is lost: the call fails as on that connection, and nothing new is opened
        }
      }
      ClientConnection opened;
      try {
        opened = openAnother();
      } catch (ManagerBusyException e) {
        synchronized (this) {
          connections[index] = sharedInstead(index); // the Manager is full: share one, do not ask again
          return connections[index];
        }
      }
      synchronized (this) {
        if (!closed) {
          connections[index] = opened;
          return opened;
        }
      }
      opened.close(); // the pool closed just as the connection opened
      throw new ConnectionLostException("this client was closed");
    }
  }

  /** The first connection opened so far that is no longer usable, or null. Holds the pool's lock. */
  private ClientConnection firstLost() {
    for (ClientConnection c : connections) {
      if (c != null && !c.isOpen()) {
        return c;
      }
    }
    return null;
  }

  /**
   * Opens the connection a thread's first call needs. Not interruptible: the socket's connect and
   * handshake would fail on an interrupt (ClosedByInterruptException), and the call, which may not
   * wait at all, would fail with a false ConnectionLostException. An interrupt pending or arriving
   * meanwhile is kept for the call to act on (an interruptible wait then throws
   * InterruptedException, as it would on an open connection). {@link #close()} aborts it: the pool
   * holds its socket meanwhile.
   */
  private ClientConnection openAnother() {
    String manager = config.host() + ":" + config.port();
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        try {
          return ClientConnection.open(config, serialization, sessionId, this::opening);
        } catch (ClosedByInterruptException e) {
          interrupted |= Thread.interrupted(); // interrupted mid-open: open again, the interrupt kept
        } finally {
          synchronized (this) {
            abortOpening = null;
          }
        }
      }
    } catch (SocketTimeoutException e) {
      throw new ConnectionLostException("the Manager at " + manager + " did not answer in time: " + e.getMessage(), e);
    } catch (IOException e) {
      if (closed) {
        throw new ConnectionLostException("this client was closed", e);
      }
      throw new ConnectionLostException("cannot open another connection to the Manager at " + manager + ": " + e.getMessage(), e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Holds what to close to abort the connection being opened, for {@link #close()}; refuses once closed. */
  private synchronized void opening(Closeable abort) {
    if (closed) {
      throw new ConnectionLostException("this client was closed");
    }
    abortOpening = abort;
  }

  /**
   * An open connection of this pool for the threads of {@code index}, whose own connection the
   * Manager refused: the open ones are spread over the refused indexes. Holds the pool's lock.
   */
  private ClientConnection sharedInstead(int index) {
    List<ClientConnection> open = new ArrayList<>();
    for (int i = 0; i < connections.length; i++) {
      ClientConnection c = connections[i];
      if (c != null && c.isOpen() && !open.contains(c)) {
        open.add(c);
      }
    }
    return open.isEmpty() ? connections[0] : open.get(index % open.size());
  }

  /** Whether the first connection's frames go through shared memory (the others ask the same). */
  public boolean isSharedMemory() {
    return connections[0].isSharedMemory();
  }

  /**
   * {@link #isOpen()}, having let each idle connection read what the Manager sent meanwhile (see
   * {@link ClientConnection#checkOpen()}): for {@code ManagerClient.isConnected()}, not the call path.
   */
  public boolean checkOpen() {
    return every(ClientConnection::checkOpen);
  }

  /** Whether every connection opened so far is usable. */
  public boolean isOpen() {
    return every(ClientConnection::isOpen);
  }

  private boolean every(Predicate<ClientConnection> open) {
    if (closed) {
      return false;
    }
    for (ClientConnection c : connections) {
      if (c != null && !open.test(c)) {
        return false;
      }
    }
    return true;
  }

  /** "host:port" of the Manager. */
  public String manager() {
    return connections[0].manager();
  }

  /** The Manager's address, resolved: the one the first connection reached. */
  public InetSocketAddress remoteAddress() {
    return connections[0].remoteAddress();
  }

  /** Closes every connection; pending calls fail with {@link ConnectionLostException}. */
  @Override
  public void close() {
    List<ClientConnection> open = new ArrayList<>();
    Closeable abort;
    synchronized (this) {
      closed = true;
      for (ClientConnection c : connections) {
        if (c != null) {
          open.add(c);
        }
      }
      abort = abortOpening;
      abortOpening = null;
    }
    if (abort != null) {
      try {
        abort.close(); // the open in progress fails at once
      } catch (IOException ignored) {
        // closed anyway
      }
    }
    for (ClientConnection c : open) {
      c.close(); // outside the lock: failing the pending calls runs their callbacks
    }
  }
}
