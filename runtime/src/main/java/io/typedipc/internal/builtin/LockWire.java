package io.typedipc.internal.builtin;

import io.typedipc.annotation.Shared;

/** The wire interface of a non-reentrant lock (kind "lock"); implemented by {@link LockImpl}. */
@Shared
public interface LockWire extends LockOps {}
