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
import io.typedipc.internal.Waits;
import io.typedipc.internal.builtin.BuiltinKind;
import io.typedipc.internal.builtin.BuiltinKinds;
import io.typedipc.internal.builtin.ManagerControl;
import io.typedipc.internal.channel.ClientChannels;
import io.typedipc.internal.client.ClientConfig;
import io.typedipc.internal.client.ClientReferences;
import io.typedipc.internal.client.ConnectionPool;
import io.typedipc.internal.client.Leases;
import io.typedipc.internal.client.ManagerLink;
import io.typedipc.internal.client.RemoteHandle;
import io.typedipc.internal.client.Session;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.internal.server.IntrospectionService;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.introspect.ManagerView;
import io.typedipc.spi.AbstractProxy;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.RemoteObject;
import io.typedipc.spi.SharedBinding;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * #withTimeout}). Asynchronous methods (returning {@code CompletableFuture}) return at once, unless
 * the connection already has {@linkplain Builder#maxPendingCalls its maximum of calls} waiting for
 * replies, or a {@linkplain Builder#reconnect reconnecting} client has no connection yet: then they
 * wait for room, or for the new connection, first (up to the call's deadline).
 *
 * <p>Failures arrive as {@link TypedIpcException} subclasses; a declared checked exception of a
 * remote method arrives as itself. If the connection is lost, every pending call fails at once with
 * {@link ConnectionLostException} (whether it ran in the Manager is unknown) and, by default, later
 * calls fail the same way; connect a new client to carry on. A Manager that closes gracefully says
 * so first: then those calls fail with {@link ManagerClosedException} instead.
 *
 * <h2>Reconnecting</h2>
 *
 * <p>A client built with {@link Builder#reconnect} — or given several addresses ({@link
 * Builder#addresses}), which reconnects by default — connects again after losing its Manager: to
 * the same address (a Manager restarted there) or to the next address (another member of a
 * cluster), with the backoff and the limit of its {@link ReconnectPolicy}. Then:
 *
 * <ul>
 *   <li>calls that were in flight at the loss still fail with {@link ConnectionLostException};
 *       a call is never sent twice. Later calls wait while the client reconnects and go to the new
 *       Manager; one whose deadline passes first fails, unsent, with a {@link
 *       ConnectionLostException}; once the policy's attempts are exhausted, they fail at once with a
 *       {@link ConnectionLostException} that says so;
 *   <li>proxies of named objects ({@link #shared}) keep working: the object is opened again by
 *       name in the new Manager (which must share it: otherwise their calls fail with {@link
 *       NoSuchObjectException}). Built-in objects obtained by name ({@link #map}, {@link #queue},
 *       {@link #lock}, …) are found again by name, created afresh if the new Manager has none (a
 *       restarted Manager's objects start from their initial state: nothing is restored);
 *   <li>an object the Manager hosted because a call returned it lives only in that Manager: calls
 *       through its proxies fail with {@link NoSuchObjectException} once the client is connected
 *       to another (or restarted) Manager;
 *   <li>channel handles ({@link #channel}), producers, receivers and subscriptions belong to the
 *       Manager they were made with (they hold its ids and reservations): those busy at the loss
 *       fail with {@link ConnectionLostException}, and later calls through them with {@link
 *       NoSuchObjectException}; get new ones from the client, which work with the new Manager;
 *   <li>locks and other synchronizers held in the old Manager are released there with the lost
 *       session, as for a client that died; the new connection holds nothing.
 * </ul>
 *
 * <p>Authentication, TLS, shared memory, keep-alive and every other setting apply to each new
 * connection as to the first.
 */
public final class ManagerClient implements AutoCloseable {
  private final ManagerLink link;
  /** Set by the first {@link #close()}: later ones leave the closing to it. */
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Bindings bindings;
  private volatile ManagerControl control;

  private ManagerClient(ManagerLink link, Bindings bindings) {
    this.link = link;
    this.bindings = bindings;
  }

  /**
   * Removes the object the Manager shares as {@code name} — one shared by name at start ({@link
   * Manager.Builder#share} and the built-in builder methods) or created by name ({@link #map},
   * {@link #queue}, {@link #lock}, …): it is gone for every client, calls through proxies of it
   * fail with {@link NoSuchObjectException}, and calls waiting on it (a lock's, a queue's) end
   * with {@link ManagerClosedException}. A later get-or-create of the name makes a new object.
   * In cluster mode (a Manager with a placement) it is gone from this client's Manager only: the
   * state stays in the cluster, other Managers serve it, and a later get-or-create through this
   * Manager serves the cluster's object again. Objects the Manager hosted because a call returned them need no removal: they go when no
   * client holds a proxy of them.
   *
   * @return whether there was an object of that name
   * @throws IllegalArgumentException if the name is reserved ({@code typedipc.…}) or names a channel
   */
  public boolean remove(String name) {
    Objects.requireNonNull(name, "name");
    boolean[] removed = new boolean[1];
    refusalsAsIllegalArguments(() -> removed[0] = control().remove(name));
    return removed[0];
  }

  /**
   * Connects with default settings (30 s call timeout, 16 MiB frames).
   *
   * @throws ConnectionLostException if the Manager cannot be reached
   * @throws AuthenticationException if the keys differ
   * @throws ManagerBusyException if the Manager serves its maximum number of connections
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
    if (name.startsWith(ManagerControl.ANONYMOUS_PREFIX)) { // hosted on the fly
      Session session = link.session(link.callTimeoutNanos()); // its proxy is pinned to this session's Manager
      if (!control().retain(name)) {
        throw new NoSuchObjectException("the Manager has no shared object named '" + name
            + "' (an object hosted because a call returned it is released once no client holds a proxy of it)");
      }
      return type.cast(binding.newProxy(session.references().retained(name, binding)));
    }
    return type.cast(open(binding, name, null));
  }

  /**
   * A proxy of the named object {@code name}, opened now in the live session; {@code recreate} runs
   * before it is opened again in a later session (a built-in's get-or-create), may be null.
   */
  private Object open(SharedBinding binding, String name, Runnable recreate) {
    return binding.newProxy(RemoteHandle.open(link, name, binding.descriptor(), link.callTimeoutNanos(), recreate));
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
      channels = new ClientChannels(link, bindings);
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
   * <p>{@code proxy} is one this client made: by {@link #shared}, by {@link #map}, {@link #list},
   * {@link #value}, the arrays or {@link #namespace}, or returned by a call. The built-ins that wait
   * (locks, queues, semaphores, events, conditions, barriers) are not proxies: their waits take a
   * timeout of their own.
   *
   * @throws IllegalArgumentException if {@code proxy} is not a proxy of this client (of another
   *     client, too), or {@code timeout} is negative or longer than 36,500 days
   */
  public <T> T withTimeout(T proxy, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    Waits.notTooLong(timeout, "timeout");
    RemoteObject remote = AbstractProxy.remoteOf(proxy);
    if (!(remote instanceof RemoteHandle handle)) {
      throw new IllegalArgumentException(proxy + " is not a typedipc proxy");
    }
    if (handle.link() != link) { // its calls would go through the other client, whatever this one's state
      throw new IllegalArgumentException(proxy + " is a proxy of another ManagerClient; use that client's withTimeout");
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
   * @throws IllegalArgumentException if {@code name} is taken by an object of another type, is
   *     blank, or starts with {@code "typedipc."}
   */
  @SuppressWarnings("unchecked")
  public <K, V> SharedMap<K, V> map(String name) {
    return builtin(BuiltinKinds.MAP, name);
  }

  /**
   * The shared list {@code name} in the Manager, created empty if there is none — Python's {@code
   * Manager().list()}. As for {@link #map}.
   */
  @SuppressWarnings("unchecked")
  public <E> SharedList<E> list(String name) {
    return builtin(BuiltinKinds.LIST, name);
  }

  /**
   * The shared value {@code name} in the Manager, created holding {@code null} if there is none;
   * if it holds {@code null} (in particular when this call created it), it is set to {@code
   * initial}, atomically ({@code compareAndSet(null, initial)}). Python's {@code
   * Manager().Value(type, initial)}. As for {@link #map}.
   */
  @SuppressWarnings("unchecked")
  public <T> SharedValue<T> value(String name, T initial) {
    Objects.requireNonNull(name, "name");
    SharedBinding binding = bindings.of(BuiltinKinds.VALUE.wireType());
    Runnable recreate = () -> { // in a new Manager: created, and set to initial, as here
      create(BuiltinKinds.VALUE, name);
      if (initial != null) {
        ((SharedValue<T>) open(binding, name, null)).compareAndSet(null, initial);
      }
    };
    create(BuiltinKinds.VALUE, name);
    SharedValue<T> value = (SharedValue<T>) open(binding, name, recreate);
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
    SharedIntArray array = builtin(BuiltinKinds.INT_ARRAY, name, (long) length);
    checkLength(name, array.length(), length);
    return array;
  }

  /** The shared array of {@code long}s {@code name}; as for {@link #intArray}. */
  public SharedLongArray longArray(String name, int length) {
    SharedLongArray array = builtin(BuiltinKinds.LONG_ARRAY, name, (long) length);
    checkLength(name, array.length(), length);
    return array;
  }

  /** The shared array of {@code double}s {@code name}; as for {@link #intArray}. */
  public SharedDoubleArray doubleArray(String name, int length) {
    SharedDoubleArray array = builtin(BuiltinKinds.DOUBLE_ARRAY, name, (long) length);
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
    return builtin(BuiltinKinds.NAMESPACE, name);
  }

  /**
   * A proxy for the built-in object {@code name} of {@code kind}, which the Manager creates from
   * {@code parameters} unless it hosts one under that name already.
   *
   * @throws IllegalArgumentException if the Manager refuses: bad parameters, a reserved name, or a
   *     name taken by an object of another type
   */
  @SuppressWarnings("unchecked")
  private <T> T builtin(BuiltinKind kind, String name, Long... parameters) {
    Objects.requireNonNull(name, "name");
    create(kind, name, parameters);
    return (T) open(bindings.of(kind.wireType()), name, () -> create(kind, name, parameters));
  }

  /** Creates the built-in object {@code name} in the live session's Manager unless it has one. */
  private void create(BuiltinKind kind, String name, Long... parameters) {
    refusalsAsIllegalArguments(() -> control().create(name, kind.kind(), List.of(parameters)));
  }

  /**
   * The facade of the built-in object {@code name} of {@code kind}, created as {@link #builtin}
   * does; {@code detail} as {@link BuiltinKind.FacadeFactory#open} takes it.
   */
  @SuppressWarnings("unchecked")
  private <T> T facade(BuiltinKind kind, String name, Object detail, Long... parameters) {
    Object wire = builtin(kind, name, parameters);
    return (T) kind.openFacade(name, wire, patient(wire), detail);
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
    return facade(BuiltinKinds.LOCK, name, null);
  }

  /**
   * The shared reentrant lock {@code name} (Python's {@code Manager().RLock()}), created if absent.
   *
   * @throws IllegalArgumentException if the name is blank, reserved, or taken by another kind of object
   */
  public SharedRLock rlock(String name) {
    return facade(BuiltinKinds.RLOCK, name, null);
  }

  /**
   * The shared condition {@code name} with a reentrant lock of its own ({@link
   * SharedCondition#lock()}), created if absent — Python's {@code Manager().Condition()}. For a
   * condition of an existing lock, use {@link SharedLock#condition(String)}.
   *
   * @throws IllegalArgumentException if the name is blank, reserved, or taken by another kind of object
   */
  public SharedCondition condition(String name) {
    return facade(BuiltinKinds.CONDITION, name, "");
  }

  /**
   * The shared semaphore {@code name} (Python's {@code Manager().Semaphore(permits)}), created
   * with {@code permits} if absent (if it exists, {@code permits} is ignored).
   *
   * @throws IllegalArgumentException if {@code permits} is negative, or the name is blank,
   *     reserved, or taken by another kind of object
   */
  public SharedSemaphore semaphore(String name, int permits) {
    return facade(BuiltinKinds.SEMAPHORE, name, null, (long) permits);
  }

  /**
   * The shared bounded semaphore {@code name} (Python's {@code Manager().BoundedSemaphore(permits)}),
   * created with {@code permits} if absent.
   *
   * @throws IllegalArgumentException if {@code permits} is negative, or the name is blank,
   *     reserved, or taken by another kind of object
   */
  public SharedBoundedSemaphore boundedSemaphore(String name, int permits) {
    return facade(BuiltinKinds.BOUNDED_SEMAPHORE, name, null, (long) permits);
  }

  /**
   * The shared event {@code name} (Python's {@code Manager().Event()}), created unset if absent.
   *
   * @throws IllegalArgumentException if the name is blank, reserved, or taken by another kind of object
   */
  public SharedEvent event(String name) {
    return facade(BuiltinKinds.EVENT, name, null);
  }

  /**
   * The shared barrier {@code name} (Python's {@code Manager().Barrier(parties)}), created for
   * {@code parties} if absent (if it exists, {@code parties} is ignored).
   *
   * @throws IllegalArgumentException if {@code parties} is below 1, or the name is blank,
   *     reserved, or taken by another kind of object
   */
  public SharedBarrier barrier(String name, int parties) {
    return facade(BuiltinKinds.BARRIER, name, null, (long) parties);
  }

  /**
   * The shared barrier {@code name}, as {@link #barrier(String, int)}, through a handle that runs
   * {@code action} whenever its own {@code await} trips the barrier — in this JVM, before the other
   * parties are released (Python's {@code Barrier(parties, action)}, {@code CyclicBarrier}'s barrier
   * action). An action that throws breaks the barrier for every party. Other handles of the same
   * barrier have their own action, or none.
   *
   * @throws IllegalArgumentException if {@code parties} is below 1, or the name is blank,
   *     reserved, or taken by another kind of object
   */
  public SharedBarrier barrier(String name, int parties, Runnable action) {
    Objects.requireNonNull(action, "action");
    return facade(BuiltinKinds.BARRIER, name, action, (long) parties);
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
    return facade(BuiltinKinds.QUEUE, name, type, (long) capacity);
  }

  /**
   * The shared joinable queue {@code name} (Python's {@code Manager().JoinableQueue(maxsize)}),
   * created if absent; as {@link #queue(String, Class, int)}.
   */
  public <E> JoinableQueue<E> joinableQueue(String name, Class<E> type, int capacity) {
    checkElementType(type);
    return facade(BuiltinKinds.JOINABLE_QUEUE, name, type, (long) capacity);
  }

  private static void checkElementType(Class<?> type) {
    Objects.requireNonNull(type, "type");
    if (type.isPrimitive()) {
      throw new IllegalArgumentException("a queue's element type must be a class, not " + type + "; use its box, e.g. Integer.class");
    }
  }

  /**
   * Whether this client's frames go through shared memory: it asked ({@link
   * Builder#sharedMemory}) and the Manager, on this host, agreed. False if it stayed on TCP.
   */
  public boolean usesSharedMemory() {
    return link.isSharedMemory();
  }

  /**
   * Whether the connection is open (not closed and not lost). A client that {@linkplain
   * Builder#reconnect reconnects} is not connected while it reconnects, and connected again after.
   *
   * <p>An idle client's connections are read by no thread, so this first reads, without waiting,
   * what each one received meanwhile: a connection the Manager closed, or lost because the Manager
   * died, while the client made no call counts as lost as soon as its end has reached this host.
   * (With {@link Builder#blockingReads} a read cannot look without waiting: there such a loss is
   * seen at the next call, or when a keep-alive ping fails.)
   */
  public boolean isConnected() {
    return link.checkOpen();
  }

  /**
   * The address of the Manager this client is connected to — with several {@linkplain
   * Builder#addresses addresses}, the one it moved to last — or was connected to last: resolved,
   * as the connection reached it, so it equals {@code new InetSocketAddress(host, port)} for the
   * host and port given.
   */
  public InetSocketAddress managerAddress() {
    return link.address();
  }

  /**
   * Closes the connection; calls still pending fail with {@link ConnectionLostException}. Channel
   * producers still open are flushed first, and consumers stopped; a send waiting for room in a
   * full channel ends, within about a second, with the {@link IllegalStateException} of a closed
   * producer. Idempotent: a close while another thread's close runs returns at once and leaves
   * the work to it (it never cuts the connection under the other's flush).
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    ClientChannels open;
    synchronized (this) {
      open = channels;
    }
    if (open != null && link.isOpen()) {
      open.close(); // flushed while the connection can take it
      link.close(); // the Manager drops this client's references with its session
      return;
    }
    link.close(); // first: with nothing left to flush to, the producers' last puts fail at once
    if (open != null) {
      open.close(); // closed and stopped all the same (a producer that held messages logs that they were lost)
    }
  }

  @Override
  public String toString() {
    return "ManagerClient[" + link.manager() + (link.isOpen() ? "" : ", closed") + "]";
  }

  /** Configures and opens a {@link ManagerClient}. */
  public static final class Builder {
    /** The most connections a client may ask for ({@link #connections}): a Manager's default maxConnections. */
    private static final int MAX_CONNECTIONS = 1024;

    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private ReconnectPolicy reconnect;
    private AuthKey authKey;
    private int maxFrame = Protocol.DEFAULT_MAX_FRAME;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration callTimeout = Duration.ofSeconds(30);
    private boolean blockingReads;
    private boolean lowLatency;
    private boolean sharedMemory;
    private int connections = 4;
    private int maxPendingCalls = ClientConfig.DEFAULT_MAX_PENDING_CALLS;
    private SSLContext tls;
    private final Set<Class<?>> userTypes = new LinkedHashSet<>();

    private Builder() {}

    /**
     * The most TCP connections this client opens to the Manager; default 4. The first opens at
     * connect time and serves the connecting thread; other threads are given connections in turn
     * at their first call, and a connection opens only when a thread given it first calls, so a
     * single-threaded client uses one (after a reconnect too). Each thread always uses the same
     * connection, so its calls keep their order. The connecting thread and the first {@code max -
     * 1} other threads that call get connections of their own, which lets each wait for its reply
     * without waking another thread; a thread keeps its connection after it stops calling, so
     * later threads share them, again in turn. If the Manager refuses an extra connection (it
     * serves its maximum), the threads given it share the client's open connections instead; only
     * the first connection's refusal is an error.
     *
     * @throws IllegalArgumentException if {@code max} is not in 1..1,024
     */
    public Builder connections(int max) {
      if (max < 1 || max > MAX_CONNECTIONS) {
        throw new IllegalArgumentException("connections must be in 1.." + MAX_CONNECTIONS + " (a client needs at least one;"
            + " a Manager serves " + MAX_CONNECTIONS + " by default), got " + max);
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
     *
     * @throws IllegalArgumentException if {@code max} is below 1
     */
    public Builder maxPendingCalls(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxPendingCalls must be at least 1, not " + max);
      }
      this.maxPendingCalls = max;
      return this;
    }

    /**
     * The Manager's host and port. Required, unless {@link #addresses} is given; replaces
     * addresses given before.
     *
     * @throws IllegalArgumentException if {@code port} is outside 1..65535
     */
    public Builder address(String host, int port) {
      Objects.requireNonNull(host, "host");
      checkPort(port);
      addresses.clear();
      addresses.add(InetSocketAddress.createUnresolved(host, port));
      return this;
    }

    /**
     * Several Managers serving the same objects — the members of a cluster — of which the client
     * connects to the first that accepts, trying them in this order; replaces addresses given
     * before. When its Manager dies the client moves to the next live one, without a restart: with
     * several addresses a client reconnects by default ({@link ReconnectPolicy#standard()}; set
     * another policy with {@link #reconnect}, or {@link ReconnectPolicy#none()} to use the others
     * only when connecting). See "Reconnecting" in {@link ManagerClient} for what carries over.
     *
     * @throws IllegalArgumentException if none is given, one is repeated, or one has port 0
     */
    public Builder addresses(InetSocketAddress... addresses) {
      Objects.requireNonNull(addresses, "addresses");
      return addresses(java.util.Arrays.asList(addresses)); // each checked there, "address" if null
    }

    /** The Managers' addresses, as {@link #addresses(InetSocketAddress...)}. */
    public Builder addresses(List<InetSocketAddress> addresses) {
      Objects.requireNonNull(addresses, "addresses");
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("no Manager address given");
      }
      List<InetSocketAddress> checked = new ArrayList<>();
      Set<String> seen = new java.util.HashSet<>();
      for (InetSocketAddress a : addresses) {
        Objects.requireNonNull(a, "address");
        checkPort(a.getPort());
        if (!seen.add(a.getHostString() + ":" + a.getPort())) {
          throw new IllegalArgumentException("the Manager address " + a.getHostString() + ":" + a.getPort() + " is given twice");
        }
        checked.add(InetSocketAddress.createUnresolved(a.getHostString(), a.getPort()));
      }
      this.addresses.clear();
      this.addresses.addAll(checked);
      return this;
    }

    private static void checkPort(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is outside 1..65535");
      }
    }

    /**
     * Whether and how the client connects again after losing its Manager (see "Reconnecting" in
     * {@link ManagerClient}). Default: {@link ReconnectPolicy#none()} with one address, {@link
     * ReconnectPolicy#standard()} with several.
     */
    public Builder reconnect(ReconnectPolicy policy) {
      this.reconnect = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The Manager's auth key. Required. */
    public Builder authKey(AuthKey key) {
      this.authKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * The default deadline of every synchronous and asynchronous call; {@link Duration#ZERO} for
     * none. Default 30 s; at most 36,500 days (as every duration setting).
     *
     * @throws IllegalArgumentException if {@code timeout} is negative or longer than 36,500 days
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Waits.notNegative(Objects.requireNonNull(timeout, "timeout"), "call timeout");
      return this;
    }

    /**
     * How long to wait for the TCP connection. Default 10 s.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive or longer than 36,500 days
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Manager.Builder.positive(timeout, "connect timeout");
      return this;
    }

    /**
     * How long to wait for the Manager to complete the handshake. Default 10 s.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive or longer than 36,500 days
     */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = Manager.Builder.positive(timeout, "handshake timeout");
      return this;
    }

    /**
     * The largest frame this client accepts from the Manager, and the largest it sends. Default 16
     * MiB; from 1 KiB to 512 MiB. A call whose message exceeds it (or the Manager's limit) fails
     * with {@link SerializationException} before anything is sent; a reply that would exceed it
     * fails its call with {@link SerializationException} (the Manager, told the limit when the
     * connection opened, does not send it). Either way the connection serves the next call.
     *
     * @throws IllegalArgumentException if {@code bytes} is outside 1 KiB..512 MiB
     */
    public Builder maxFrameSize(int bytes) {
      this.maxFrame = Manager.Builder.frameLimit(bytes);
      return this;
    }

    /** Allows values of these classes on the wire; must match the Manager's {@code register}. */
    public Builder register(Class<?>... types) {
      Objects.requireNonNull(types, "types");
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

    /**
     * Asks a Manager on this host to carry this client's frames through shared memory instead of
     * the loopback network (it must have {@link Manager.Builder#sharedMemory} on): calls then take
     * microseconds. Everything works the same; each connection still authenticates over TCP and
     * keeps its socket, whose end tells either side the other is gone. If the Manager is on
     * another host, has the option off or uses TLS, the connection silently stays on TCP (logged
     * at DEBUG under {@code io.typedipc.transport}). Default off.
     */
    public Builder sharedMemory(boolean enabled) {
      this.sharedMemory = enabled;
      return this;
    }

    /** Spin briefly before parking while waiting for a reply: lower latency, more CPU. */
    public Builder lowLatency(boolean enabled) {
      this.lowLatency = enabled;
      return this;
    }

    /**
     * Lets a thread waiting for replies block in the socket's read, as a raw blocking socket does:
     * one system call per wait instead of a selector wait and a read (about 2 µs less CPU per
     * call on the project's test machine; see the benchmarks and {@code docs/transport.md}). The price is in how deadlines are kept: a
     * thread blocked in a read cannot time out by itself, so when its call's deadline passes a
     * typedipc timer thread asks the Manager for a one-frame answer that wakes it. While the
     * Manager responds, a call still fails with {@link CallTimeoutException} at its deadline; while
     * it does not (it is stopped, in a long pause, or not reading this connection because the
     * connection already has its maximum of calls in flight), the call ends only once the Manager
     * answers — with its result if that arrives first, else with {@link CallTimeoutException} —
     * or, if it stays silent for its idle timeout (at least 10 s), with {@link
     * ConnectionLostException}, the connection being then closed. Keep the default where a
     * deadline must hold even against a stalled Manager. A thread blocked in that read reads from
     * an interruptible channel, which Java closes when the thread is interrupted: interrupting a
     * caller while it waits for its reply closes its connection, and every call pending on it
     * fails with {@link ConnectionLostException}. Keep interrupts away from callers ({@code
     * ExecutorService.shutdownNow}, {@code Future.cancel(true)}), or keep the default, where a
     * call is not interruptible either but an interrupt only stays set for the caller.
     *
     * <p>Applies to plain TCP connections: TLS, shared-memory and {@link #lowLatency} connections
     * keep their own way of waiting. Default off.
     */
    public Builder blockingReads(boolean enabled) {
      this.blockingReads = enabled;
      return this;
    }

    /**
     * Connects and authenticates.
     *
     * <p>With several addresses, each is tried once, in order, and the first that accepts is used.
     * If none does, and all refused the same way (the auth keys differ, each serves its maximum, …),
     * an exception of that class is thrown whose message gives each Manager's refusal, the first
     * Manager's its cause and the others' attached as {@linkplain Throwable#getSuppressed()
     * suppressed}; otherwise a {@link ConnectionLostException} naming them all, the first failure
     * its cause and the others suppressed.
     *
     * @throws ConnectionLostException if the Manager cannot be reached or does not answer the
     *     handshake in time (with several addresses: none accepts, as above)
     * @throws AuthenticationException if the auth keys differ
     * @throws ManagerBusyException if the Manager serves its maximum number of connections
     * @throws VersionMismatchException if the Manager speaks another protocol version
     * @throws IllegalStateException if no address or no auth key was given
     */
    public ManagerClient connect() {
      if (addresses.isEmpty()) {
        throw new IllegalStateException("no Manager address: call address(host, port)");
      }
      if (authKey == null) {
        throw new IllegalStateException("no auth key: call authKey(...)");
      }
      ReconnectPolicy policy = reconnect != null ? reconnect
          : addresses.size() > 1 ? ReconnectPolicy.standard() : ReconnectPolicy.none();
      List<Class<?>> types = List.copyOf(userTypes);
      Bindings bindings = Bindings.load(types);
      int size = connections;
      InetSocketAddress first = addresses.get(0);
      ClientConfig config = new ClientConfig(first.getHostString(), first.getPort(), authKey, maxFrame, connectTimeout,
          handshakeTimeout, callTimeout, lowLatency, tls, maxPendingCalls, sharedMemory, blockingReads);
      SharedBinding control = bindings.of(ManagerControl.class);
      ManagerLink link = ManagerLink.connect(addresses, config, policy,
          (l, c) -> openSession(l, c, bindings, types, size), ManagerControl.NAME, control.descriptor());
      return new ManagerClient(link, bindings);
    }

    /**
     * Opens a session with the Manager of {@code config}: its connections, a serialization whose
     * references resolve that Manager's objects, and the leases of the objects it hosts on the fly
     * for this client, reported to that Manager only.
     */
    private static Session openSession(ManagerLink link, ClientConfig config, Bindings bindings, List<Class<?>> userTypes,
        int size) throws IOException {
      Serialization serialization = Serialization.create(bindings.descriptors(), userTypes, Serialization.DEFAULT_MAX_DEPTH);
      ConnectionPool pool = new ConnectionPool(config, serialization, size, link.connectingThread());
      SharedBinding control = bindings.of(ManagerControl.class);
      ManagerControl releases = (ManagerControl) control.newProxy(
          RemoteHandle.pinned(link, pool, ManagerControl.NAME, control.descriptor(), config.callTimeoutNanos()));
      Leases leases = new Leases(size, (names, counts) -> {
        if (link.isCurrent(pool) && pool.isOpen()) {
          releases.release(names, counts); // asynchronous: the reply is not awaited
        }
      }, ManagerControl.MAX_RELEASES);
      ClientReferences references = new ClientReferences(link, pool, bindings, leases);
      serialization.sharedReferences(references);
      return new Session(pool, serialization, references, leases);
    }
  }
}
