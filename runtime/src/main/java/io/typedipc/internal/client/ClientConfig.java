package io.typedipc.internal.client;

import io.typedipc.AuthKey;
import java.time.Duration;

/** Everything a {@link ClientConnection} needs, validated by {@code ManagerClient.Builder}. */
public record ClientConfig(
    String host,
    int port,
    AuthKey authKey,
    int maxFrame,
    Duration connectTimeout,
    Duration handshakeTimeout,
    Duration callTimeout,
    boolean lowLatency) {}
