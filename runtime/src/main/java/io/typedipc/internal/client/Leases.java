package io.typedipc.internal.client;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BiConsumer;

/**
 * A client's side of the lifetime of objects the Manager hosts on the fly: every proxy of such an
 * object (every copy made by {@code withTimeout}, every facade) holds one token; when the token
 * becomes unreachable — the program dropped every proxy — a {@link Cleaner} reports it, and the
 * client tells the Manager, in batches from a background thread, how many references to the
 * object it had received ({@code ManagerControl.release}). The Manager releases an object no client
 * holds. A client that closes or dies drops all its references with its session.
 */
public final class Leases {
  private static final Cleaner CLEANER = Cleaner.create(daemon("typedipc-proxy-cleaner"));
  private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(daemon("typedipc-release"));
  /** How long dropped proxies gather before one report goes out. */
  static final long BATCH_MILLIS = 100;

  private final int connections;
  private final BiConsumer<List<String>, List<Long>> report;
  private final Map<String, Lease> live = new HashMap<>();
  private final Map<String, Long> dropped = new LinkedHashMap<>();
  private final int maxBatch;
  private boolean scheduled;
  private boolean closed;

  /** The lease of one object: what its proxies share. */
  static final class Lease {
    final String name;
    /** The object's handle on each connection of the pool, opened lazily. */
    final AtomicIntegerArray handles;
    /** References received since this lease began; guarded by the {@link Leases}. */
    long received;
    WeakReference<Object> token;

    Lease(String name, int connections) {
      this.name = name;
      this.handles = new AtomicIntegerArray(connections);
      for (int i = 0; i < connections; i++) {
        handles.set(i, -1);
      }
    }
  }

  /** What a proxy of a leased object holds: the token (keeping the lease alive) and its handles. */
  public record Held(Object token, AtomicIntegerArray handles) {}

  /**
   * @param connections the size of the client's connection pool
   * @param report sends one batch to the Manager (names, counts); must not block for long
   * @param maxBatch the most names per report
   */
  public Leases(int connections, BiConsumer<List<String>, List<Long>> report, int maxBatch) {
    this.connections = connections;
    this.report = report;
    this.maxBatch = maxBatch;
  }

  /** Counts one reference to {@code name} received, and returns what its proxy must hold. */
  public synchronized Held received(String name) {
    Lease lease = live.get(name);
    Object token = lease == null ? null : lease.token.get();
    if (token == null) { // none, or its last proxy is gone and its report on the way
      lease = new Lease(name, connections);
      token = new Object();
      lease.token = new WeakReference<>(token);
      live.put(name, lease);
      Lease l = lease;
      CLEANER.register(token, () -> dropped(l));
    }
    lease.received++;
    return new Held(token, lease.handles);
  }

  private void dropped(Lease lease) {
    synchronized (this) {
      live.remove(lease.name, lease);
      if (closed) {
        return; // the session's end released everything
      }
      dropped.merge(lease.name, lease.received, Long::sum);
      if (scheduled) {
        return;
      }
      scheduled = true;
    }
    try {
      FLUSHER.schedule(this::flush, BATCH_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      synchronized (this) {
        scheduled = false;
      }
    }
  }

  /** Sends what was dropped since the last report, in batches of at most {@code maxBatch}. */
  void flush() {
    while (true) {
      List<String> names = new ArrayList<>();
      List<Long> counts = new ArrayList<>();
      synchronized (this) {
        var it = dropped.entrySet().iterator();
        while (it.hasNext() && names.size() < maxBatch) {
          var e = it.next();
          names.add(e.getKey());
          counts.add(e.getValue());
          it.remove();
        }
        if (names.isEmpty()) {
          scheduled = false;
          return;
        }
      }
      try {
        report.accept(names, counts);
      } catch (RuntimeException e) {
        // the client is closed or lost: its session's end releases the objects anyway
      }
    }
  }

  /** The client closed: nothing more is reported (the Manager drops its references with the session). */
  public synchronized void close() {
    closed = true;
    dropped.clear();
  }

  /** How many objects this client holds proxies of (for tests). */
  public synchronized int live() {
    return live.size();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
