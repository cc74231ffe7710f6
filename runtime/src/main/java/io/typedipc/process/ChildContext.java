package io.typedipc.process;

import io.typedipc.AuthKey;
import io.typedipc.ChannelHandle;
import io.typedipc.ManagerClient;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.internal.builtin.BuiltinKinds;
import io.typedipc.process.Bootstrap.HandleRef;
import io.typedipc.process.Bootstrap.ManagerRef;
import io.typedipc.process.Bootstrap.PipeRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a child JVM started by {@link ChildProcess} received from its parent: string arguments,
 * handles to shared objects, built-in objects and channels, and pipe ends, turned into typed
 * objects on demand.
 *
 * <pre>{@code
 * ChildContext ctx = ChildContext.current();                 // or the argument of ProcessEntry.run
 * Counter counter = ctx.shared(Counter.class, "counter");    // a @Shared proxy
 * SharedMap<String, Integer> d = ctx.shared(SharedMap.class, "d");   // built-ins too
 * SharedLock lock = ctx.shared(SharedLock.class, "lock");
 * ChannelHandle<Orders> orders = ctx.channel("orders", Orders.class);
 * PipeEnd<Talk, Void> conn = ctx.pipe("conn", Talk.class, Void.class);
 * }</pre>
 *
 * <p>The first object from a Manager connects a {@link ManagerClient} to it with the address, auth
 * key, call timeout and frame limit of the parent's client; the child needs no wiring of its own.
 * Proxies keep the call timeout of the parent's proxy (see {@link ManagerClient#withTimeout}).
 * When the entry returns, pipe ends the child did not close are closed (the parent's end then sees
 * the end of the stream) and the clients are closed (channel producers flushed). Thread-safe.
 */
public final class ChildContext {
  private static volatile ChildContext current;

  private final Bootstrap bootstrap;
  private final ManagerClient[] clients;
  private final List<Class<?>> registered;
  private final Map<String, PipeEnd<?, ?>> pipeEnds = new LinkedHashMap<>();

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

  /** The names of the pipe ends given with {@link ChildProcess.Builder#pipe}. */
  public Set<String> pipeNames() {
    return bootstrap.pipes().keySet();
  }

  /**
   * The shared object the parent gave under {@code name}: a proxy for a {@code @Shared} interface
   * (the built-in containers {@code SharedMap}, {@code SharedList}, {@code SharedValue}, the arrays
   * and {@code Namespace} included), or a built-in synchronizer or queue ({@code SharedLock},
   * {@code SharedRLock}, {@code SharedCondition}, {@code SharedSemaphore}, {@code
   * SharedBoundedSemaphore}, {@code SharedEvent}, {@code SharedBarrier}, {@code SharedQueue},
   * {@code JoinableQueue}) for the same object in the Manager. {@code type} is the interface the
   * parent's object had or, for a built-in, one that built-in's interface extends ({@code
   * SharedLock.class} for a {@code SharedRLock}); a {@code @Shared} interface of your own is asked
   * for as itself (a Manager, too, opens a shared object only as the interface it was shared as).
   * For the generic built-ins, assign to the parameterized type ({@code SharedMap<String, Integer> d
   * = ctx.shared(SharedMap.class, "d")}, an unchecked conversion: the type arguments are not
   * checked, as everywhere in Java; a queue still checks each element against the element class the
   * parent's queue had).
   *
   * @throws IllegalArgumentException if there is no such handle, it is of another interface, or it
   *     is a channel (use {@link #channel(String, Class)})
   * @throws io.typedipc.TypedIpcException if the Manager cannot be reached or refuses the lookup
   */
  public <T> T shared(Class<T> type, String name) {
    Objects.requireNonNull(type, "type");
    return object(type, named(name), "'" + name + "'");
  }

  /**
   * The shared object at {@code index} among the handles given with {@link
   * ChildProcess.Builder#handles(Object...)}; as {@link #shared(Class, String)}.
   *
   * @throws IllegalArgumentException if there is no such handle, it is of another interface, or it
   *     is a channel (use {@link #channel(int, Class)})
   */
  public <T> T handle(int index, Class<T> type) {
    Objects.requireNonNull(type, "type");
    return object(type, positional(index), "#" + index);
  }

  /**
   * A handle on the channel the parent gave under {@code name} (a {@link ChannelHandle} passed to
   * {@link ChildProcess.Builder#handle(String, Object)}), on the same Manager: make producers,
   * consumers and receivers from it.
   *
   * @throws IllegalArgumentException if there is no such handle, it is not a channel, or the
   *     channel carries another interface
   * @throws io.typedipc.TypedIpcException if the Manager cannot be reached or refuses the lookup
   */
  public <T> ChannelHandle<T> channel(String name, Class<T> type) {
    Objects.requireNonNull(type, "type");
    return channel(type, named(name), "'" + name + "'");
  }

  /**
   * A handle on the channel at {@code index} among the handles given with {@link
   * ChildProcess.Builder#handles(Object...)}; as {@link #channel(String, Class)}.
   */
  public <T> ChannelHandle<T> channel(int index, Class<T> type) {
    Objects.requireNonNull(type, "type");
    return channel(type, positional(index), "#" + index);
  }

  /**
   * The child's end of the pipe the parent gave under {@code name} with {@link
   * ChildProcess.Builder#pipe}: it sends what the parent's listener receives and receives what it
   * sends ({@code Void.class} for a direction not used). The first call connects to the parent's
   * listener (which the parent then accepts) and authenticates with the key from the bootstrap;
   * the end is the caller's to use and close. An end still open when the entry returns is closed
   * then.
   *
   * @throws IllegalArgumentException if there is no such pipe, or {@code sends}/{@code receives}
   *     are not what the parent's listener receives/sends
   * @throws IllegalStateException if this pipe end was taken already (a listener accepts once)
   * @throws io.typedipc.ConnectionLostException if the parent's listener cannot be reached
   */
  public <S, R> PipeEnd<S, R> pipe(String name, Class<S> sends, Class<R> receives) {
    Objects.requireNonNull(sends, "sends (Void.class for nothing)");
    Objects.requireNonNull(receives, "receives (Void.class for nothing)");
    PipeRef ref = bootstrap.pipes().get(Objects.requireNonNull(name, "name"));
    if (ref == null) {
      throw new IllegalArgumentException("the parent gave no pipe named '" + name + "'; it gave "
          + bootstrap.pipes().keySet() + " (ChildProcess.Builder.pipe(name, listener))");
    }
    if (!sends.getName().equals(ref.sends()) || !receives.getName().equals(ref.receives())) {
      throw new IllegalArgumentException("pipe '" + name + "' sends " + simple(ref.sends()) + " and receives "
          + simple(ref.receives()) + " at this end (the parent's listener receives and sends them), not "
          + sends.getSimpleName() + " and " + receives.getSimpleName());
    }
    synchronized (this) {
      if (pipeEnds.containsKey(name)) {
        throw new IllegalStateException("pipe '" + name + "' was taken already; a pipe has one end here");
      }
      pipeEnds.put(name, null);
    }
    PipeEnd<S, R> end;
    try {
      end = Pipe.connect(ref.token(), AuthKey.fromBase64(ref.keyBase64()), sends, receives,
          registered.toArray(new Class<?>[0]));
    } catch (RuntimeException e) {
      synchronized (this) {
        pipeEnds.remove(name);
      }
      throw e;
    }
    synchronized (this) {
      pipeEnds.put(name, end);
    }
    return end;
  }

  private static String simple(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private HandleRef named(String name) {
    HandleRef ref = bootstrap.named().get(Objects.requireNonNull(name, "name"));
    if (ref == null) {
      throw new IllegalArgumentException("the parent gave no handle named '" + name + "'; it gave "
          + bootstrap.named().keySet() + " by name (ChildProcess.Builder.handle(name, proxy)) and "
          + bootstrap.positional().size() + " by position (handles(...); ChildContext.handle(index, type))");
    }
    return ref;
  }

  private HandleRef positional(int index) {
    if (index < 0 || index >= bootstrap.positional().size()) {
      throw new IllegalArgumentException("the parent gave " + bootstrap.positional().size()
          + " positional handles; there is no handle " + index);
    }
    return bootstrap.positional().get(index);
  }

  /**
   * The client connected to the Manager of the handle named {@code name}, to look up other objects
   * it shares.
   *
   * @throws IllegalArgumentException if there is no such handle
   */
  public ManagerClient clientOf(String name) {
    return client(named(name).manager());
  }

  private <T> T object(Class<T> type, HandleRef ref, String what) {
    switch (ref.kind()) {
      case HandleRef.CHANNEL:
        throw new IllegalArgumentException("handle " + what + " is a channel of " + ref.interfaceName()
            + "; get it with ChildContext.channel(" + (what.startsWith("#") ? what.substring(1) : "\"" + what.substring(1, what.length() - 1) + "\"")
            + ", " + simple(ref.interfaceName()) + ".class)");
      case HandleRef.BUILTIN: {
        Class<?> actual = Builtins.publicType(ref);
        if (!type.isAssignableFrom(actual)) {
          throw new IllegalArgumentException("handle " + what + " is " + BuiltinKinds.heldAs(actual.getName()) + ", not " + BuiltinKinds.heldAs(type.getName()));
        }
        return type.cast(Builtins.open(client(ref.manager()), ref));
      }
      default: {
        if (!type.getName().equals(ref.interfaceName())) {
          throw new IllegalArgumentException("handle " + what + " is " + BuiltinKinds.heldAs(ref.interfaceName()) + ", not " + BuiltinKinds.heldAs(type.getName()));
        }
        ManagerClient client = client(ref.manager());
        T proxy = client.shared(type, ref.name());
        long managerDefault = bootstrap.managers().get(ref.manager()).callTimeoutNanos();
        return ref.timeoutNanos() == managerDefault ? proxy : client.withTimeout(proxy, Duration.ofNanos(ref.timeoutNanos()));
      }
    }
  }

  private <T> ChannelHandle<T> channel(Class<T> type, HandleRef ref, String what) {
    if (!HandleRef.CHANNEL.equals(ref.kind())) {
      String held = BuiltinKinds.heldAs(HandleRef.BUILTIN.equals(ref.kind()) ? Builtins.publicType(ref).getName() : ref.interfaceName());
      throw new IllegalArgumentException("handle " + what + " is not a channel but " + held
          + "; get it with ChildContext.shared(...) or handle(...)");
    }
    if (!type.getName().equals(ref.interfaceName())) {
      throw new IllegalArgumentException("handle " + what + " is a channel of " + ref.interfaceName() + ", not of " + type.getName());
    }
    return client(ref.manager()).channel(type, ref.name());
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
          .sharedMemory(m.sharedMemory()) // as the parent's client asked; TCP if the Manager has it off
          .lowLatency(m.lowLatency())
          .blockingReads(m.blockingReads())
          .maxPendingCalls(m.maxPendingCalls())
          .register(registered.toArray(new Class<?>[0]))
          .connect();
    }
    return clients[index];
  }

  /** Closes the pipe ends the entry left open, then the clients opened so far. */
  void close() {
    List<PipeEnd<?, ?>> ends = new ArrayList<>();
    List<ManagerClient> open = new ArrayList<>();
    synchronized (this) {
      for (PipeEnd<?, ?> end : pipeEnds.values()) {
        if (end != null) {
          ends.add(end);
        }
      }
      for (ManagerClient c : clients) {
        if (c != null) {
          open.add(c);
        }
      }
    }
    for (PipeEnd<?, ?> end : ends) {
      try {
        end.close();
      } catch (RuntimeException e) {
        // the other end is gone; closing the rest
      }
    }
    open.forEach(ManagerClient::close);
  }

  @Override
  public String toString() {
    return "ChildContext[args=" + args().size() + ", handles=" + handleNames() + " + " + handleCount() + " positional, pipes="
        + pipeNames() + "]";
  }
}
