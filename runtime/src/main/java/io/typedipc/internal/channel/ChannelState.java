package io.typedipc.internal.channel;

/**
 * A snapshot of a channel in the Manager.
 *
 * @param messageType binary name of the channel's {@code @Channel} interface
 * @param fingerprint that interface's fingerprint in the Manager
 * @param capacity the most messages the channel holds
 * @param queued messages waiting for a consumer
 * @param inFlight messages delivered to a consumer and not yet acknowledged
 * @param reserved places reserved by producers for messages on their way
 * @param closed whether the channel was closed
 */
public record ChannelState(
    String messageType, String fingerprint, int capacity, int queued, int inFlight, int reserved, boolean closed) {}
