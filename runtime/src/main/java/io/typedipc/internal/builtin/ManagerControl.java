package io.typedipc.internal.builtin;

import io.typedipc.annotation.Shared;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Hosted by every Manager under {@link #NAME}: lets clients create built-in shared objects on
 * demand, by name.
 */
@Shared
public interface ManagerControl {
  /** The name the Manager hosts its control object under; names starting with "typedipc." are reserved. */
  String NAME = "typedipc.control";

  /**
   * The prefix of the names of objects the Manager hosts on the fly, because a call returned them
   * ({@code typedipc.obj.N}); they live while clients hold proxies of them ({@link #release}).
   */
  String ANONYMOUS_PREFIX = "typedipc.obj.";

  /** The most objects one {@link #release} call names. */
  int MAX_RELEASES = 1024;

  /**
   * Creates a built-in object of {@code kind} under {@code name} from {@code parameters}, unless an
   * object of that name exists already, in which case it must be of the same kind (get-or-create, so
   * every client can ask for the same name and share one object).
   *
   * @throws IllegalArgumentException if the kind is unknown, the parameters are bad (even when the
   *     object exists, whose own parameters are then kept), or the name is taken by an object of
   *     another type
   */
  void create(String name, String kind, List<Long> parameters);

  /**
   * Creates a channel of {@code capacity} messages of the {@code @Channel} interface {@code
   * messageType} (with that fingerprint) under {@code name}, unless a channel of that message type
   * exists under that name already (get-or-create; its capacity is then kept).
   *
   * @throws IllegalArgumentException if the capacity is below 1, the name is reserved, or it is taken
   *     by another object or a channel of another message type
   */
  void createChannel(String name, String messageType, String fingerprint, int capacity);

  /**
   * The calling client dropped every proxy of each object {@code names[i]} hosted on the fly, having
   * received {@code counts[i]} references to it since its last report; the Manager releases an
   * object once no client holds it. Names not hosted on the fly are ignored. Asynchronous: the
   * client does not wait (it reports from a background thread, in batches).
   *
   * @throws IllegalArgumentException if the lists differ in length or name more than {@link
   *     #MAX_RELEASES} objects
   */
  CompletableFuture<Void> release(List<String> names, List<Long> counts);

  /**
   * The calling client opens {@code name}, an object hosted on the fly, by its name (a proxy handed
   * to a child JVM): it holds the object as if a call had returned it, until it reports it dropped.
   * Whether the Manager hosts an object of that name.
   */
  boolean retain(String name);

  /**
   * Stops hosting the object {@code name} (shared by name at start, or created by name): it is
   * gone for every client; calls through their proxies fail with {@code NoSuchObjectException},
   * and waits parked on it end as at shutdown. Whether there was such an object.
   *
   * @throws IllegalArgumentException if the name is reserved or names a channel
   */
  boolean remove(String name);
}
