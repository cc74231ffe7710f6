package io.typedipc.process;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.process.Bootstrap.HandleRef;
import io.typedipc.process.Bootstrap.ManagerRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a child JVM started by {@link ChildProcess} received from its parent: string arguments and
 * handles to shared objects, turned into typed proxies on demand.
 *
 * <pre>{@code
 * Counter counter = ChildContext.current().shared(Counter.class, "counter");
 * }</pre>
 *
 * <p>The first proxy from a Manager connects a {@link ManagerClient} to it with the address, auth
 * key, call timeout and frame limit of the parent's client; the child needs no wiring of its own.
 * Proxies keep the call timeout of the parent's proxy (see {@link ManagerClient#withTimeout}).
 * Clients close when the child exits. Thread-safe.
 */
public final class ChildContext {
  private static volatile ChildContext current;

  private final Bootstrap bootstrap;
  private final ManagerClient[] clients;
  private final List<Class<?>> registered;

  ChildContext(Bootstrap bootstrap, List<Class<?>> registered) {
    this.bootstrap = bootstrap;
    this.clients = new ManagerClient[bootstrap.managers().size()];
    this.registered = registered;
  }

  /**
   * The context of this JVM.
   *
   * @throws IllegalStateException if this JVM was not started by {@link ChildProcess}
   */
  public static ChildContext current() {
    ChildContext c = current;
    if (c == null) {
      throw new IllegalStateException("this JVM was not started by io.typedipc.process.ChildProcess;"
          + " ChildContext exists only in child JVMs");
    }
    return c;
  }

  /** Whether this JVM was started by {@link ChildProcess}. */
  public static boolean isChild() {
    return current != null;
  }

  static void install(ChildContext context) {
    current = context;
  }

  /** The string arguments the parent gave with {@link ChildProcess.Builder#args}. */
  public List<String> args() {
    return bootstrap.args();
  }

  /** The names of the handles given with {@link ChildProcess.Builder#handle(String, Object)}. */
  public Set<String> handleNames() {
    return bootstrap.named().keySet();
  }

  /** How many handles were given with {@link ChildProcess.Builder#handles(Object...)}. */
  public int handleCount() {
    return bootstrap.positional().size();
  }

  /**
   * A proxy for the handle the parent gave under {@code name}.
   *
   * @throws IllegalArgumentException if there is no such handle, or it is of another interface
   * @throws io.typedipc.TypedIpcException if the Manager cannot be reached or refuses the lookup
   */
  public <T> T shared(Class<T> type, String name) {
    Objects.requireNonNull(type, "type");
    HandleRef ref = bootstrap.named().get(Objects.requireNonNull(name, "name"));
    if (ref == null) {
      throw new IllegalArgumentException("the parent gave no handle named '" + name + "'; it gave "
          + bootstrap.named().keySet() + " (ChildProcess.Builder.handle(name, proxy))");
    }
    return proxy(type, ref, "'" + name + "'");
  }

  /**
   * A proxy for the handle at {@code index} among those given with {@link
   * ChildProcess.Builder#handles(Object...)}.
   *
   * @throws IllegalArgumentException if there is no such handle, or it is of another interface
   */
  public <T> T handle(int index, Class<T> type) {
    Objects.requireNonNull(type, "type");
    if (index < 0 || index >= bootstrap.positional().size()) {
      throw new IllegalArgumentException("the parent gave " + bootstrap.positional().size()
          + " positional handles; there is no handle " + index);
    }
    return proxy(type, bootstrap.positional().get(index), "#" + index);
  }

  /**
   * The client connected to the Manager of the handle named {@code name}, to look up other objects
   * it shares.
   *
   * @throws IllegalArgumentException if there is no such handle
   */
  public ManagerClient clientOf(String name) {
    HandleRef ref = bootstrap.named().get(Objects.requireNonNull(name, "name"));
    if (ref == null) {
      throw new IllegalArgumentException("the parent gave no handle named '" + name + "'");
    }
    return client(ref.manager());
  }

  private <T> T proxy(Class<T> type, HandleRef ref, String what) {
    if (!type.getName().equals(ref.interfaceName())) {
      throw new IllegalArgumentException("handle " + what + " is a " + ref.interfaceName() + ", not a " + type.getName());
    }
    ManagerClient client = client(ref.manager());
    T proxy = client.shared(type, ref.name());
    long managerDefault = bootstrap.managers().get(ref.manager()).callTimeoutNanos();
    return ref.timeoutNanos() == managerDefault ? proxy : client.withTimeout(proxy, Duration.ofNanos(ref.timeoutNanos()));
  }

  private synchronized ManagerClient client(int index) {
    if (clients[index] == null) {
      ManagerRef m = bootstrap.managers().get(index);
      clients[index] = ManagerClient.builder()
          .address(m.host(), m.port())
          .authKey(AuthKey.fromBase64(m.keyBase64()))
          .callTimeout(Duration.ofNanos(m.callTimeoutNanos()))
          .maxFrameSize(m.maxFrame())
          .connectTimeout(Duration.ofMillis(m.connectTimeoutMillis()))
          .handshakeTimeout(Duration.ofMillis(m.handshakeTimeoutMillis()))
          .register(registered.toArray(new Class<?>[0]))
          .connect();
    }
    return clients[index];
  }

  /** Closes the clients opened so far. */
  synchronized void close() {
    List<ManagerClient> open = new ArrayList<>();
    for (ManagerClient c : clients) {
      if (c != null) {
        open.add(c);
      }
    }
    open.forEach(ManagerClient::close);
  }

  @Override
  public String toString() {
    return "ChildContext[args=" + args().size() + ", handles=" + handleNames() + " + " + handleCount() + " positional]";
  }
}
