package io.typedipc;

/**
 * The names of the loggers typedipc writes to. Every component logs through {@link
 * System.Logger} ({@link System#getLogger(String)}) and never prints to {@code System.out} or
 * {@code System.err} itself; so its messages go wherever the application routes {@code
 * System.Logger}: to {@code java.util.logging} by default, or to SLF4J, Log4j 2 or Logback through
 * their {@code System.LoggerFinder} bridges. The exceptions are deliberate and documented: a child
 * JVM's own stdout and stderr are forwarded to the parent's ({@link io.typedipc.process.ChildProcess}),
 * and {@link StandaloneManager} prints its usage ({@code --help}), its address when ready and
 * {@code --status} to stdout, as command-line programs do.
 *
 * <p>What the levels mean, for every logger:
 *
 * <ul>
 *   <li>{@code ERROR}: typedipc itself failed in a way it did not expect (a bug, or the JVM out of
 *       resources); the connection or component concerned was closed.
 *   <li>{@code WARNING}: something an operator may want to act on, and typedipc handled: a peer
 *       misbehaved or failed to authenticate, a bound was reached and a connection was closed or a
 *       call refused, a consumer or a child failed, a handshake timed out.
 *   <li>{@code INFO}: routine events worth a line: a connection closed in an orderly way for a
 *       reason the peer should know (for example idle), a Manager's address.
 *   <li>{@code DEBUG}: how a connection was set up, where that is worth knowing when it did not go
 *       as hoped ({@link #TRANSPORT}; the cluster module's {@code io.typedipc.hazelcast}).
 *   <li>{@code TRACE}: not used.
 * </ul>
 *
 * <p>Nothing is logged per call: a quiet system logs nothing.
 */
public final class LoggerNames {
  /** The Manager: connections, handshakes, authentication, bounds, its accept loop. */
  public static final String MANAGER = "io.typedipc.Manager";

  /** Clients ({@link ManagerClient}): a lost Manager, reconnecting, connected again or given up. */
  public static final String CLIENT = "io.typedipc.Client";

  /** Channels: consumers that fail or stop, producers closed with their client. */
  public static final String CHANNEL = "io.typedipc.Channel";

  /** Child JVMs ({@code io.typedipc.process}), logged inside the child: launch failures, an entry that threw. */
  public static final String PROCESS = "io.typedipc.Process";

  /** {@link StandaloneManager}: its configuration and lifecycle. */
  public static final String STANDALONE_MANAGER = "io.typedipc.StandaloneManager";

  /** Introspection: registering the Manager's JMX MBeans. */
  public static final String INTROSPECTION = "io.typedipc.Introspection";

  /**
   * Same-host shared memory, at {@code DEBUG} only: whether each connection moved to it, and if
   * not, why.
   */
  public static final String TRANSPORT = "io.typedipc.transport";

  private LoggerNames() {}
}
