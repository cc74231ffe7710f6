package io.typedipc.hazelcast;

import io.typedipc.annotation.Channel;

/** A channel for the cluster tests. */
@Channel
public interface Orders {
  /** An order was placed. */
  void placed(String order);
}
