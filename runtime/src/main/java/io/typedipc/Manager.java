package io.typedipc;

import io.typedipc.builtin.Namespace;
import io.typedipc.builtin.SharedDoubleArray;
import io.typedipc.builtin.SharedIntArray;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedLongArray;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedValue;
import io.typedipc.internal.Bindings;
import io.typedipc.internal.Waits;
import io.typedipc.internal.builtin.BuiltinKind;
import io.typedipc.internal.builtin.BuiltinKinds;
import io.typedipc.internal.builtin.SharedListImpl;
import io.typedipc.internal.builtin.SharedValueImpl;
import io.typedipc.internal.channel.ChannelQueue;
import io.typedipc.internal.channel.ChannelService;
import io.typedipc.internal.channel.ClientChannels;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.internal.server.ManagerJmx;
import io.typedipc.internal.server.ManagerServer;
import io.typedipc.internal.server.ServerConfig;
import io.typedipc.internal.server.ServerLimits;
import io.typedipc.internal.wire.Protocol;
import io.typedipc.internal.wire.SharedMemoryHandshake;
import io.typedipc.introspect.ManagerView;
import io.typedipc.spi.SharedBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * A server that hosts shared objects for other JVMs — Python's {@code BaseManager} with
 * {@code get_server().serve_forever()}.
 *
 * <pre>{@code
 * try (Manager manager = Manager.builder()
 *         .address(6000)                                  // 127.0.0.1 unless told otherwise
 *         .authKey(AuthKey.fromFile(keyFile))
 *         .share(Counter.class, "counter", new CounterImpl())
 *         .start()) {
 *   manager.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Every connection must prove the auth key before anything else is read. Calls to one shared
 * object run one at a time in arrival order unless it was shared with {@link Dispatch#CONCURRENT};
 * different objects are served in parallel. A misbehaving client (wrong key, malformed or
 * oversized frames, dying mid-call) loses its own connection; everyone else keeps being served.
 *
 * <p>Besides the objects it {@linkplain Builder#share shares}, a Manager hosts channels of
 * {@code @Channel} messages ({@link Builder#channel}) and built-in shared objects — map, list,
 * value, arrays, namespace, queues, locks, semaphores, condition, event, barrier — created at start
 * ({@link Builder#map}, {@link Builder#queue}, {@link Builder#lock}, …) or by clients, by name.
 *
 * <p>A Manager can be embedded in any JVM, as above, run standalone with {@link
 * StandaloneManager}, or started as a child JVM with {@link io.typedipc.process.ManagerProcess}.
 */
public final class Manager implements AutoCloseable {
  private final ManagerServer server;
  /** Its JMX MBean, or {@code null} (turned off, or it could not be registered). */
  private final ManagerJmx jmx;
  /** The address it listens on, kept: the closed listening socket no longer has one. */
  private final InetSocketAddress address;

  private Manager(ManagerServer server, ManagerJmx jmx) {
    this.server = server;
    this.jmx = jmx;
    this.address = server.address();
  }

  /**
   * A snapshot of this Manager: its objects (name, kind, type), connections (client, address,
   * since, calls in flight, parked calls), and every method's calls, errors and latency
   * percentiles — Python's {@code debug_info()}. Clients read the same with {@link
   * ManagerClient#introspect()}; JMX consoles see it as {@code io.typedipc:type=Manager}.
   */
  public ManagerView introspect() {
    return server.introspection().view();
  }

  /** A builder with secure defaults: loopback, 16 MiB frames, serial dispatch. */
  public static Builder builder() {
    return new Builder();
  }

  /** The address the Manager listens on (once closed, the one it listened on). */
  public InetSocketAddress address() {
    return address;
  }

  /** The port the Manager listens on (useful after {@code address(0)}; once closed, the one it listened on). */
  public int port() {
    return address.getPort();
  }

  /**
   * How many connections failed authentication since the Manager started. A connection is counted
   * as the Manager ends it, which may be a moment after its client heard of the failure.
   */
  public long authenticationFailures() {
    return server.authenticationFailures();
  }

  /**
   * Removes the object shared as {@code name} (at start, or created by name by a client), as {@link
   * ManagerClient#remove} does: it is gone for every client. With a placement (cluster mode) this
   * Manager stops serving it — opening the name through it fails with {@link
   * NoSuchObjectException} until a client creates the name again — while its state stays in the
   * cluster and the other Managers serve it.
   *
   * @return whether there was an object of that name
   * @throws IllegalArgumentException if the name is reserved ({@code typedipc.…}) or names a channel
   */
  public boolean remove(String name) {
    java.util.Objects.requireNonNull(name, "name");
    return server.removeObject(name);
  }

  /** Blocks until the Manager is closed (from another thread, or by {@link #close()}). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Blocks until the Manager is closed or the time passes; returns whether it is closed. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return server.awaitTermination(Waits.nanos(timeout, "timeout"));
  }

  /**
   * Closes the Manager gracefully: stops accepting connections, refuses new calls with {@link
   * ManagerClosedException}, ends the calls waiting in built-in objects (a lock's, a queue's) with
   * it, lets running calls finish and send their replies (up to the builder's close timeout: a call
   * still running then fails with {@link ManagerClosedException} at its client), then closes every
   * connection. Idempotent.
   */
  @Override
  public void close() {
    if (jmx != null) {
      jmx.unregister();
    }
    server.close();
  }

  @Override
  public String toString() {
    return "Manager[" + address() + "]";
  }

  /** Configures and starts a {@link Manager}. Not thread-safe; use from one thread. */
  public static final class Builder {
    private InetSocketAddress bindAddress = new InetSocketAddress("127.0.0.1", 0);
    private AuthKey authKey;
    private int maxFrame = Protocol.DEFAULT_MAX_FRAME;
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration closeTimeout = Duration.ofSeconds(30);
    private boolean lowLatency;
    private boolean jmx = true;
    private SSLContext tls;
    private boolean sharedMemory;
    private Path sharedMemoryDirectory;
    private int maxConnections = ServerLimits.DEFAULT_MAX_CONNECTIONS;
    private int maxHandshakes = ServerLimits.DEFAULT_MAX_HANDSHAKES;
    private Duration idleTimeout = ServerLimits.DEFAULT_IDLE_TIMEOUT;
    private int maxCallsInFlight = ServerLimits.DEFAULT_MAX_CALLS_IN_FLIGHT;
    private int maxCallBytesInFlight = ServerLimits.DEFAULT_MAX_CALL_BYTES_IN_FLIGHT;
    private int maxArgumentBytes = ServerLimits.DEFAULT_MAX_ARGUMENT_BYTES;
    private int maxReplyBytes = ServerLimits.DEFAULT_MAX_REPLY_BYTES;
    private int maxParkedCalls = ServerLimits.DEFAULT_MAX_PARKED_CALLS;
    private int maxParkedCallsTotal = ServerLimits.DEFAULT_MAX_PARKED_CALLS_TOTAL;
    private int maxQueuedCallsPerObject = ServerLimits.DEFAULT_MAX_QUEUED_CALLS_PER_OBJECT;
    private Duration writeStallTimeout = ServerLimits.DEFAULT_WRITE_STALL_TIMEOUT;
    private final Map<String, Share> shares = new LinkedHashMap<>();
    private final Set<Class<?>> userTypes = new LinkedHashSet<>();
    private Placement placement;

    private final Map<String, Builtin> builtins = new LinkedHashMap<>();

    private record Share(Class<?> type, Object target, Dispatch dispatch) {}

    private record Builtin(String kind, List<Long> parameters) {}

    private Builder() {}

    /** Listens on {@code 127.0.0.1:port}; port 0 picks a free port (see {@link Manager#port()}). */
    public Builder address(int port) {
      return address("127.0.0.1", port);
    }

    /**
     * Listens on {@code host:port}; port 0 picks a free port. Anything but a loopback address
     * exposes the Manager to the network: use a strong key.
     *
     * @throws IllegalArgumentException if {@code port} is outside 0..65535
     */
    public Builder address(String host, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is outside 0..65535");
      }
      this.bindAddress = new InetSocketAddress(Objects.requireNonNull(host, "host"), port);
      return this;
    }

    /** The key every client must prove. Required. */
    public Builder authKey(AuthKey key) {
      this.authKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /** Hosts {@code target} under {@code name}, calls running one at a time ({@link Dispatch#SERIAL}). */
    public <T> Builder share(Class<T> type, String name, T target) {
      return share(type, name, target, Dispatch.SERIAL);
    }

    /**
     * Hosts {@code target} under {@code name}.
     *
     * @param type a {@code @Shared} interface; clients look the object up by this type and name
     * @throws IllegalArgumentException if the name is blank, reserved ({@code typedipc.…}) or
     *     taken, or {@code type} is not an interface that {@code target} implements, or is a
     *     {@code @Channel} interface
     */
    public <T> Builder share(Class<T> type, String name, T target, Dispatch dispatch) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(dispatch, "dispatch");
      checkName(name, "a shared object");
      if (!type.isInterface()) {
        throw new IllegalArgumentException(type.getName() + " is not an interface; share objects by their @Shared interface");
      }
      if (!type.isInstance(target)) {
        throw new IllegalArgumentException(target.getClass().getName() + " does not implement " + type.getName());
      }
      ClientChannels.rejectChannel(type);
      checkFree(name);
      shares.put(name, new Share(type, target, dispatch));
      return this;
    }

    /**
     * Hosts a bounded channel of {@code type} messages under {@code name}: producers' calls block
     * (or time out) while it holds {@code capacity} messages, each message goes to one consumer,
     * and the messages of one producer arrive in its order. See {@link ChannelHandle} for the
     * delivery guarantee. Memory is bounded by {@code capacity} times the largest message.
     *
     * @param type a {@code @Channel} interface
     * @throws IllegalArgumentException if the name is blank, reserved ({@code typedipc.…}) or
     *     taken, the capacity is below 1, or {@code type} is not a {@code @Channel} interface with a
     *     generated binding
     */
    public <T> Builder channel(Class<T> type, String name, int capacity) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(name, "name");
      checkName(name, "a channel");
      if (capacity < 1) {
        throw new IllegalArgumentException("a channel needs a capacity of at least 1, not " + capacity);
      }
      checkFree(name);
      SharedBinding binding = ClientChannels.channelBinding(Bindings.load(List.of(type)), type);
      shares.put(name, new Share(ChannelService.class, new ChannelQueue(name, binding.descriptor(), capacity), Dispatch.CONCURRENT));
      return this;
    }

    /** Refuses a blank name and the Manager's reserved prefix; {@code what} names the object in the message. */
    private static void checkName(String name, String what) {
      if (name.isBlank()) {
        throw new IllegalArgumentException(what + " needs a non-blank name");
      }
      if (name.startsWith("typedipc.")) {
        throw new IllegalArgumentException("names starting with 'typedipc.' are reserved for the Manager's own objects: " + name);
      }
    }

    /** Refuses a name this builder already gave to a shared object, a channel or a built-in. */
    private void checkFree(String name) {
      if (shares.containsKey(name) || builtins.containsKey(name)) {
        throw new IllegalArgumentException("an object named '" + name + "' is already shared");
      }
    }

    /**
     * Creates the built-in object {@code name} of {@code kind} at start; public builder methods for
     * each built-in call this.
     */
    private Builder builtin(BuiltinKind kind, String name, Long... parameters) {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      checkName(name, "a shared object");
      checkFree(name);
      BuiltinKinds.checkParameters(kind, List.of(parameters));
      builtins.put(name, new Builtin(kind.kind(), List.of(parameters)));
      return this;
    }

    /**
     * Allows values of these classes on the wire beyond what the {@code @Shared} interfaces
     * declare, e.g. the classes a type variable ({@code Box<T>}) is used with. Clients must
     * register the same classes.
     */
    public Builder register(Class<?>... types) {
      Objects.requireNonNull(types, "types");
      for (Class<?> t : types) {
        userTypes.add(Objects.requireNonNull(t, "type"));
      }
      return this;
    }

    /**
     * Creates an empty shared map {@code name} at start ({@link SharedMap}); clients get it with
     * {@link ManagerClient#map}.
     */
    public Builder map(String name) {
      return builtin(BuiltinKinds.MAP, name);
    }

    /** Creates an empty shared list {@code name} at start ({@link SharedList}, {@link ManagerClient#list}). */
    public Builder list(String name) {
      return builtin(BuiltinKinds.LIST, name);
    }

    /**
     * Creates the shared list {@code name} at start holding a copy of {@code initial} (Python's
     * {@code manager.list(range(5))}).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Builder list(String name, Collection<?> initial) {
      return share((Class) SharedList.class, name, new SharedListImpl<>(initial));
    }

    /**
     * Creates the shared value {@code name} at start holding {@code initial} ({@link SharedValue},
     * {@link ManagerClient#value}).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Builder value(String name, Object initial) {
      return share((Class) SharedValue.class, name, new SharedValueImpl<>(initial));
    }

    /** Creates a zero-filled shared array of {@code int}s at start ({@link SharedIntArray}). */
    public Builder intArray(String name, int length) {
      return builtin(BuiltinKinds.INT_ARRAY, name, (long) length);
    }

    /** Creates a zero-filled shared array of {@code long}s at start ({@link SharedLongArray}). */
    public Builder longArray(String name, int length) {
      return builtin(BuiltinKinds.LONG_ARRAY, name, (long) length);
    }

    /** Creates a zero-filled shared array of {@code double}s at start ({@link SharedDoubleArray}). */
    public Builder doubleArray(String name, int length) {
      return builtin(BuiltinKinds.DOUBLE_ARRAY, name, (long) length);
    }

    /** Creates an empty namespace {@code name} at start ({@link Namespace}). */
    public Builder namespace(String name) {
      return builtin(BuiltinKinds.NAMESPACE, name);
    }

    /**
     * The largest frame accepted from a client, checked before it is read. Default 16 MiB; from 1 KiB
     * to 512 MiB.
     *
     * @throws IllegalArgumentException if {@code bytes} is outside that range
     */
    public Builder maxFrameSize(int bytes) {
      this.maxFrame = frameLimit(bytes);
      return this;
    }

    /**
     * How many authenticated connections the Manager serves at once. Default {@value
     * ServerLimits#DEFAULT_MAX_CONNECTIONS}. A client that connects beyond it proves its key, is
     * told the Manager is busy, and fails with {@link ManagerBusyException}.
     *
     * @throws IllegalArgumentException if {@code connections} is below 1
     */
    public Builder maxConnections(int connections) {
      this.maxConnections = atLeast(connections, 1, "maxConnections");
      return this;
    }

    /**
     * How many accepted connections may be authenticating at once. Default {@value
     * ServerLimits#DEFAULT_MAX_HANDSHAKES}. A socket accepted beyond it is closed at once (the
     * client sees its connection closed during the handshake); see also {@link #handshakeTimeout}.
     *
     * @throws IllegalArgumentException if {@code handshakes} is below 1
     */
    public Builder maxHandshakes(int handshakes) {
      this.maxHandshakes = atLeast(handshakes, 1, "maxHandshakes");
      return this;
    }

    /**
     * How long an authenticated connection may send nothing before the Manager closes it. Default
     * 60 s; {@link Duration#ZERO} for no limit, otherwise at least 100 ms. Clients send a small
     * keep-alive frame every third of it while idle, so live clients are never cut; only a peer
     * that stopped talking is.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative, between zero and 100 ms, or
     *     longer than 36,500 days
     */
    public Builder idleTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || (!timeout.isZero() && timeout.toMillis() < 100)) {
        throw new IllegalArgumentException("idle timeout must be zero (none) or at least 100 ms, got " + timeout);
      }
      this.idleTimeout = Waits.notTooLong(timeout, "idle timeout");
      return this;
    }

    /**
     * How many calls of one connection may be read and not yet run and answered. Default {@value
     * ServerLimits#DEFAULT_MAX_CALLS_IN_FLIGHT}. When reached, the Manager stops reading that
     * connection until one finishes, so TCP pushes back on that client alone: its further calls
     * wait in its own send buffer. Calls parked in a wait do not count (see {@link #maxParkedCalls}).
     *
     * @throws IllegalArgumentException if {@code calls} is below 1
     */
    public Builder maxCallsInFlight(int calls) {
      this.maxCallsInFlight = atLeast(calls, 1, "maxCallsInFlight");
      return this;
    }

    /**
     * How many bytes one connection's calls in flight may hold in the Manager: each call counts its
     * decoded arguments as estimated (see {@link #maxArgumentBytes}), or its frame's bytes if more.
     * Default 32 MiB; at least 1 KiB, and raised to the frame limit ({@link #maxFrameSize}) if
     * lower. The same back-pressure as {@link #maxCallsInFlight}: the Manager reads the next call
     * only while the calls it holds take less, so they take at most this plus one call's arguments.
     *
     * @throws IllegalArgumentException if {@code bytes} is below 1,024
     */
    public Builder maxCallBytesInFlight(int bytes) {
      this.maxCallBytesInFlight = atLeast(bytes, Protocol.MIN_MAX_FRAME, "maxCallBytesInFlight");
      return this;
    }

    /**
     * How much heap the decoded arguments of one call may take in the Manager, as typedipc
     * estimates it while decoding them. Default 64 MiB; at least 1 KiB. A frame within {@link
     * #maxFrameSize} can still decode to many times its bytes (a map of a million small entries
     * takes a few MB on the wire and about 100 MB of heap), so a call whose arguments pass this
     * fails with {@link SerializationException} ("the arguments of … would take more than … bytes
     * of the Manager's heap once decoded"), without running; the connection and the client's other
     * calls go on.
     *
     * <p>The estimate counts each object decoded at its fields' size (compressed references,
     * 8-byte alignment), a string at two bytes a character (one for a string sent as Latin-1 or
     * ASCII), an array at its elements' size, a collection or map entry at its node's size, what
     * the JDK's value classes build besides (a date-time's parts, a set's map, a {@code URI}'s
     * strings, a {@code Locale}'s parsing), an exception at the stack its constructor records,
     * and what a value class's no-arg constructor allocates (measured on its first values). It
     * stays within a factor of three of what decoding allocates for the shapes typedipc's tests
     * try; it is not a bound on the heap (a garbage collector also needs room to work). What it
     * misses (the work of a record's canonical constructor, or of a collection class's, or of the
     * comparisons a sorted set makes) is bounded by measurement where the JVM counts allocations
     * (HotSpot does): a call whose decoding allocates more than four times this, temporaries
     * included, is refused the same way, and a call in flight counts at least half of what its
     * decoding allocated. A byte array takes a few bytes more than its length, so keep this above
     * the largest arrays your calls carry.
     *
     * @throws IllegalArgumentException if {@code bytes} is below 1,024
     */
    public Builder maxArgumentBytes(int bytes) {
      this.maxArgumentBytes = atLeast(bytes, Protocol.MIN_MAX_FRAME, "maxArgumentBytes");
      return this;
    }

    /**
     * How many bytes of replies to one connection may wait to be written. Default 32 MiB; at least
     * 1 KiB, and raised to the frame limit ({@link #maxFrameSize}) if lower. A client that does not
     * read its replies reaches it and its connection is closed (its calls fail with {@link
     * ConnectionLostException}); nobody else waits for it.
     *
     * @throws IllegalArgumentException if {@code bytes} is below 1,024
     */
    public Builder maxReplyBytes(int bytes) {
      this.maxReplyBytes = atLeast(bytes, Protocol.MIN_MAX_FRAME, "maxReplyBytes");
      return this;
    }

    /**
     * How many calls of one connection may be parked in the Manager at once: waits on locks,
     * queues, events, conditions, barriers, and {@code CompletableFuture} methods not yet complete.
     * Every call to a method returning a {@code CompletableFuture} (which is how the built-in waits
     * park) counts from when it is read until it is answered. Default {@value
     * ServerLimits#DEFAULT_MAX_PARKED_CALLS}. Beyond it a call fails at once with {@link
     * ManagerBusyException}; nothing was run.
     *
     * @throws IllegalArgumentException if {@code calls} is below 1
     */
    public Builder maxParkedCalls(int calls) {
      this.maxParkedCalls = atLeast(calls, 1, "maxParkedCalls");
      return this;
    }

    /**
     * How many calls may be parked in the whole Manager (counted as for {@link #maxParkedCalls})
     * beyond the first {@code maxParkedCallsTotal / maxConnections} of each connection (97 with the
     * defaults), which a connection may always park whatever the others do. Default {@value
     * ServerLimits#DEFAULT_MAX_PARKED_CALLS_TOTAL} (a parked queue get or lock wait holds a few
     * hundred bytes of heap). A call beyond its connection's first ones that finds the bound
     * reached fails at once with {@link ManagerBusyException} (nothing was run). So the Manager
     * never holds more than twice the bound, and clients that park a few calls per connection are
     * not refused because another client parked many; without it, one client opening many
     * connections could park {@code maxParkedCalls} on each, more than a small heap holds.
     *
     * @throws IllegalArgumentException if {@code calls} is below 1
     */
    public Builder maxParkedCallsTotal(int calls) {
      this.maxParkedCallsTotal = atLeast(calls, 1, "maxParkedCallsTotal");
      return this;
    }

    /**
     * How many calls may wait for their turn on one shared object (calls run one at a time).
     * Default {@value ServerLimits#DEFAULT_MAX_QUEUED_CALLS_PER_OBJECT}. When reached, a connection
     * with one more call for it is not read until there is room.
     *
     * @throws IllegalArgumentException if {@code calls} is below 1
     */
    public Builder maxQueuedCallsPerObject(int calls) {
      this.maxQueuedCallsPerObject = atLeast(calls, 1, "maxQueuedCallsPerObject");
      return this;
    }

    /**
     * How long writing to a client may make no progress (not one 64 KiB slice written) before its
     * connection is closed. Default 30 s.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive or longer than 36,500 days
     */
    public Builder writeStallTimeout(Duration timeout) {
      this.writeStallTimeout = positive(timeout, "write stall timeout");
      return this;
    }

    /**
     * How long a new connection may take to authenticate. Default 10 s.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive or longer than 36,500 days
     */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = positive(timeout, "handshake timeout");
      return this;
    }

    /**
     * How long {@link Manager#close()} waits for running calls. Default 30 s.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive or longer than 36,500 days
     */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = positive(timeout, "close timeout");
      return this;
    }

    /**
     * Serves clients on this host through shared memory when they ask for it ({@link
     * ManagerClient.Builder#sharedMemory}): after the usual handshake over TCP, such a connection's
     * frames move to a pair of ring buffers in a memory-mapped file, and its socket only wakes a
     * sleeping reader and tells each side when the other is gone. Calls then take microseconds
     * instead of a loopback round trip. Each connection maps {@value
     * io.typedipc.internal.wire.SharedRings#DEFAULT_CAPACITY} bytes per direction (twice that in
     * all). The file is created owner-only under a random name, announced only to the
     * authenticated client on its own connection, and deleted as soon as the client mapped it; at
     * start, files left by a crashed Manager of this user are removed. Clients on other hosts,
     * with TLS, or without the option stay on TCP. Default off.
     */
    public Builder sharedMemory(boolean enabled) {
      this.sharedMemory = enabled;
      return this;
    }

    /**
     * Where the shared-memory files are created ({@link #sharedMemory}); default {@code /dev/shm}
     * where it exists (memory, not disk), else the temporary directory. With shared memory on,
     * {@link #start()} fails with {@link IllegalStateException} if it is not a writable directory.
     */
    public Builder sharedMemoryDirectory(Path directory) {
      this.sharedMemoryDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Spin briefly (about 50 µs over TCP, 200 µs over shared memory) on each connection before
     * parking when no data is waiting, which cuts latency at the price of CPU. Default off.
     */
    public Builder lowLatency(boolean enabled) {
      this.lowLatency = enabled;
      return this;
    }

    /**
     * Whether to register the Manager's {@link io.typedipc.introspect.ManagerMXBean} in the
     * platform MBean server, as {@code io.typedipc:type=Manager,address="host:port"} (default
     * true). {@link Manager#introspect()} and clients' {@link ManagerClient#introspect()} work
     * either way.
     */
    public Builder jmx(boolean enabled) {
      this.jmx = enabled;
      return this;
    }

    /**
     * Encrypts every connection with TLS from this context, which must hold the Manager's key and
     * certificate (e.g. from a PKCS#12 key store through a {@code KeyManagerFactory}). Clients then
     * need {@link ManagerClient.Builder#tls} with a context that trusts the certificate, which
     * must name the host they connect to. The auth key is still checked, inside TLS. For traffic
     * between hosts. The context is not checked here: one without a private key (a trust store
     * loaded as the key store, say) starts a Manager whose every handshake fails, each logged with
     * the JDK's reason ({@code No available authentication scheme}) and a hint at the missing key.
     */
    public Builder tls(SSLContext context) {
      this.tls = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Keeps the state of the objects this Manager serves where {@code placement} says instead of in
     * this JVM's heap — for example in a Hazelcast cluster, with the {@code typedipc-hazelcast}
     * module, so that several Managers serve the same objects. Without one (the default) a Manager
     * keeps everything in its own memory and needs nothing else.
     */
    public Builder placement(Placement placement) {
      this.placement = Objects.requireNonNull(placement, "placement");
      return this;
    }

    /** Creates the shared lock {@code name} at start (see {@link ManagerClient#lock}). */
    public Builder lock(String name) {
      return builtin(BuiltinKinds.LOCK, name);
    }

    /** Creates the shared reentrant lock {@code name} at start (see {@link ManagerClient#rlock}). */
    public Builder rlock(String name) {
      return builtin(BuiltinKinds.RLOCK, name);
    }

    /** Creates the shared condition {@code name}, with its own lock, at start (see {@link ManagerClient#condition}). */
    public Builder condition(String name) {
      return builtin(BuiltinKinds.CONDITION, name);
    }

    /**
     * Creates the shared semaphore {@code name} with {@code permits} at start (see {@link
     * ManagerClient#semaphore}).
     */
    public Builder semaphore(String name, int permits) {
      return builtin(BuiltinKinds.SEMAPHORE, name, (long) permits);
    }

    /**
     * Creates the shared bounded semaphore {@code name} with {@code permits} at start (see {@link
     * ManagerClient#boundedSemaphore}).
     */
    public Builder boundedSemaphore(String name, int permits) {
      return builtin(BuiltinKinds.BOUNDED_SEMAPHORE, name, (long) permits);
    }

    /** Creates the shared event {@code name}, unset, at start (see {@link ManagerClient#event}). */
    public Builder event(String name) {
      return builtin(BuiltinKinds.EVENT, name);
    }

    /** Creates the shared barrier {@code name} for {@code parties} at start (see {@link ManagerClient#barrier}). */
    public Builder barrier(String name, int parties) {
      return builtin(BuiltinKinds.BARRIER, name, (long) parties);
    }

    /**
     * Creates the shared queue {@code name} holding at most {@code capacity} elements (0:
     * unbounded) at start (see {@link ManagerClient#queue(String, Class, int)}).
     */
    public Builder queue(String name, int capacity) {
      return builtin(BuiltinKinds.QUEUE, name, (long) capacity);
    }

    /** Creates the shared joinable queue {@code name} at start (see {@link ManagerClient#joinableQueue}). */
    public Builder joinableQueue(String name, int capacity) {
      return builtin(BuiltinKinds.JOINABLE_QUEUE, name, (long) capacity);
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalStateException if no auth key was given, or {@link #sharedMemory} is on and the
     *     shared-memory directory is not a writable directory
     * @throws IllegalArgumentException if a shared type has no generated binding
     * @throws UncheckedIOException if the address cannot be bound (its host name does not resolve,
     *     is not this machine's, or the port is taken)
     */
    public Manager start() {
      if (authKey == null) {
        throw new IllegalStateException("a Manager needs an auth key: call authKey(...) (AuthKey.generate() makes one)");
      }
      List<Class<?>> types = new ArrayList<>();
      for (Share s : shares.values()) {
        types.add(s.type());
      }
      Bindings bindings = Bindings.load(types);
      for (Share s : shares.values()) {
        bindings.of(s.type());
      }
      Serialization serialization = Serialization.create(bindings.descriptors(), userTypes, Serialization.DEFAULT_MAX_DEPTH);
      SharedMemoryHandshake.Settings shm = null;
      if (sharedMemory) {
        shm = SharedMemoryHandshake.Settings.in(sharedMemoryDirectory);
        if (!Files.isDirectory(shm.directory()) || !Files.isWritable(shm.directory())) {
          throw new IllegalStateException("the shared-memory directory " + shm.directory() + " is not a writable directory");
        }
        SharedMemoryHandshake.removeStaleFiles(shm.directory());
      }
      ServerConfig config = new ServerConfig(bindAddress, authKey, maxFrame, handshakeTimeout, closeTimeout, lowLatency, tls,
          new ServerLimits(maxConnections, maxHandshakes, idleTimeout, maxCallsInFlight,
              Math.max(maxCallBytesInFlight, maxFrame + 4), maxArgumentBytes, Math.max(maxReplyBytes, maxFrame + 4), maxParkedCalls, maxParkedCallsTotal,
              maxQueuedCallsPerObject, writeStallTimeout),
          shm);
      if (bindAddress.isUnresolved()) { // binding would throw UnresolvedAddressException, with no message
        throw new UncheckedIOException("cannot listen on " + bindAddress.getHostString() + ":" + bindAddress.getPort()
            + ": unknown host", new java.net.UnknownHostException(bindAddress.getHostString()));
      }
      ManagerServer server;
      try {
        server = new ManagerServer(config, serialization);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on " + bindAddress + ": " + e.getMessage(), e);
      }
      boolean opened = false; // the placement is this start's: a failure hands it back (startFailed)
      try {
        if (placement != null) {
          List<Class<?>> stateClasses = new ArrayList<>();
          shares.forEach((name, s) -> {
            if (!(s.target() instanceof ChannelQueue)) {
              stateClasses.add(s.target().getClass());
            }
          });
          placement.open(bindings.descriptors(), userTypes, stateClasses);
          opened = true;
        }
        server.exportControl(bindings);
        server.placement(placement);
        server.introspection().export(bindings);
        shares.forEach((name, s) -> {
          if (placement == null) {
            server.export(name, bindings.of(s.type()), s.target(), s.dispatch());
          } else if (s.target() instanceof ChannelQueue channel) {
            io.typedipc.internal.channel.ChannelState st = channel.state();
            Object hosted = placement.channel(name, st.messageType(), st.fingerprint(), st.capacity());
            server.export(name, bindings.of(s.type()), hosted != null ? hosted : channel, s.dispatch());
          } else {
            Placement.Hosted hosted = placement.share(name, bindings.of(s.type()), s.target(), s.dispatch());
            server.export(name, bindings.of(s.type()), hosted.target(), hosted.dispatch());
          }
        });
        // a placement may refuse a built-in too (Placement#builtin): the start stops all the same
        builtins.forEach((name, b) -> server.createBuiltin(name, b.kind(), b.parameters()));
      } catch (RuntimeException e) { // nothing of a start that failed stays bound or running
        server.close();
        if (opened) {
          try {
            placement.startFailed();
          } catch (RuntimeException undo) {
            e.addSuppressed(undo);
          }
        }
        throw e;
      }
      server.start();
      return new Manager(server, jmx ? ManagerJmx.register(server.introspection()) : null);
    }

    /**
     * The largest frame limit a side may set: 512 MiB. A frame's buffer may double while it fills,
     * and a Java array stops short of 2 GiB, so a larger limit could never be met.
     */
    static final int MAX_MAX_FRAME = 512 * 1024 * 1024;

    static int frameLimit(int bytes) {
      if (bytes < Protocol.MIN_MAX_FRAME || bytes > MAX_MAX_FRAME) {
        throw new IllegalArgumentException("maxFrameSize must be at " + (bytes < Protocol.MIN_MAX_FRAME
            ? "least " + Protocol.MIN_MAX_FRAME : "most " + MAX_MAX_FRAME) + " bytes, got " + bytes);
      }
      return bytes;
    }

    static int atLeast(int value, int min, String what) {
      if (value < min) {
        throw new IllegalArgumentException(what + " must be at least " + min + ", got " + value);
      }
      return value;
    }

    static Duration positive(Duration d, String what) {
      return Waits.notTooLong(Waits.positive(Objects.requireNonNull(d, what), what), what);
    }
  }
}
