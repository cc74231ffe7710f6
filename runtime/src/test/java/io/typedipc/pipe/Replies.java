package io.typedipc.pipe;

import io.typedipc.annotation.Channel;

/** Messages back in the duplex pipe tests. */
@Channel
public interface Replies {
  void reply(String text);
}
