package io.typedipc.internal.builtin;

import io.typedipc.annotation.Shared;

/** The wire interface of a bounded semaphore (kind "boundedSemaphore"); implemented by {@link SemaphoreImpl}. */
@Shared
public interface BoundedSemaphoreWire extends SemaphoreOps {}
