package io.typedipc.process.samples;

import io.typedipc.annotation.Channel;

@Channel
public interface Orders {
  void placed(Order order);
}
