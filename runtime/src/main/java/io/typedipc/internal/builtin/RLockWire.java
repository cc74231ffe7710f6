package io.typedipc.internal.builtin;

import io.typedipc.annotation.Shared;

/** The wire interface of a reentrant lock (kind "rlock"); implemented by {@link LockImpl}. */
@Shared
public interface RLockWire extends LockOps {}
