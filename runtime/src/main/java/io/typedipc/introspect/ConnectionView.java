package io.typedipc.introspect;

import java.time.Instant;

/**
 * One authenticated connection to a Manager. A connection that closed is listed until the Manager
 * has ended it and, if calls it made are still parked, until they complete or its client's last
 * connection has closed.
 *
 * @param client the client it belongs to (all connections of one {@code ManagerClient} share it)
 * @param address the client's address, {@code host:port}; {@code (closed)} once the connection closed
 * @param since when the connection was accepted
 * @param callsInFlight calls read and not yet answered (waiting for their object, running, or
 *     parked); read through a client's {@code introspect()}, that call is one of them
 * @param parkedCalls of those, calls to methods returning a {@code CompletableFuture} that have not
 *     completed yet (lock, queue, event, barrier waits and the like), counted from when they are
 *     read: one still waiting for its object's turn is among them
 */
public record ConnectionView(
    String client, String address, Instant since, int callsInFlight, int parkedCalls) {}
