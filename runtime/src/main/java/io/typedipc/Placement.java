package io.typedipc;

import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.SharedBinding;
import java.util.Collection;
import java.util.List;

/**
 * Where a Manager keeps the state of the objects it serves. Without one (the default) everything
 * lives in the Manager's own heap. A placement — such as the cluster module's, which keeps state in
 * a Hazelcast cluster — is given to {@code Manager.Builder.placement} and decides, object by
 * object, what the Manager actually hosts: the object itself, or a stand-in that implements the
 * same {@code @Shared} interface and whose calls reach the state where it lives.
 *
 * <p>{@code Manager.Builder.start} calls {@link #open} once, then {@link #share} for each object
 * and {@link #channel} for each channel given to the builder; later the Manager calls {@link
 * #builtin} for each built-in object created by name (at start or by a client) and {@link
 * #channel} for each channel a client creates. A placement that refuses
 * something (an exception from any of these) stops the start, or fails the client's call, with
 * its message. The Manager does not close a placement: its owner does, after the Manager. The Manager
 * serves whatever these return exactly as it serves its own objects: same protocol, same clients.
 * Implementations must be thread-safe after {@link #open}.
 */
public interface Placement {

  /** What the Manager hosts for one shared object, and how it dispatches calls to it. */
  record Hosted(Object target, Dispatch dispatch) {
    /** Checks that neither component is null. */
    public Hosted {
      java.util.Objects.requireNonNull(target, "target");
      java.util.Objects.requireNonNull(dispatch, "dispatch");
    }
  }

  /**
   * An object this placement keeps that the Manager does not host yet — created by name through
   * another Manager of the cluster — and how to host it here.
   *
   * @param type the {@code @Shared} interface it is hosted as (a built-in's wire interface)
   */
  record Found(Class<?> type, Object target, Dispatch dispatch) {
    /** Checks that no component is null. */
    public Found {
      java.util.Objects.requireNonNull(type, "type");
      java.util.Objects.requireNonNull(target, "target");
      java.util.Objects.requireNonNull(dispatch, "dispatch");
    }
  }

  /**
   * Called once, before anything is hosted.
   *
   * @param interfaces every {@code @Shared} interface this Manager can serve (the user's and the
   *     built-ins' wire interfaces)
   * @param userTypes the classes registered with {@code Manager.Builder.register}
   * @param stateClasses the classes of the objects shared with {@code Manager.Builder.share} (and
   *     the built-in containers created with an initial value), whose state a placement may keep
   * @throws IllegalArgumentException if the placement cannot keep an object of one of these classes;
   *     the Manager does not start
   */
  void open(Collection<InterfaceDescriptor> interfaces, Collection<Class<?>> userTypes, Collection<Class<?>> stateClasses);

  /**
   * What to host for {@code target}, shared by the builder as {@code name}.
   *
   * @param binding the binding of the interface it is shared as
   * @param dispatch the dispatch the builder asked for
   * @return {@code new Hosted(target, dispatch)} to keep it in this Manager, or a stand-in that
   *     implements {@code binding}'s interface
   * @throws IllegalArgumentException if this placement cannot keep it (the Manager does not start)
   */
  Hosted share(String name, SharedBinding binding, Object target, Dispatch dispatch);

  /**
   * The object to host for the built-in object {@code name} of {@code kind} (the names of {@code
   * Manager.Builder}'s built-in methods: {@code "map"}, {@code "lock"}, {@code "queue"}, …), or
   * {@code null} for the Manager's own in-memory one. What it returns implements the kind's wire
   * interface.
   *
   * @throws IllegalArgumentException if this placement does not offer the kind or the parameters
   *     are bad; the client's create call (or the Manager's start) fails with the message
   */
  Object builtin(String name, String kind, List<Long> parameters);

  /**
   * The object to host for the channel {@code name} of messages of the {@code @Channel} interface
   * {@code messageType}, or {@code null} for the Manager's own in-memory channel. What it returns
   * implements the runtime's channel service ({@code io.typedipc.internal.channel.ChannelService}).
   *
   * @param fingerprint the message interface's fingerprint, which producers and consumers must match
   * @param capacity the most messages the channel holds (at least 1)
   * @throws IllegalArgumentException if this placement cannot keep the channel
   */
  Object channel(String name, String messageType, String fingerprint, int capacity);

  /**
   * The object {@code name} if this placement keeps one the Manager does not host (it was created
   * by name through another Manager sharing the placement's state), or {@code null}. The Manager
   * asks when a client opens a name it does not host, and before it creates a built-in object or a
   * channel by name (at start or for a client: get-or-create), then hosts what this returns under
   * it; a create then keeps it if it is of the kind asked for, and fails as for a name taken by
   * another kind otherwise. The default finds nothing.
   */
  default Found find(String name) {
    return null;
  }

  /**
   * The start of the Manager this placement was {@linkplain #open opened} for failed after {@link
   * #open} returned: a later {@link #share}, {@link #channel} or {@link #builtin} was refused, or
   * the Manager could not start. Undoes what {@link #open} started that must not outlive a Manager
   * that never served (a member it made join a cluster, say), so that nothing keeps running and
   * the placement can be given to another start. Not called when {@link #open} itself throws (for
   * instance because the placement serves another Manager already): {@code open} cleans up after
   * itself. The default does nothing.
   */
  default void startFailed() {
  }
}
