package io.typedipc.internal.builtin;

import io.typedipc.annotation.Shared;
import java.util.List;

/**
 * Hosted by every Manager under {@link #NAME}: lets clients create built-in shared objects on
 * demand, by name.
 */
@Shared
public interface ManagerControl {
  /** The name the Manager hosts its control object under; names starting with "typedipc." are reserved. */
  String NAME = "typedipc.control";

  /**
   * Creates a built-in object of {@code kind} under {@code name} from {@code parameters}, unless an
   * object of that name exists already, in which case it must be of the same kind (get-or-create, so
   * every client can ask for the same name and share one object).
   *
   * @throws IllegalArgumentException if the kind is unknown, the parameters are bad, or the name is
   *     taken by an object of another type
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
}
