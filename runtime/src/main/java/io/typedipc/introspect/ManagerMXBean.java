package io.typedipc.introspect;

import java.util.List;

/**
 * A Manager as a JMX MXBean, registered in the platform MBean server as {@code
 * io.typedipc:type=Manager,address="host:port"} while the Manager runs (unless its builder says
 * {@code jmx(false)}): any JMX console (JConsole, VisualVM, JDK Mission Control) shows its
 * objects, connections and per-method call statistics. Every attribute is read from a fresh
 * {@link ManagerView}.
 */
public interface ManagerMXBean {
  /** The address the Manager listens on, {@code host:port}. */
  String getAddress();

  /** When the Manager started, ISO-8601. */
  String getStarted();

  /** Hosted objects, the Manager's own two included. */
  int getObjectCount();

  /** Authenticated connections. */
  int getConnectionCount();

  /** Calls read and not yet answered. */
  int getCallsInFlight();

  /**
   * Calls to methods returning a {@code CompletableFuture} not completed yet: parked in a wait, or
   * read and waiting for their object's turn.
   */
  int getParkedCalls();

  /** Calls to all objects since start; 0 if the Manager keeps no call statistics. */
  long getCalls();

  /** Failed calls to all objects since start; 0 if the Manager keeps no call statistics. */
  long getErrors();

  /** Connections whose proof of the auth key was wrong, since start. */
  long getAuthenticationFailures();

  /** Every hosted object, with its methods' statistics. */
  List<ObjectView> getObjects();

  /** Every authenticated connection. */
  List<ConnectionView> getConnections();

  /** {@link ManagerView#toText()}. */
  String getStatus();
}
