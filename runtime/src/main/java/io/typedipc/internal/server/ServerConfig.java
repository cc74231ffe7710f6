package io.typedipc.internal.server;

import io.typedipc.AuthKey;
import io.typedipc.internal.wire.SharedMemoryHandshake;
import java.net.InetSocketAddress;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Everything a {@link ManagerServer} needs to know, validated by {@code Manager.Builder}; {@code
 * tls} is null for plain TCP, {@code sharedMemory} null when same-host clients stay on TCP.
 */
public record ServerConfig(
    InetSocketAddress bindAddress,
    AuthKey authKey,
    int maxFrame,
    Duration handshakeTimeout,
    Duration closeTimeout,
    boolean lowLatency,
    SSLContext tls,
    ServerLimits limits,
    SharedMemoryHandshake.Settings sharedMemory) {}
