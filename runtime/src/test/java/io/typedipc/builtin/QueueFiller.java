package io.typedipc.builtin;

import io.typedipc.annotation.Shared;

/** Fills a queue from inside the Manager, where its calls need no round trip. */
@Shared
public interface QueueFiller {
  /** Offers elements until {@code offer} returns false or {@code max} were added; how many were. */
  int fill(SharedQueue<Integer> queue, int max);
}
