package io.typedipc.introspect;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A snapshot of a running Manager, like Python's {@code BaseManager}'s {@code debug_info()} and
 * {@code number_of_objects()}: what it hosts, who is connected, what waits, and how every method's
 * calls went. Read it in the Manager's JVM with {@code Manager.introspect()}, from any client
 * holding the auth key with {@code ManagerClient.introspect()}, over JMX (domain {@code
 * io.typedipc}), or with {@code StandaloneManager --status}. {@link #toText()} formats it for
 * people.
 *
 * @param address the address the Manager listens on, {@code host:port}
 * @param started when the Manager started
 * @param at when this snapshot was taken
 * @param objects every hosted object, by name
 * @param connections every authenticated connection, oldest first, with closed ones whose parked
 *     calls still wait (see {@link ConnectionView}); none once the Manager has closed
 * @param authenticationFailures connections whose proof of the auth key was wrong, since start
 *     (not those that never gave one: a handshake that timed out or failed in TLS, a peer that is
 *     not a typedipc client or speaks another protocol version)
 */
public record ManagerView(
    String address,
    Instant started,
    Instant at,
    List<ObjectView> objects,
    List<ConnectionView> connections,
    long authenticationFailures) {

  /** Calls parked in the Manager now, on all connections. */
  public int parkedCalls() {
    return connections.stream().mapToInt(ConnectionView::parkedCalls).sum();
  }

  /** Calls read and not yet answered now, on all connections. */
  public int callsInFlight() {
    return connections.stream().mapToInt(ConnectionView::callsInFlight).sum();
  }

  /** Calls to all objects since start; 0 if the Manager keeps no call statistics. */
  public long calls() {
    return objects.stream().mapToLong(ObjectView::calls).sum();
  }

  /** Failed calls to all objects since start; 0 if the Manager keeps no call statistics. */
  public long errors() {
    return objects.stream().mapToLong(ObjectView::errors).sum();
  }

  /** The object named {@code name}, or {@code null}. */
  public ObjectView object(String name) {
    for (ObjectView o : objects) {
      if (o.name().equals(name)) {
        return o;
      }
    }
    return null;
  }

  /**
   * The view as a few plain-text tables, for a terminal or a log. If the Manager keeps no call
   * statistics ({@code -Dtypedipc.callStatistics=false}: no object lists its methods), it says so
   * instead of showing call and error counts.
   */
  public String toText() {
    // with statistics on, every object lists its methods (the Manager's own two have some)
    boolean statistics = objects.stream().anyMatch(o -> !o.methods().isEmpty());
    StringBuilder out = new StringBuilder();
    Duration up = Duration.between(started, at);
    out.append(String.format(Locale.ROOT,
        "typedipc Manager %s, up %s%n%d objects, %d connections, %d calls in flight (%d parked), %s,"
            + " %d failed authentications%n",
        address, human(up), objects.size(), connections.size(), callsInFlight(), parkedCalls(),
        statistics ? String.format(Locale.ROOT, "%d calls (%d failed) since start", calls(), errors())
            : "call statistics off",
        authenticationFailures));
    out.append(String.format(Locale.ROOT, "%nOBJECTS%n%-28s %-9s %-10s %6s %10s %8s  %s%n",
        "NAME", "KIND", "DISPATCH", "QUEUED", "CALLS", "ERRORS", "TYPE"));
    for (ObjectView o : objects) {
      out.append(String.format(Locale.ROOT, "%-28s %-9s %-10s %6d %10s %8s  %s%n",
          o.name(), o.kind(), o.dispatch(), o.queuedCalls(), statistics ? Long.toString(o.calls()) : "-",
          statistics ? Long.toString(o.errors()) : "-", o.type()));
    }
    out.append(String.format(Locale.ROOT, "%nCONNECTIONS%n%-44s %-22s %-20s %9s %7s%n",
        "CLIENT", "ADDRESS", "SINCE", "IN FLIGHT", "PARKED"));
    for (ConnectionView c : connections) {
      out.append(String.format(Locale.ROOT, "%-44s %-22s %-20s %9d %7d%n",
          c.client(), c.address(), c.since().toString().replaceFirst("\\.\\d+Z$", "Z"),
          c.callsInFlight(), c.parkedCalls()));
    }
    if (!statistics) {
      out.append(String.format(Locale.ROOT, "%nMETHODS: call statistics off (-Dtypedipc.callStatistics=false)%n"));
      return out.toString();
    }
    out.append(String.format(Locale.ROOT, "%nMETHODS (called at least once; latency p50/p90/p99/max)%n"));
    for (ObjectView o : objects) {
      for (MethodView m : o.methods()) {
        if (m.calls() == 0) {
          continue;
        }
        out.append(String.format(Locale.ROOT, "%-28s %-36s %10d calls %6d errors  %s / %s / %s / %s%n",
            o.name(), m.method(), m.calls(), m.errors(), nanos(m.p50Nanos()), nanos(m.p90Nanos()),
            nanos(m.p99Nanos()), nanos(m.maxNanos())));
      }
    }
    return out.toString();
  }

  private static String nanos(long n) {
    if (n < 10_000) {
      return n + " ns";
    }
    if (n < 10_000_000) {
      return (n / 1_000) + " µs";
    }
    if (n < 10_000_000_000L) {
      return (n / 1_000_000) + " ms";
    }
    return (n / 1_000_000_000) + " s";
  }

  private static String human(Duration d) {
    long s = d.getSeconds();
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return (s / 60) + " min";
    }
    return (s / 3600) + " h " + (s % 3600 / 60) + " min";
  }
}
