package io.typedipc.internal.builtin;

import io.typedipc.annotation.Shared;

/** The wire interface of a queue (kind "queue"); implemented by {@link QueueImpl}. */
@Shared
public interface QueueWire<E> extends QueueOps<E> {}
