package io.typedipc.internal.server;

import java.time.Duration;

/**
 * The bounds a Manager keeps so that no client, honest or hostile, can take more than its share:
 * see {@code Manager.Builder} for each setting, its default and what a client sees when it is
 * reached.
 *
 * @param maxConnections authenticated connections served at once; the next is told BUSY
 * @param maxHandshakes connections accepted but not yet authenticated; beyond it new sockets are
 *     closed at once
 * @param idleTimeout how long an authenticated connection may send nothing (clients send
 *     keep-alive pings when idle); {@link Duration#ZERO} for no limit
 * @param maxCallsInFlight calls read from one connection and not yet run or answered; when
 *     reached the Manager stops reading that connection until one finishes
 * @param maxCallBytesInFlight the bytes those calls hold: each call's decoded arguments as
 *     estimated, or its frame's bytes if more; the same back-pressure
 * @param maxArgumentBytes the estimated heap that one call's decoded arguments may take; a call
 *     whose arguments would take more fails with {@code SerializationException}
 * @param maxReplyBytes reply bytes of one connection waiting to be written; when reached the
 *     client is not reading and the connection is closed
 * @param maxParkedCalls calls of one connection to methods returning a {@code CompletableFuture}
 *     (how a lock acquire, a queue get or a barrier wait parks), from when they are read until
 *     answered; beyond it calls are refused with {@code ManagerBusyException}
 * @param maxParkedCallsTotal such calls in the whole Manager beyond the first {@code
 *     maxParkedCallsTotal / maxConnections} of each connection; beyond it calls are refused the
 *     same way (see {@link ParkedCallBudget})
 * @param maxQueuedCallsPerObject calls waiting for their turn on one shared object; when reached,
 *     the connections that want to add one stop being read until there is room
 * @param writeStallTimeout how long a write to a client may make no progress before the
 *     connection is closed
 */
public record ServerLimits(
    int maxConnections,
    int maxHandshakes,
    Duration idleTimeout,
    int maxCallsInFlight,
    int maxCallBytesInFlight,
    int maxArgumentBytes,
    int maxReplyBytes,
    int maxParkedCalls,
    int maxParkedCallsTotal,
    int maxQueuedCallsPerObject,
    Duration writeStallTimeout) {

  public static final int DEFAULT_MAX_CONNECTIONS = 1024;
  public static final int DEFAULT_MAX_HANDSHAKES = 64;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_CALLS_IN_FLIGHT = 1024;
  public static final int DEFAULT_MAX_CALL_BYTES_IN_FLIGHT = 32 * 1024 * 1024;
  public static final int DEFAULT_MAX_ARGUMENT_BYTES = 64 * 1024 * 1024;
  public static final int DEFAULT_MAX_REPLY_BYTES = 32 * 1024 * 1024;
  public static final int DEFAULT_MAX_PARKED_CALLS = 10_000;
  public static final int DEFAULT_MAX_PARKED_CALLS_TOTAL = 100_000;
  public static final int DEFAULT_MAX_QUEUED_CALLS_PER_OBJECT = 10_000;
  public static final Duration DEFAULT_WRITE_STALL_TIMEOUT = Duration.ofSeconds(30);

  /** The defaults. */
  public static ServerLimits defaults() {
    return new ServerLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_HANDSHAKES, DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_CALLS_IN_FLIGHT, DEFAULT_MAX_CALL_BYTES_IN_FLIGHT, DEFAULT_MAX_ARGUMENT_BYTES, DEFAULT_MAX_REPLY_BYTES,
        DEFAULT_MAX_PARKED_CALLS, DEFAULT_MAX_PARKED_CALLS_TOTAL, DEFAULT_MAX_QUEUED_CALLS_PER_OBJECT, DEFAULT_WRITE_STALL_TIMEOUT);
  }
}
