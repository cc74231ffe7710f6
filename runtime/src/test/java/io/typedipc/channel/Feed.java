package io.typedipc.channel;

import io.typedipc.annotation.Channel;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A channel of the shapes a new user declares ({@link ShapedChannelTest}): a message inherited
 * along two paths, enums with constant bodies, varargs, records with compact constructors,
 * arrays and nested generics, a default method.
 */
@Channel
interface Feed extends FeedParts.Sink<String>, FeedParts.Named {
  void op(FeedParts.Op op, FeedParts.Op... more);

  void range(FeedParts.Range range, int[] xs, Map<String, List<Set<Integer>>> nested);

  /** Runs on the producer: two messages. */
  default void twice(String line) {
    FeedParts.Named named = this; // javac finds accept(..) on Feed itself ambiguous
    named.accept(line);
    named.accept(line);
  }
}
