package io.typedipc;

import io.typedipc.builtin.JoinableQueue;
import io.typedipc.builtin.Namespace;
import io.typedipc.builtin.SharedBarrier;
import io.typedipc.builtin.SharedBoundedSemaphore;
import io.typedipc.builtin.SharedCondition;
import io.typedipc.builtin.SharedDoubleArray;
import io.typedipc.builtin.SharedEvent;
import io.typedipc.builtin.SharedIntArray;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedLongArray;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.builtin.SharedRLock;
import io.typedipc.builtin.SharedSemaphore;
import io.typedipc.builtin.SharedValue;
import io.typedipc.internal.Bindings;
import io.typedipc.internal.builtin.BarrierFacade;
import io.typedipc.internal.builtin.BarrierWire;
import io.typedipc.internal.builtin.BoundedSemaphoreWire;
import io.typedipc.internal.builtin.ConditionWire;
import io.typedipc.internal.builtin.EventFacade;
import io.typedipc.internal.builtin.EventWire;
import io.typedipc.internal.builtin.JoinableQueueWire;
import io.typedipc.internal.builtin.LockFacade;
import io.typedipc.internal.builtin.LockWire;
import io.typedipc.internal.builtin.ManagerControl;
import io.typedipc.internal.builtin.QueueFacade;
import io.typedipc.internal.builtin.QueueWire;
import io.typedipc.internal.builtin.RLockFacade;
import io.typedipc.internal.builtin.RLockWire;
import io.typedipc.internal.builtin.SemaphoreFacade;
import io.typedipc.internal.builtin.SemaphoreWire;
import io.typedipc.internal.channel.ClientChannels;
import io.typedipc.internal.client.ClientConfig;
import io.typedipc.internal.client.ClientReferences;
import io.typedipc.internal.client.ConnectionPool;
import io.typedipc.internal.client.RemoteHandle;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.internal.server.IntrospectionService;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.introspect.ManagerView;
import io.typedipc.spi.AbstractProxy;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.RemoteObject;
import io.typedipc.spi.SharedBinding;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * A connection from any JVM to a {@link Manager} — Python's {@code BaseManager(address,
 * authkey).connect()} — and the factory of typed proxies for the objects it hosts.
 *
 * <pre>{@code
 * try (ManagerClient client = ManagerClient.connect("127.0.0.1", 6000, authKey)) {
 *   Counter counter = client.shared(Counter.class, "counter");   // a generated proxy
 *   counter.increment();
 * }
 * }</pre>
 *
 * <p>Beyond your own {@code @Shared} objects ({@link #shared}), a client reaches:
 *
 * <ul>
 *   <li>the built-in shared objects, created in the Manager by name on first use: {@link #map},
 *       {@link #list}, {@link #value}, {@link #intArray}, {@link #namespace}, {@link #queue},
 *       {@link #joinableQueue}, {@link #lock}, {@link #rlock}, {@link #condition}, {@link
 *       #semaphore}, {@link #boundedSemaphore}, {@link #event}, {@link #barrier};
 *   <li>channels of {@code @Channel} messages: {@link #channel}, {@link #producer}, {@link
 *       #consume}, {@link #receiver}.
 * </ul>
 *
 * <p>A client is thread-safe: any number of threads may call through its proxies at once, over a
 * few connections (see {@link Builder#connections}); each thread's calls keep their order.
 * Synchronous calls block until their result, their exception, or their deadline
 * (the client-wide {@linkplain Builder#callTimeout call timeout}, or one set per proxy with {@link
 * #withTimeout}). Asynchronous methods (returning {@code CompletableFuture}) return at once.
 *
 * <p>Failures arrive as {@link TypedIpcException} subclasses; a declared checked exception of a
 * remote method arrives as itself. If the connection is lost, every pending call fails at once with
 * {@link ConnectionLostException} and later calls fail the same way; connect a new client to carry
 * on.
 */
public final class ManagerClient implements AutoCloseable {
  private final ConnectionPool connections;
  private final Bindings bindings;
  private volatile ManagerControl control;

  private ManagerClient(ConnectionPool connections, Bindings bindings) {
    this.connections = connections;
    this.bindings = bindings;
  }

  /**
   * Connects with default settings (30 s call timeout, 16 MiB frames).
   *
   * @throws ConnectionLostException if the Manager cannot be reached
   * @throws AuthenticationException if the keys differ
   */
  public static ManagerClient connect(String host, int port, AuthKey authKey) {
    return builder().address(host, port).authKey(authKey).connect();
  }

  /** A builder for a client with non-default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A proxy for the object the Manager shares under {@code name}. The first lookup of an interface
   * compares the client's and the Manager's versions of it.
   *
   * @throws NoSuchObjectException if the Manager has no object of that name and type
   * @throws VersionMismatchException if the interface differs between client and Manager; the
   *     message names the differing methods
   * @throws IllegalArgumentException if {@code type} has no generated binding
   */
  public <T> T shared(Class<T> type, String name) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    SharedBinding binding = bindings.of(type);
    ClientChannels.requireShared(binding);
    RemoteHandle remote = RemoteHandle.open(connections, name, binding.descriptor(), connections.callTimeoutNanos());
    return type.cast(binding.newProxy(remote));
  }

  /**
   * A snapshot of the Manager this client is connected to, read over the connection: its objects,
   * connections, parked calls and per-method call statistics — Python's {@code debug_info()}. Any
   * client holding the auth key may read it (the view names objects and client addresses, never
   * values or keys).
   */
  public ManagerView introspect() {
    return shared(IntrospectionService.class, IntrospectionService.NAME).view();
  }

  // ------------------------------------------------------------------ channels (issue 3)

  private ClientChannels channels;

  private synchronized ClientChannels channels() {
    if (channels == null) {
      channels = new ClientChannels(connections, bindings);
    }
    return channels;
  }

  /**
   * A handle on the channel the Manager hosts under {@code name} ({@link Manager.Builder#channel}):
   * producers, consumers, size, close. See {@link ChannelHandle} for the delivery guarantee.
   *
   * @throws NoSuchObjectException if the Manager has no channel of that name carrying {@code type}
   * @throws VersionMismatchException if {@code type} differs between client and Manager
   * @throws IllegalArgumentException if {@code type} is not a {@code @Channel} interface
   */
  public <T> ChannelHandle<T> channel(Class<T> type, String name) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    return new ChannelHandle<>(type, channels().open(type, name));
  }

  /**
   * A handle on the channel {@code name}, which the Manager creates with room for {@code capacity}
   * messages unless it has one of that name carrying {@code type} messages already (get-or-create:
   * every client asking for the name shares one channel; an existing channel keeps its capacity).
   * The Manager need not have {@code type} on its classpath: it never decodes messages.
   *
   * @throws IllegalArgumentException if {@code type} is not a {@code @Channel} interface, the
   *     capacity is below 1, or the name is reserved or taken by another object or by a channel of
   *     other messages
   * @throws VersionMismatchException if {@code type} differs between this client and the channel's
   *     creator
   */
  public <T> ChannelHandle<T> channel(Class<T> type, String name, int capacity) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    if (capacity < 1) {
      throw new IllegalArgumentException("a channel needs a capacity of at least 1, not " + capacity);
    }
    InterfaceDescriptor messages = ClientChannels.channelBinding(bindings, type).descriptor();
    refusalsAsIllegalArguments(() -> control().createChannel(name, messages.name(), messages.fingerprint(), capacity));
    return channel(type, name);
  }

  /**
   * A producer of the channel {@code name}: each call on its {@link Producer#send()} proxy sends
   * one message, blocking while the channel is full. Shorthand for {@code channel(type,
   * name).producer()}.
   */
  public <T> Producer<T> producer(Class<T> type, String name) {
    return channel(type, name).producer();
  }

  /**
   * A producer whose calls wait at most {@code sendTimeout} for room, then throw {@link
   * FullException}; {@link Duration#ZERO} for a non-blocking try. Shorthand for {@code
   * channel(type, name).producer(sendTimeout)}.
   */
  public <T> Producer<T> producer(Class<T> type, String name, Duration sendTimeout) {
    return channel(type, name).producer(sendTimeout);
  }

  /**
   * Subscribes {@code handler} to the channel {@code name}: a thread calls it once per message.
   * Shorthand for {@code channel(type, name).consume(handler)}.
   */
  public <T> Subscription consume(Class<T> type, String name, T handler) {
    return channel(type, name).consume(handler);
  }

  /** A pull consumer of the channel {@code name}. Shorthand for {@code channel(type, name).receiver()}. */
  public <T> Receiver<T> receiver(Class<T> type, String name) {
    return channel(type, name).receiver();
  }

  /**
   * Another proxy for the same remote object whose calls have the given deadline ({@link
   * Duration#ZERO} for none). The original proxy is unchanged.
   *
   * @throws IllegalArgumentException if {@code proxy} is not a proxy of this client
   */
  public <T> T withTimeout(T proxy, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative");
    }
    RemoteObject remote = AbstractProxy.remoteOf(proxy);
    if (!(remote instanceof RemoteHandle handle)) {
      throw new IllegalArgumentException(proxy + " is not a typedipc proxy");
    }
    RemoteHandle changed = handle.withTimeout(timeout.toNanos());
    SharedBinding binding = bindings.of(handle.descriptor().type());
    @SuppressWarnings("unchecked")
    T typed = (T) binding.newProxy(changed);
    return typed;
  }

  // ------------------------------------------------------------------ built-in containers

  /**
   * The shared map {@code name} in the Manager, created empty if there is none — Python's {@code
   * Manager().dict()}. Every client asking for the same name gets the same map. The type arguments
   * are not checked against the map's contents (they are erased, as in Java); use the same ones
   * everywhere, and register the classes of keys and values on both sides unless they are
   * built-in value types.
   *
   * @throws IllegalArgumentException if {@code name} is taken by an object of another type, or
   *     starts with {@code "typedipc."}
   */
  @SuppressWarnings("unchecked")
  public <K, V> SharedMap<K, V> map(String name) {
    return builtin(SharedMap.class, "map", name);
  }

  /**
   * The shared list {@code name} in the Manager, created empty if there is none — Python's {@code
   * Manager().list()}. As for {@link #map}.
   */
  @SuppressWarnings("unchecked")
  public <E> SharedList<E> list(String name) {
    return builtin(SharedList.class, "list", name);
  }

  /**
   * The shared value {@code name} in the Manager, created holding {@code null} if there is none;
   * if it holds {@code null} (in particular when this call created it), it is set to {@code
   * initial}, atomically ({@code compareAndSet(null, initial)}). Python's {@code
   * Manager().Value(type, initial)}. As for {@link #map}.
   */
  @SuppressWarnings("unchecked")
  public <T> SharedValue<T> value(String name, T initial) {
    SharedValue<T> value = builtin(SharedValue.class, "value", name);
    if (initial != null) {
      value.compareAndSet(null, initial);
    }
    return value;
  }

  /**
   * The shared array of {@code int}s {@code name} in the Manager, created with {@code length}
   * zeros if there is none — Python's {@code Manager().Array('i', length)}.
   *
   * @throws IllegalArgumentException if it exists with another length, or the length is negative
   *     or above 16,777,216
   */
  public SharedIntArray intArray(String name, int length) {
    SharedIntArray array = builtin(SharedIntArray.class, "intArray", name, (long) length);
    checkLength(name, array.length(), length);
    return array;
  }

  /** The shared array of {@code long}s {@code name}; as for {@link #intArray}. */
  public SharedLongArray longArray(String name, int length) {
    SharedLongArray array = builtin(SharedLongArray.class, "longArray", name, (long) length);
    checkLength(name, array.length(), length);
    return array;
  }

  /** The shared array of {@code double}s {@code name}; as for {@link #intArray}. */
  public SharedDoubleArray doubleArray(String name, int length) {
    SharedDoubleArray array = builtin(SharedDoubleArray.class, "doubleArray", name, (long) length);
    checkLength(name, array.length(), length);
    return array;
  }

  private static void checkLength(String name, int actual, int wanted) {
    if (actual != wanted) {
      throw new IllegalArgumentException("the shared array '" + name + "' exists with length " + actual
          + ", not " + wanted);
    }
  }

  /**
   * The namespace {@code name} in the Manager, created empty if there is none — Python's {@code
   * Manager().Namespace()}. Use {@code Namespace<Object>} for attributes of different classes.
   * As for {@link #map}.
   */
  @SuppressWarnings("unchecked")
  public <V> Namespace<V> namespace(String name) {
    return builtin(Namespace.class, "namespace", name);
  }

  /**
   * A proxy for the built-in object {@code name} of {@code kind}, which the Manager creates from
   * {@code parameters} unless it hosts one under that name already.
   *
   * @throws IllegalArgumentException if the Manager refuses: bad parameters, a reserved name, or a
   *     name taken by an object of another type
   */
  <T> T builtin(Class<T> type, String kind, String name, Long... parameters) {
    Objects.requireNonNull(name, "name");
    refusalsAsIllegalArguments(() -> control().create(name, kind, List.of(parameters)));
    return shared(type, name);
  }

  /** Runs a control call; the Manager's refusal (bad parameters, a taken name) is thrown as the IllegalArgumentException it is. */
  private static void refusalsAsIllegalArguments(Runnable controlCall) {
    try {
      controlCall.run();
    } catch (RemoteException e) {
      if (IllegalArgumentException.class.getName().equals(e.remoteType())) {
        throw new IllegalArgumentException(e.remoteMessage(), e);
      }
      throw e;
    }
  }

  private ManagerControl control() {
    ManagerControl c = control;
    if (c == null) {
      c = shared(ManagerControl.class, ManagerControl.NAME);
      control = c;
    }
    return c;
  }

  // ------------------------------------------------------------------ synchronizers and queues

  /** The same proxy without a call deadline, for calls that may wait in the Manager. */
  private <T> T patient(T proxy) {
    return withTimeout(proxy, Duration.ZERO);
  }

  /**
   * The shared lock {@code name} (Python's {@code Manager().Lock()}), created in the Manager if it
   * has none of that name: every client asking for the name gets the same lock.
   *
   * @throws IllegalArgumentException if the name is blank, reserved, or taken by another kind of object
   */
  public SharedLock lock(String name) {
    LockWire wire = builtin(LockWire.class, "lock", name);
    return new LockFacade(name, wire, patient(wire));
  }

  /**
   * The shared reentrant lock {@code name} (Python's {@code Manager().RLock()}), created if absent.
   *
   * @throws IllegalArgumentException if the name is blank, reserved, or taken by another kind of object
   */
  public SharedRLock rlock(String name) {
    RLockWire wire = builtin(RLockWire.class, "rlock", name);
    return new RLockFacade(name, wire, patient(wire));
  }

  /**
   * The shared condition {@code name} with a reentrant lock of its own ({@link
   * SharedCondition#lock()}), created if absent — Python's {@code Manager().Condition()}. For a
   * condition of an existing lock, use {@link SharedLock#condition(String)}.
   *
   * @throws IllegalArgumentException if the name is blank, reserved, or taken by another kind of object
   */
  public SharedCondition condition(String name) {
    ConditionWire wire = builtin(ConditionWire.class, "condition", name);
    return new RLockFacade(name, wire, patient(wire)).condition("");
  }

  /**
   * The shared semaphore {@code name} (Python's {@code Manager().Semaphore(permits)}), created
   * with {@code permits} if absent (if it exists, {@code permits} is ignored).
   *
   * @throws IllegalArgumentException if {@code permits} is negative, or the name is blank,
   *     reserved, or taken by another kind of object
   */
  public SharedSemaphore semaphore(String name, int permits) {
    SemaphoreWire wire = builtin(SemaphoreWire.class, "semaphore", name, (long) permits);
    return new SemaphoreFacade(name, wire, patient(wire));
  }

  /**
   * The shared bounded semaphore {@code name} (Python's {@code Manager().BoundedSemaphore(permits)}),
   * created with {@code permits} if absent.
   *
   * @throws IllegalArgumentException if {@code permits} is negative, or the name is blank,
   *     reserved, or taken by another kind of object
   */
  public SharedBoundedSemaphore boundedSemaphore(String name, int permits) {
    BoundedSemaphoreWire wire = builtin(BoundedSemaphoreWire.class, "boundedSemaphore", name, (long) permits);
    return new SemaphoreFacade.Bounded(name, wire, patient(wire));
  }

  /**
   * The shared event {@code name} (Python's {@code Manager().Event()}), created unset if absent.
   *
   * @throws IllegalArgumentException if the name is blank, reserved, or taken by another kind of object
   */
  public SharedEvent event(String name) {
    EventWire wire = builtin(EventWire.class, "event", name);
    return new EventFacade(name, wire, patient(wire));
  }

  /**
   * The shared barrier {@code name} (Python's {@code Manager().Barrier(parties)}), created for
   * {@code parties} if absent (if it exists, {@code parties} is ignored).
   *
   * @throws IllegalArgumentException if {@code parties} is below 1, or the name is blank,
   *     reserved, or taken by another kind of object
   */
  public SharedBarrier barrier(String name, int parties) {
    BarrierWire wire = builtin(BarrierWire.class, "barrier", name, (long) parties);
    return new BarrierFacade(name, wire, patient(wire));
  }

  /**
   * The shared unbounded queue {@code name} (Python's {@code Manager().Queue()}), created if absent.
   * Same as {@code queue(name, type, 0)}.
   */
  public <E> SharedQueue<E> queue(String name, Class<E> type) {
    return queue(name, type, 0);
  }

  /**
   * The shared queue {@code name} of {@code type} elements (Python's {@code
   * Manager().Queue(maxsize)}), created holding at most {@code capacity} elements (0: unbounded)
   * if absent; if it exists, {@code capacity} is ignored. Elements of classes typedipc does not
   * know must be {@linkplain Builder#register registered} on both sides.
   *
   * @param type the element class (a boxed one for primitives); elements got are checked against it
   * @throws IllegalArgumentException if {@code capacity} is negative, {@code type} is primitive, or
   *     the name is blank, reserved, or taken by another kind of object
   */
  public <E> SharedQueue<E> queue(String name, Class<E> type, int capacity) {
    checkElementType(type);
    @SuppressWarnings("unchecked")
    QueueWire<E> wire = builtin(QueueWire.class, "queue", name, (long) capacity);
    return new QueueFacade<>(name, type, wire, patient(wire));
  }

  /**
   * The shared joinable queue {@code name} (Python's {@code Manager().JoinableQueue(maxsize)}),
   * created if absent; as {@link #queue(String, Class, int)}.
   */
  public <E> JoinableQueue<E> joinableQueue(String name, Class<E> type, int capacity) {
    checkElementType(type);
    @SuppressWarnings("unchecked")
    JoinableQueueWire<E> wire = builtin(JoinableQueueWire.class, "joinableQueue", name, (long) capacity);
    return new QueueFacade.Joinable<>(name, type, wire, patient(wire));
  }

  private static void checkElementType(Class<?> type) {
    Objects.requireNonNull(type, "type");
    if (type.isPrimitive()) {
      throw new IllegalArgumentException("a queue's element type must be a class, not " + type + "; use its box, e.g. Integer.class");
    }
  }

  /** Whether the connection is open (not closed and not lost). */
  public boolean isConnected() {
    return connections.isOpen();
  }

  /**
   * Closes the connection; calls still pending fail with {@link ConnectionLostException}. Channel
   * producers still open are flushed first, and consumers stopped.
   */
  @Override
  public void close() {
    ClientChannels open;
    synchronized (this) {
      open = channels;
    }
    if (open != null && connections.isOpen()) {
      open.close();
    }
    connections.close();
  }

  @Override
  public String toString() {
    return "ManagerClient[" + connections.manager() + (isConnected() ? "" : ", closed") + "]";
  }

  /** Configures and opens a {@link ManagerClient}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = -1;
    private AuthKey authKey;
    private int maxFrame = Protocol.DEFAULT_MAX_FRAME;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration callTimeout = Duration.ofSeconds(30);
    private boolean lowLatency;
    private int connections = 4;
    private int maxPendingCalls = ClientConfig.DEFAULT_MAX_PENDING_CALLS;
    private SSLContext tls;
    private final Set<Class<?>> userTypes = new LinkedHashSet<>();

    private Builder() {}

    /**
     * The most TCP connections this client opens to the Manager; default 4. The first opens at
     * connect time; another opens only when a thread mapped to it first calls, so a
     * single-threaded client uses one. Each thread always uses the same connection, so its calls
     * keep their order; threads calling at the same time mostly get connections of their own, which
     * lets each wait for its reply without waking another thread.
     */
    public Builder connections(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("a client needs at least one connection");
      }
      this.connections = max;
      return this;
    }

    /**
     * The most calls (synchronous and asynchronous together) that may wait for their replies on one
     * of this client's connections; default 65,536. A call beyond it waits until an earlier one
     * completes, up to its own deadline, then fails with {@link CallTimeoutException} (an
     * asynchronous call waits in the method that makes it, before its future is returned). Bounds
     * what a client that fires asynchronous calls faster than the Manager answers them holds in
     * memory.
     */
    public Builder maxPendingCalls(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxPendingCalls must be at least 1, not " + max);
      }
      this.maxPendingCalls = max;
      return this;
    }

    /** The Manager's host and port. Required. */
    public Builder address(String host, int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is outside 1..65535");
      }
      this.host = Objects.requireNonNull(host, "host");
      this.port = port;
      return this;
    }

    /** The Manager's auth key. Required. */
    public Builder authKey(AuthKey key) {
      this.authKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * The default deadline of every synchronous and asynchronous call; {@link Duration#ZERO} for
     * none. Default 30 s.
     */
    public Builder callTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("call timeout must not be negative");
      }
      this.callTimeout = timeout;
      return this;
    }

    /** How long to wait for the TCP connection. Default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Manager.Builder.positive(timeout, "connect timeout");
      return this;
    }

    /** How long to wait for the Manager to complete the handshake. Default 10 s. */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = Manager.Builder.positive(timeout, "handshake timeout");
      return this;
    }

    /** The largest reply accepted from the Manager. Default 16 MiB. */
    public Builder maxFrameSize(int bytes) {
      this.maxFrame = Manager.Builder.frameLimit(bytes);
      return this;
    }

    /** Allows values of these classes on the wire; must match the Manager's {@code register}. */
    public Builder register(Class<?>... types) {
      for (Class<?> t : types) {
        userTypes.add(Objects.requireNonNull(t, "type"));
      }
      return this;
    }

    /**
     * Talks to a Manager that uses TLS ({@link Manager.Builder#tls}); {@code context} must trust
     * the Manager's certificate, and the certificate must name the host given to {@link #address}.
     */
    public Builder tls(SSLContext context) {
      this.tls = Objects.requireNonNull(context, "context");
      return this;
    }

    /** Spin briefly before parking while waiting for a reply: lower latency, more CPU. */
    public Builder lowLatency(boolean enabled) {
      this.lowLatency = enabled;
      return this;
    }

    /**
     * Connects and authenticates.
     *
     * @throws ConnectionLostException if the Manager cannot be reached or does not answer the
     *     handshake in time
     * @throws AuthenticationException if the auth keys differ
     * @throws VersionMismatchException if the Manager speaks another protocol version
     */
    public ManagerClient connect() {
      if (port < 0) {
        throw new IllegalStateException("no Manager address: call address(host, port)");
      }
      if (authKey == null) {
        throw new IllegalStateException("no auth key: call authKey(...)");
      }
      Bindings bindings = Bindings.load(List.copyOf(userTypes));
      Serialization serialization = Serialization.create(bindings.descriptors(), userTypes, Serialization.DEFAULT_MAX_DEPTH);
      ClientConfig config = new ClientConfig(host, port, authKey, maxFrame, connectTimeout, handshakeTimeout, callTimeout, lowLatency, tls, maxPendingCalls);
      try {
        ConnectionPool pool = new ConnectionPool(config, serialization, connections);
        serialization.sharedReferences(new ClientReferences(pool, bindings));
        return new ManagerClient(pool, bindings);
      } catch (SocketTimeoutException e) {
        throw new ConnectionLostException("the Manager at " + host + ":" + port + " did not answer in time"
            + (tls == null ? " (if it uses TLS, connect with tls(...))" : "") + ": " + e.getMessage(), e);
      } catch (IOException e) {
        throw new ConnectionLostException("cannot connect to the Manager at " + host + ":" + port + ": " + e.getMessage(), e);
      }
    }
  }
}
