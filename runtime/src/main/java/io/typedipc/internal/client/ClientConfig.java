package io.typedipc.internal.client;

import io.typedipc.AuthKey;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Everything a {@link ClientConnection} needs, validated by {@code ManagerClient.Builder}; {@code
 * tls} is null for plain TCP; {@code maxPendingCalls} bounds the calls waiting for their replies on
 * one connection; {@code sharedMemory} asks a Manager on this host to move the connections' frames
 * to shared memory; {@code blockingReads} lets a plain TCP connection's readers block in the socket
 * (see {@code ManagerClient.Builder.blockingReads}).
 */
public record ClientConfig(
    String host,
    int port,
    AuthKey authKey,
    int maxFrame,
    Duration connectTimeout,
    Duration handshakeTimeout,
    Duration callTimeout,
    boolean lowLatency,
    SSLContext tls,
    int maxPendingCalls,
    boolean sharedMemory,
    boolean blockingReads) {

  /** The default of {@link #maxPendingCalls}: calls waiting for their replies on one connection. */
  public static final int DEFAULT_MAX_PENDING_CALLS = 65_536;

  /** The same settings for the Manager at {@code host}:{@code port} (another member, or the same one). */
  public ClientConfig withAddress(String host, int port) {
    return new ClientConfig(host, port, authKey, maxFrame, connectTimeout, handshakeTimeout, callTimeout, lowLatency,
        tls, maxPendingCalls, sharedMemory, blockingReads);
  }

  /** The default deadline of a call in nanoseconds, 0 for none. */
  public long callTimeoutNanos() {
    return callTimeout.isZero() ? 0 : callTimeout.toNanos();
  }
}
