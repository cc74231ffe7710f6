package io.typedipc.internal.builtin;

import io.typedipc.annotation.Shared;

/** The wire interface of a condition with its own reentrant lock (kind "condition"); its default wait set is named ""; implemented by {@link LockImpl}. */
@Shared
public interface ConditionWire extends LockOps {}
