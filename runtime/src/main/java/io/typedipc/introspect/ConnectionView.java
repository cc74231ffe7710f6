package io.typedipc.introspect;

import java.time.Instant;

/**
 * One authenticated connection to a Manager.
 *
 * @param client the client it belongs to (all connections of one {@code ManagerClient} share it)
 * @param address the client's address, {@code host:port}
 * @param since when the connection was accepted
 * @param callsInFlight calls read and not yet answered (waiting for their object, running, or
 *     parked); read through a client's {@code introspect()}, that call is one of them
 * @param parkedCalls of those, calls to methods returning a {@code CompletableFuture} that have not
 *     completed yet (lock, queue, event, barrier waits and the like), counted from when they are
 *     read: one still waiting for its object's turn is among them
 */
public record ConnectionView(
    String client, String address, Instant since, int callsInFlight, int parkedCalls) {}
