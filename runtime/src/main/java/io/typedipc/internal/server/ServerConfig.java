package io.typedipc.internal.server;

import io.typedipc.AuthKey;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Everything a {@link ManagerServer} needs to know, validated by {@code Manager.Builder}. */
public record ServerConfig(
    InetSocketAddress bindAddress,
    AuthKey authKey,
    int maxFrame,
    Duration handshakeTimeout,
    Duration closeTimeout,
    boolean lowLatency) {}
