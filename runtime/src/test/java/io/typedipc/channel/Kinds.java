package io.typedipc.channel;

import io.typedipc.annotation.Channel;
import java.util.List;

/** Messages with every kind of argument the generated message writers and readers handle. */
@Channel
public interface Kinds {
  /** Every primitive type. */
  void primitives(int i, long l, double d, float f, boolean z, byte b, short s, char c);

  /** Two strings: null, empty, ASCII, non-ASCII, with an unpaired surrogate, long. */
  void text(String first, String second);

  /** A record the processor allow-lists, possibly null. */
  void reading(Reading reading);

  /** An object of an allow-listed class, or of its subclass no one registered. */
  void shape(Shape shape);

  /** A message of any size. */
  void payload(byte[] data);

  /** Boxed primitives travel as objects. */
  void boxed(Integer number, Character letter);

  /** A message without arguments. */
  void tick();

  /** A value with a string, a number and a list. */
  record Reading(String sensor, double value, List<String> tags) {}
}
