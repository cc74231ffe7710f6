package io.typedipc.internal.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who holds proxies of the objects the Manager hosts on the fly (named {@code typedipc.obj.N},
 * because a call returned them): per object, per client, how many references to it were sent to
 * that client and not yet reported dropped. An object that no client holds any more is released
 * (no longer hosted). A client reports the references it received for an object once it has
 * dropped every proxy of it ({@code ManagerControl.release}); a client that goes away drops all.
 *
 * <p>Counting what was sent, not what was opened, closes the race between a reference on its way
 * and the client's report that it dropped the last one: the report carries how many it received,
 * so a reference still in flight keeps the count above zero.
 *
 * <p>Not thread-safe: the {@link ManagerServer} guards it with the lock of its object table, so
 * that hosting, counting and releasing are atomic together.
 */
final class HostedLeases {
  /** Per object: client id → references sent and not reported dropped. */
  private final Map<ExportedObject, Map<String, Long>> holders = new IdentityHashMap<>();
  /** Objects sent where the Manager could not tell to whom: never released (only removed). */
  private final Set<ExportedObject> pinned = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  /** Clients whose disconnect is watched already. */
  private final Set<String> watched = new HashSet<>();

  /** A reference to {@code object} went to {@code client}; true if the client is new to this table. */
  boolean sent(ExportedObject object, String client) {
    holders.computeIfAbsent(object, o -> new HashMap<>()).merge(client, 1L, Long::sum);
    return watched.add(client);
  }

  /** A reference to {@code object} went out to no known client: it stays hosted. */
  void pin(ExportedObject object) {
    pinned.add(object);
  }

  /**
   * {@code client} dropped every proxy of {@code object}, having received {@code count} references
   * to it; true if nobody holds it any more and it should be released.
   */
  boolean released(ExportedObject object, String client, long count) {
    Map<String, Long> byClient = holders.get(object);
    if (byClient == null || count <= 0) {
      return false;
    }
    Long held = byClient.get(client);
    if (held == null) {
      return false;
    }
    if (held > count) {
      byClient.put(client, held - count);
      return false;
    }
    byClient.remove(client);
    return free(object, byClient);
  }

  /** {@code client} is gone: the objects only it held, to release. */
  List<ExportedObject> clientGone(String client) {
    watched.remove(client);
    List<ExportedObject> free = new ArrayList<>();
    for (Map.Entry<ExportedObject, Map<String, Long>> e : new ArrayList<>(holders.entrySet())) {
      if (e.getValue().remove(client) != null && free(e.getKey(), e.getValue())) {
        free.add(e.getKey());
      }
    }
    return free;
  }

  private boolean free(ExportedObject object, Map<String, Long> byClient) {
    if (!byClient.isEmpty()) {
      return false;
    }
    holders.remove(object);
    return !pinned.contains(object);
  }

  /** Forgets {@code object} (released or removed). */
  void forget(ExportedObject object) {
    holders.remove(object);
    pinned.remove(object);
  }

  /** How many objects hosted on the fly have holders now (for tests and introspection). */
  int held() {
    return holders.size();
  }
}
