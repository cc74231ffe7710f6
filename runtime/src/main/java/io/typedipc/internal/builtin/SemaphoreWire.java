package io.typedipc.internal.builtin;

import io.typedipc.annotation.Shared;

/** The wire interface of a semaphore (kind "semaphore"); implemented by {@link SemaphoreImpl}. */
@Shared
public interface SemaphoreWire extends SemaphoreOps {}
