package io.typedipc.internal.channel;

import io.typedipc.ConnectionLostException;
import io.typedipc.NoSuchObjectException;
import io.typedipc.VersionMismatchException;
import io.typedipc.internal.Bindings;
import io.typedipc.internal.client.ManagerLink;
import io.typedipc.internal.client.RemoteHandle;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.SharedBinding;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The channels side of one {@code ManagerClient}: opens channels, and closes the producers and
 * consumers still open when the client closes (producers flush first, so nothing they accepted is
 * dropped silently).
 */
public final class ClientChannels {
  private final ManagerLink link;
  private final Bindings bindings;
  private final Set<Object> open = ConcurrentHashMap.newKeySet();

  /** The channels of the client with these connections and bindings. */
  public ClientChannels(ManagerLink link, Bindings bindings) {
    this.link = link;
    this.bindings = bindings;
  }

  /**
   * Opens the channel {@code name}, checking that it carries {@code type}.
   *
   * @throws IllegalArgumentException if {@code type} is not a {@code @Channel} interface with a
   *     generated binding
   * @throws NoSuchObjectException if the Manager has no channel of that name and type
   * @throws VersionMismatchException if the interface differs between client and Manager
   */
  public ChannelAccess open(Class<?> type, String name) {
    SharedBinding binding = channelBinding(bindings, type);
    SharedBinding service = bindings.of(ChannelService.class);
    long base = link.callTimeoutNanos();
    long timeout = base == 0 ? 0 : base + TimeUnit.MILLISECONDS.toNanos(ChannelQueue.MAX_WAIT_MILLIS);
    RemoteHandle handle;
    try {
      handle = RemoteHandle.openPinned(link, name, service.descriptor(), timeout);
    } catch (NoSuchObjectException e) {
      throw new NoSuchObjectException("the Manager has no channel named '" + name + "' (" + e.getMessage() + ")");
    }
    ChannelService proxy = (ChannelService) service.newProxy(handle);
    ChannelState state = proxy.state();
    InterfaceDescriptor d = binding.descriptor();
    if (!state.messageType().equals(d.name())) {
      throw new NoSuchObjectException("channel '" + name + "' carries " + state.messageType() + " messages, not " + d.name());
    }
    if (!state.fingerprint().equals(d.fingerprint())) {
      throw new VersionMismatchException("channel '" + name + "': " + d.name() + " differs between this client (fingerprint "
          + d.fingerprint() + ") and the Manager (" + state.fingerprint() + "); compile both sides from the same version of it");
    }
    MessageCodec codec = new MessageCodec(d, link.serialization());
    return new ChannelAccess(this, name, binding, proxy, codec, state.capacity(), link.frameLimit());
  }

  /**
   * The binding of {@code type}, which must be a {@code @Channel} interface.
   *
   * @throws IllegalArgumentException otherwise, saying what to use instead
   */
  public static SharedBinding channelBinding(Bindings bindings, Class<?> type) {
    SharedBinding binding;
    try {
      binding = bindings.of(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replace("@io.typedipc.annotation.Shared", "@io.typedipc.annotation.Channel"), e);
    }
    if (binding.descriptor().kind() != InterfaceDescriptor.Kind.CHANNEL) {
      throw new IllegalArgumentException(type.getName() + " is a @Shared interface, not a @Channel: share it with "
          + "Manager.Builder.share(...) and call it through ManagerClient.shared(...)");
    }
    return binding;
  }

  /**
   * Rejects a {@code @Channel} interface where a {@code @Shared} one is expected.
   *
   * @throws IllegalArgumentException if {@code binding} is a channel's
   */
  public static void requireShared(SharedBinding binding) {
    if (binding.descriptor().kind() == InterfaceDescriptor.Kind.CHANNEL) {
      throw new IllegalArgumentException(binding.descriptor().name() + " is a @Channel interface, not @Shared: host it with "
          + "Manager.Builder.channel(type, name, capacity) and use ManagerClient.producer(...), consume(...) or receiver(...)");
    }
  }

  /**
   * Rejects a {@code @Channel} interface given to {@code Manager.Builder.share}; a type without a
   * binding is left for {@code start()} to report.
   */
  public static void rejectChannel(Class<?> type) {
    SharedBinding binding;
    try {
      binding = Bindings.load(List.of(type)).of(type);
    } catch (IllegalArgumentException e) {
      return;
    }
    requireShared(binding);
  }

  /** Set by {@link #close()}: no producer or consumer may open afterwards. */
  private volatile boolean closing;

  /**
   * Refuses a new producer or consumer once the client is closed, as its other methods are.
   *
   * @throws ConnectionLostException if the client is closed
   */
  void checkOpen() {
    if (closing) {
      throw new ConnectionLostException("this client was closed");
    }
  }

  /** Tracks a new producer or consumer, to close it with the client; closes it if the client closed meanwhile. */
  void opened(Object producerOrConsumer) {
    open.add(producerOrConsumer);
    if (closing && open.remove(producerOrConsumer)) {
      closeQuietly(producerOrConsumer);
      throw new ConnectionLostException("this client was closed");
    }
  }

  void closed(Object producerOrConsumer) {
    open.remove(producerOrConsumer);
  }

  /** Flushes and closes the producers, and closes the consumers, still open. */
  public void close() {
    closing = true;
    List<Object> all = new ArrayList<>(open);
    for (Object o : all) {
      if (open.remove(o)) {
        closeQuietly(o);
      }
    }
  }

  private static void closeQuietly(Object o) {
    try {
      if (o instanceof BatchingSender s) {
        s.close();
      } else if (o instanceof AutoCloseable c) {
        c.close();
      }
    } catch (Exception e) {
      System.getLogger("io.typedipc.Channel").log(Level.WARNING, "closing " + o + " with its client failed: " + e);
    }
  }
}
