package io.typedipc.channel;

import io.typedipc.annotation.Channel;

/** The messages of the channel tests. */
@Channel
public interface Events {
  /** Message {@code seq} of producer {@code producer}. */
  void item(int producer, long seq);

  /** A text message. */
  void text(String text);

  /** A message of any size. */
  void payload(byte[] data);

  /** A message whose argument may be of a subclass no one registered. */
  void unregistered(Shape value);
}
