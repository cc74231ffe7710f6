package io.typedipc.channel;

import io.typedipc.annotation.Channel;

/** The README's section 6 channel, as written there. */
@Channel
public interface OrderEvents {
  void placed(Order order);

  void cancelled(long orderId);
}
