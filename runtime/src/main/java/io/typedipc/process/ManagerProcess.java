package io.typedipc.process;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.internal.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A Manager in a child JVM of its own, started from a client program — Python's {@code
 * manager.start()}.
 *
 * <pre>{@code
 * try (ManagerProcess managerProcess = ManagerProcess.start(Shares.class)) {  // a ManagerInitializer
 *   Counter counter = managerProcess.client().shared(Counter.class, "counter");
 *   counter.increment();
 * }                                                                     // the Manager JVM exits
 * }</pre>
 *
 * <p>The child listens on a free loopback port with a freshly generated {@link AuthKey}, handed to
 * it through its stdin. The initializer runs in the child and shares the objects. {@link #close()}
 * stops the child; it also stops by itself when this JVM dies. Proxies from {@link #client()} can
 * be handed to other children with {@link ChildProcess.Builder#handle}.
 */
public final class ManagerProcess implements AutoCloseable {
  private final ChildProcess process;
  private final String host;
  private final int port;
  private final AuthKey authKey;
  private final ManagerClient client;

  private ManagerProcess(ChildProcess process, String host, int port, AuthKey authKey, ManagerClient client) {
    this.process = process;
    this.host = host;
    this.port = port;
    this.authKey = authKey;
    this.client = client;
  }

  /**
   * Starts a Manager JVM with default settings and waits until it serves.
   *
   * @throws ChildProcessException if it does not start (e.g. the initializer threw); the message
   *     holds its output
   * @throws IllegalArgumentException if the initializer class cannot be instantiated
   */
  public static ManagerProcess start(Class<? extends ManagerInitializer> initializer) {
    return builder(initializer).start();
  }

  /**
   * A builder for a Manager JVM whose objects {@code initializer} shares.
   *
   * @throws IllegalArgumentException if the class has no no-arg constructor or is abstract
   */
  public static Builder builder(Class<? extends ManagerInitializer> initializer) {
    EntryClasses.checkInstantiable(Objects.requireNonNull(initializer, "initializer"), "a ManagerInitializer");
    return new Builder(initializer);
  }

  /** A client connected to the Manager, closed by {@link #close()}. */
  public ManagerClient client() {
    return client;
  }

  /** The host the Manager listens on (127.0.0.1). */
  public String host() {
    return host;
  }

  /** The port the Manager listens on. */
  public int port() {
    return port;
  }

  /** The Manager's auth key, for more clients (hand it to other JVMs only through files or stdin). */
  public AuthKey authKey() {
    return authKey;
  }

  /** The Manager's JVM. */
  public ChildProcess process() {
    return process;
  }

  /**
   * Closes the client and shuts the Manager down cleanly: the Manager JVM closes its Manager (as
   * {@link io.typedipc.Manager#close()} does) and exits with status 0. If it has not exited within
   * 10 s its stdin is closed (status {@link ChildProcess#EXIT_STDIN_CLOSED}, as when this JVM dies),
   * and 10 s later it is killed. Returns when it has exited. Idempotent.
   */
  @Override
  public void close() {
    client.close();
    boolean interrupted = false;
    if (process.isAlive() && process.requestStop()) {
      try {
        process.join(CLEAN_STOP);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    process.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static final Duration CLEAN_STOP = Duration.ofSeconds(10);

  @Override
  public String toString() {
    return "ManagerProcess[" + host + ":" + port + ", " + process + "]";
  }

  /** Configures and starts a {@link ManagerProcess}. Not thread-safe. */
  public static final class Builder {
    private final Class<? extends ManagerInitializer> initializer;
    private final List<Class<?>> registered = new ArrayList<>();
    private Consumer<ChildProcess.Builder> jvm = b -> {};
    private Duration callTimeout = Duration.ofSeconds(30);
    private Duration startTimeout = Duration.ofSeconds(60);

    private Builder(Class<? extends ManagerInitializer> initializer) {
      this.initializer = initializer;
    }

    /**
     * Customizes the child JVM (heap, JVM options, environment, output, handles to other Managers'
     * objects for the initializer's {@link ChildContext}).
     */
    public Builder jvm(Consumer<ChildProcess.Builder> customizer) {
      this.jvm = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /** Classes allowed on the wire beyond what the interfaces declare, on both the Manager and the client. */
    public Builder register(Class<?>... types) {
      for (Class<?> t : types) {
        registered.add(Objects.requireNonNull(t, "type"));
      }
      return this;
    }

    /**
     * The call timeout of {@link #client()}; default 30 s, {@link Duration#ZERO} for none.
     *
     * @throws IllegalArgumentException if it is negative or longer than 36,500 days (as {@link
     *     ManagerClient.Builder#callTimeout})
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Waits.notNegative(Objects.requireNonNull(timeout, "timeout"), "call timeout");
      return this;
    }

    /**
     * How long to wait for the Manager to serve; default 60 s.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Waits.positive(Objects.requireNonNull(timeout, "timeout"), "start timeout");
      return this;
    }

    /**
     * Starts the Manager JVM, waits until it serves, and connects a client.
     *
     * @throws ChildProcessException if it exits or is not ready within the start timeout; the
     *     message holds its last output
     */
    public ManagerProcess start() {
      AuthKey key = AuthKey.generate();
      String host = "127.0.0.1";
      ChildProcess.Builder child = ChildProcess.builder(ManagerEntry.class);
      child.args(initializer.getName(), key.toBase64(), host, "0", Integer.toString(registered.size()));
      for (Class<?> t : registered) {
        child.args(t.getName());
      }
      jvm.accept(child);
      ChildProcess process = child.start();
      try {
        int port = Integer.parseInt(process.awaitAnnouncement(startTimeout));
        ManagerClient client = ManagerClient.builder()
            .address(host, port)
            .authKey(key)
            .callTimeout(callTimeout)
            .register(registered.toArray(new Class<?>[0]))
            .connect();
        return new ManagerProcess(process, host, port, key, client);
      } catch (InterruptedException e) {
        process.kill();
        Thread.currentThread().interrupt();
        throw new ChildProcessException("interrupted while starting " + process, e);
      } catch (RuntimeException e) {
        process.kill();
        throw e;
      }
    }
  }
}
