package io.typedipc.internal;

import io.typedipc.AuthKey;
import io.typedipc.ChannelHandle;
import io.typedipc.PipeListener;
import io.typedipc.internal.channel.ChannelAccess;
import java.util.Objects;
import java.util.function.Function;

/**
 * The runtime's own view of public handle types whose innards users do not see ({@link
 * ChannelHandle}, {@link PipeListener}), for {@code io.typedipc.process}, which hands them to child
 * JVMs. Each public class registers its accessor in its static initializer, which has run by the
 * time an instance exists. Not an API.
 */
public final class HandleAccess {
  /** A pipe listener as a child must see it to connect: where, with which key, which interfaces. */
  public record PipeOffer(String token, AuthKey key, Class<?> listenerSends, Class<?> listenerReceives) {}

  private static volatile Function<ChannelHandle<?>, ChannelAccess> channels;
  private static volatile Function<PipeListener<?, ?>, PipeOffer> pipes;

  private HandleAccess() {}

  /** For {@link ChannelHandle}'s static initializer. */
  public static void channels(Function<ChannelHandle<?>, ChannelAccess> accessor) {
    channels = Objects.requireNonNull(accessor);
  }

  /** For {@link PipeListener}'s static initializer. */
  public static void pipes(Function<PipeListener<?, ?>, PipeOffer> accessor) {
    pipes = Objects.requireNonNull(accessor);
  }

  /** The client's access to the channel behind {@code handle}. */
  public static ChannelAccess access(ChannelHandle<?> handle) {
    return channels.apply(Objects.requireNonNull(handle, "handle"));
  }

  /**
   * What a child needs to connect to {@code listener}.
   *
   * @throws IllegalStateException if the listener is closed (or has accepted already)
   */
  public static PipeOffer offer(PipeListener<?, ?> listener) {
    return pipes.apply(Objects.requireNonNull(listener, "listener"));
  }
}
