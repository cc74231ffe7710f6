package io.typedipc.internal.client;

import io.typedipc.ConnectionLostException;
import io.typedipc.internal.serial.Serialization;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.UUID;

/**
 * A client's connections to one Manager. The first is opened at connect time; the others only when
 * a thread that maps to them makes its first call. Each thread always uses the same connection
 * (by thread id), so its calls keep their order, and threads calling at the same time mostly sit
 * on different connections, where each reads its own replies without waking anybody (see {@link
 * ClientConnection}). A single-threaded client never opens more than one.
 */
public final class ConnectionPool implements AutoCloseable {
  private final ClientConfig config;
  private final Serialization serialization;
  private final ClientConnection[] connections;
  private final long firstThreadId;
  /** Names this client to the Manager: all its connections share one session there. */
  private final String sessionId = UUID.randomUUID().toString();
  private volatile boolean closed;

  /**
   * Opens the first connection.
   *
   * @param size the most connections to open
   */
  public ConnectionPool(ClientConfig config, Serialization serialization, int size) throws IOException {
    this.config = config;
    this.serialization = serialization;
    this.connections = new ClientConnection[size];
    this.connections[0] = ClientConnection.open(config, serialization, sessionId);
    this.firstThreadId = Thread.currentThread().getId();
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
   * The index of the calling thread's connection; the thread that connected gets the first, so a
   * client used from that thread alone never opens a second.
   */
  public int indexForCurrentThread() {
    return (int) Math.floorMod(Thread.currentThread().getId() - firstThreadId, (long) connections.length);
  }

  /** The first connection, opened at connect time. */
  public ClientConnection primary() {
    return connections[0];
  }

  /**
   * The connection at {@code index}, opened now if it was not yet.
   *
   * @throws ConnectionLostException if it cannot be opened, or the pool is closed
   */
  public ClientConnection get(int index) {
    ClientConnection c = connections[index];
    if (c != null) {
      return c;
    }
    synchronized (this) {
      if (closed) {
        throw new ConnectionLostException("this client was closed");
      }
      if (connections[index] == null) {
        connections[index] = openAnother();
      }
      return connections[index];
    }
  }

  private ClientConnection openAnother() {
    String manager = config.host() + ":" + config.port();
    try {
      return ClientConnection.open(config, serialization, sessionId);
    } catch (SocketTimeoutException e) {
      throw new ConnectionLostException("the Manager at " + manager + " did not answer in time: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ConnectionLostException("cannot open another connection to the Manager at " + manager + ": " + e.getMessage(), e);
    }
  }

  /** Whether the first connection's frames go through shared memory (the others ask the same). */
  public boolean isSharedMemory() {
    return connections[0].isSharedMemory();
  }

  /** Whether every connection opened so far is usable. */
  public boolean isOpen() {
    if (closed) {
      return false;
    }
    for (ClientConnection c : connections) {
      if (c != null && !c.isOpen()) {
        return false;
      }
    }
    return true;
  }

  /** "host:port" of the Manager. */
  public String manager() {
    return connections[0].manager();
  }

  /** Closes every connection; pending calls fail with {@link ConnectionLostException}. */
  @Override
  public synchronized void close() {
    closed = true;
    for (ClientConnection c : connections) {
      if (c != null) {
        c.close();
      }
    }
  }
}
