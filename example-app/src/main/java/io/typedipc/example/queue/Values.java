package io.typedipc.example.queue;

import io.typedipc.annotation.Channel;

/** The messages of the queue examples: a number put by one process and got by another. */
@Channel
public interface Values {
  void value(double value);
}
