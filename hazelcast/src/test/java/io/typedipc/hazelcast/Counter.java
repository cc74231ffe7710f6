package io.typedipc.hazelcast;

import io.typedipc.annotation.Shared;

/** A shared counter for the cluster tests. */
@Shared
public interface Counter {
  /** Adds one; the new value. */
  long increment();

  /** The value. */
  long get();
}
