package io.typedipc.hazelcast;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.typedipc.SerializationException;
import io.typedipc.internal.Bindings;
import io.typedipc.internal.builtin.BuiltinKind;
import io.typedipc.internal.builtin.BuiltinKinds;
import io.typedipc.internal.builtin.NamespaceImpl;
import io.typedipc.internal.builtin.SharedDoubleArrayImpl;
import io.typedipc.internal.builtin.SharedIntArrayImpl;
import io.typedipc.internal.builtin.SharedListImpl;
import io.typedipc.internal.builtin.SharedLongArrayImpl;
import io.typedipc.internal.builtin.SharedMapImpl;
import io.typedipc.internal.builtin.SharedValueImpl;
import io.typedipc.internal.serial.Serialization;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.spi.MethodDescriptor;
import io.typedipc.spi.SharedBinding;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One member's typedipc side of the cluster: the allow-listed serialization of call arguments,
 * results and object state, the bindings, the maps, and the synchronizers parked here. Entry
 * processors running on this member find it through the member's user context.
 */
final class ClusterContext {
  static final Logger LOG = System.getLogger("io.typedipc.hazelcast");
  private static final String USER_CONTEXT_KEY = "io.typedipc.hazelcast.ClusterContext";
  /** The largest serialised state, arguments or result (as the Manager's default frame limit). */
  static final int MAX_BYTES = 16 << 20;
  /** How often parked waits retry even without an event, and check their deadlines. */
  static final long RETRY_MILLIS = 200;

  /** The built-in containers kept as object state, by kind. */
  private static final Set<String> CONTAINERS = Set.of("map", "list", "value", "namespace", "intArray", "longArray", "doubleArray");
  private static final List<Class<?>> CONTAINER_CLASSES = List.of(SharedMapImpl.class, SharedListImpl.class, SharedValueImpl.class,
      NamespaceImpl.class, SharedIntArrayImpl.class, SharedLongArrayImpl.class, SharedDoubleArrayImpl.class);

  final Serialization serialization;
  private final Map<String, SharedBinding> bindings = new ConcurrentHashMap<>();
  private final Bindings loaded;
  private volatile HazelcastInstance hz;
  private volatile IMap<String, ObjectEntry> objects;
  private volatile IMap<String, SyncState> sync;
  private volatile UUID localMember;
  /** The registrations {@link #attach} made on the member, removed by {@link #close}. */
  private volatile UUID syncListener;
  private volatile UUID membershipListener;
  /** The synchronizers this member hosts, by name. */
  private final Map<String, ClusterSync> syncs = new ConcurrentHashMap<>();
  /**
   * Runs retries of parked waits, timeouts and clean-ups: never a Hazelcast thread. At {@link
   * #close} it runs the clean-ups already queued, not its timers.
   */
  final ScheduledExecutorService waits = newWaitsExecutor();
  private volatile boolean closed;

  private ClusterContext(Serialization serialization, Bindings loaded) {
    this.serialization = serialization;
    this.loaded = loaded;
  }

  /**
   * @throws IllegalArgumentException naming the class, if a state class cannot be serialised
   */
  static ClusterContext create(Collection<InterfaceDescriptor> interfaces, Collection<Class<?>> userTypes,
      Collection<Class<?>> stateClasses) {
    for (Class<?> c : stateClasses) {
      StateCheck.checkClass(c);
    }
    Set<Class<?>> types = new LinkedHashSet<>(userTypes);
    types.addAll(CONTAINER_CLASSES);
    types.addAll(stateClasses);
    Serialization s = Serialization.create(interfaces, types, Serialization.DEFAULT_MAX_DEPTH);
    s.sharedReferences(new NoReferencesInCluster()); // a shared object inside cluster state: a clear refusal
    return new ClusterContext(s, Bindings.load(List.of()));
  }

  /** The context of the member that runs an entry processor. */
  static ClusterContext of(HazelcastInstance hz) {
    Object ctx = hz.getUserContext().get(USER_CONTEXT_KEY);
    if (ctx == null) {
      throw new IllegalStateException("the Hazelcast member " + hz.getCluster().getLocalMember()
          + " runs no typedipc Manager with a HazelcastPlacement; every member of the cluster must");
    }
    return (ClusterContext) ctx;
  }

  /**
   * Serves this member's entry processors from now on.
   *
   * @throws IllegalStateException if another placement's context serves them (its placement not closed)
   */
  void attach(HazelcastInstance instance) {
    if (instance.getUserContext().putIfAbsent(USER_CONTEXT_KEY, this) != null) {
      throw new IllegalStateException("the Hazelcast member " + instance.getCluster().getLocalMember()
          + " serves a Manager through another HazelcastPlacement: one placement at a time per member;"
          + " close that placement first");
    }
    this.hz = instance;
    this.localMember = instance.getCluster().getLocalMember().getUuid();
    this.objects = instance.getMap(HazelcastPlacement.OBJECTS);
    this.sync = instance.getMap(HazelcastPlacement.SYNC);
    syncListener = sync.addEntryListener(
        (EntryUpdatedListener<String, SyncState> & EntryAddedListener<String, SyncState>) new Changes(), false);
    membershipListener = instance.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {}

      @Override
      public void memberRemoved(MembershipEvent event) {
        UUID gone = event.getMember().getUuid();
        try {
          waits.execute(() -> memberGone(gone));
        } catch (RejectedExecutionException e) {
          // closed meanwhile: this placement's waits are over
        }
      }
    });
    waits.scheduleWithFixedDelay(this::tick, RETRY_MILLIS, RETRY_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Every change of a synchronizer's entry: its waiters parked here may proceed now. */
  private final class Changes implements EntryUpdatedListener<String, SyncState>, EntryAddedListener<String, SyncState> {
    @Override
    public void entryUpdated(com.hazelcast.core.EntryEvent<String, SyncState> event) {
      changed(event.getKey());
    }

    @Override
    public void entryAdded(com.hazelcast.core.EntryEvent<String, SyncState> event) {
      changed(event.getKey());
    }
  }

  private void changed(String name) {
    ClusterSync s = syncs.get(name);
    if (s != null && s.hasWaiters()) {
      waits.execute(s::retry);
    }
  }

  private void tick() {
    for (ClusterSync s : syncs.values()) {
      try {
        s.tick();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "retrying the waits of '" + s.name + "' failed", e);
      }
    }
  }

  /**
   * A member left or died: the locks and permits its clients held are given back. Every member
   * that sees it does this; doing it twice changes nothing.
   */
  private void memberGone(UUID member) {
    if (closed) {
      return;
    }
    try {
      sync.executeOnEntries(new SyncOps.MemberGone(member.toString()));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "releasing what the clients of member " + member + " held failed", e);
    }
  }

  /**
   * Whether {@code e} says the cluster could not run an operation (a member left, a timeout, this
   * member shutting down) rather than that the operation itself failed.
   */
  static boolean isClusterFailure(Throwable e) {
    return e instanceof com.hazelcast.core.HazelcastException
        || e instanceof com.hazelcast.core.HazelcastInstanceNotActiveException
        || e instanceof com.hazelcast.core.MemberLeftException
        || e instanceof java.util.concurrent.CancellationException;
  }

  UUID localMember() {
    return localMember;
  }

  IMap<String, ObjectEntry> objects() {
    return objects;
  }

  IMap<String, SyncState> sync() {
    return sync;
  }

  private static ScheduledExecutorService newWaitsExecutor() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "typedipc-cluster-waits");
      t.setDaemon(true);
      return t;
    });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // timeouts and retries end with the close
    return executor;
  }

  /**
   * Gives back what a departed client held: on the waits thread, or on the calling thread once this
   * placement is closed. A client's departure is seen when its Manager's connection readers notice
   * their close, which may be after this placement closed; a member used with {@link
   * HazelcastPlacement#on} outlives it, and must not keep a departed client's locks, permits and
   * unacknowledged messages for good.
   */
  void afterClientLeft(Runnable giveBack) {
    try {
      waits.execute(giveBack);
    } catch (RejectedExecutionException e) {
      giveBack.run();
    }
  }

  /** Whether this placement's member still runs (one used with {@code on} outlives the placement). */
  boolean memberRunning() {
    HazelcastInstance instance = hz;
    return instance != null && instance.getLifecycleService().isRunning();
  }

  void close() {
    closed = true;
    for (ClusterSync s : syncs.values()) {
      s.closeWaits();
    }
    waits.shutdown(); // what departed clients held is given back by the tasks queued for it
    try {
      if (!waits.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "giving back what departed clients held took longer than 10 s; not waiting longer");
        waits.shutdownNow();
      }
    } catch (InterruptedException e) {
      waits.shutdownNow();
      Thread.currentThread().interrupt();
    }
    HazelcastInstance instance = hz;
    if (instance != null && instance.getLifecycleService().isRunning()) {
      // a member used with on() outlives its placement: nothing of this one may stay registered there
      if (syncListener != null) {
        sync.removeEntryListener(syncListener);
      }
      if (membershipListener != null) {
        instance.getCluster().removeMembershipListener(membershipListener);
      }
      instance.getUserContext().remove(USER_CONTEXT_KEY, this);
    }
  }

  // ------------------------------------------------------------------ objects

  SharedBinding binding(String interfaceName) {
    SharedBinding b = bindings.get(interfaceName);
    if (b == null) {
      b = loaded.find(interfaceName);
      if (b == null) {
        throw new IllegalStateException("member " + localMember + " has no typedipc binding for " + interfaceName
            + ": every member must share the same objects");
      }
    }
    return b;
  }

  /** Checks {@code target}, puts its state unless the cluster has some for {@code name}, returns the stand-in. */
  Object shareObject(String name, SharedBinding binding, Object target) {
    bindings.putIfAbsent(binding.descriptor().name(), binding);
    byte[] state = StateCheck.serialise(this, name, target);
    objects.putIfAbsent(name, new ObjectEntry(binding.descriptor().name(), state));
    return standIn(name, binding);
  }

  /** What this Manager hosts for the cluster's object {@code name}: a proxy whose calls run on the entry. */
  private Object standIn(String name, SharedBinding binding) {
    return binding.newProxy(new ClusterRemote(this, name, binding.descriptor()));
  }

  Object builtin(String name, String kindName, List<Long> parameters) {
    BuiltinKind kind = BuiltinKinds.of(kindName);
    if (CONTAINERS.contains(kindName)) {
      Object target = kind.factory().apply(parameters); // checks the parameters
      return shareObject(name, loaded.of(kind.wireType()), target);
    }
    ClusterSync s = switch (kindName) {
      case "lock", "rlock", "condition" -> new ClusterLock(this, name, kindName);
      case "semaphore" -> new ClusterSemaphore(this, name, BuiltinKinds.intParameter(parameters, kindName, "an initial value"), false);
      case "boundedSemaphore" -> new ClusterSemaphore(this, name, BuiltinKinds.intParameter(parameters, kindName, "an initial value"), true);
      case "event" -> new ClusterEvent(this, name);
      case "queue" -> new ClusterQueue(this, name, BuiltinKinds.intParameter(parameters, kindName, "a capacity"), false);
      case "joinableQueue" -> new ClusterQueue(this, name, BuiltinKinds.intParameter(parameters, kindName, "a capacity"), true);
      case "barrier" -> new ClusterBarrier(this, name, BuiltinKinds.intParameter(parameters, kindName, "a number of parties"));
      default -> throw new IllegalArgumentException("cluster mode does not offer the built-in kind '" + kindName + "' ('" + name + "')");
    };
    return host(s);
  }

  /** Hosts {@code s} in this Manager under its name, creating its state unless the cluster has it. */
  private <S extends ClusterSync> S host(S s) {
    ClusterSync old = syncs.put(s.name, s);
    if (old != null) {
      old.closeWaits(); // the Manager removed and re-created it: the old one's waits end
    }
    s.create();
    return s;
  }

  /**
   * The object {@code name} kept in the cluster but not hosted by this Manager (created by name
   * through another), as this Manager should host it; {@code null} if the cluster has none.
   */
  io.typedipc.Placement.Found find(String name) {
    ObjectEntry entry = objects.get(name);
    if (entry != null) {
      SharedBinding binding = binding(entry.interfaceName);
      return new io.typedipc.Placement.Found(binding.descriptor().type(), standIn(name, binding),
          io.typedipc.Dispatch.CONCURRENT);
    }
    SyncState state = sync.get(name);
    if (state == null) {
      return null;
    }
    ClusterSync s;
    Class<?> type;
    if (state instanceof SyncState.Lock l) {
      s = new ClusterLock(this, name, l.kind);
      type = BuiltinKinds.of(l.kind).wireType();
    } else if (state instanceof SyncState.Semaphore m) {
      s = new ClusterSemaphore(this, name, m.initial, m.bounded);
      type = m.bounded ? io.typedipc.internal.builtin.BoundedSemaphoreWire.class : io.typedipc.internal.builtin.SemaphoreWire.class;
    } else if (state instanceof SyncState.Event) {
      s = new ClusterEvent(this, name);
      type = io.typedipc.internal.builtin.EventWire.class;
    } else if (state instanceof SyncState.Queue q) {
      s = new ClusterQueue(this, name, q.capacity, q.joinable);
      type = BuiltinKinds.of(q.kind()).wireType();
    } else if (state instanceof SyncState.Barrier b) {
      s = new ClusterBarrier(this, name, b.parties);
      type = io.typedipc.internal.builtin.BarrierWire.class;
    } else if (state instanceof SyncState.Channel c) {
      s = new ClusterChannel(this, name, c.messageType, c.fingerprint, c.capacity);
      type = io.typedipc.internal.channel.ChannelService.class;
    } else {
      return null;
    }
    ClusterSync hosted = syncs.computeIfAbsent(name, k -> s);
    return new io.typedipc.Placement.Found(type, hosted, io.typedipc.Dispatch.CONCURRENT);
  }

  /** The channel {@code name}: its state in the cluster, its waits in this Manager. */
  Object channel(String name, String messageType, String fingerprint, int capacity) {
    return host(new ClusterChannel(this, name, messageType, fingerprint, capacity));
  }

  // ------------------------------------------------------------------ bytes

  /** Writes values of the given declared types, in order. */
  byte[] write(Object[] values, List<Class<?>> types) {
    Kryo kryo = serialization.borrow();
    try {
      Output out = new Output(256, MAX_BYTES);
      for (int i = 0; i < values.length; i++) {
        serialization.writeValue(kryo, out, values[i], types.get(i));
      }
      return out.toBytes();
    } catch (KryoException e) {
      throw new SerializationException("a value is larger than " + MAX_BYTES + " bytes: " + e.getMessage(), e);
    } finally {
      serialization.release(kryo);
    }
  }

  byte[] writeOne(Object value, Class<?> type) {
    return write(new Object[] {value}, List.of(type));
  }

  Object[] read(byte[] bytes, List<Class<?>> types) {
    Kryo kryo = serialization.borrow();
    try {
      Input in = Serialization.frameInput(bytes, 0, bytes.length);
      Object[] values = new Object[types.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = serialization.readValue(kryo, in, types.get(i));
      }
      return values;
    } finally {
      serialization.release(kryo);
    }
  }

  Object readOne(byte[] bytes, Class<?> type) {
    return read(bytes, List.of(type))[0];
  }

  /** Reply tags: a value, a declared exception, any other failure. */
  static final byte VALUE = 0;
  static final byte DECLARED = 1;
  static final byte FAILURE = 2;

  /** The reply to a call: a tag, then the value or exception. */
  byte[] reply(MethodDescriptor method, Object result, Throwable failure) {
    Kryo kryo = serialization.borrow();
    Output out = new Output(128, MAX_BYTES);
    try {
      try {
        if (failure == null) {
          out.writeByte(VALUE);
          serialization.writeValue(kryo, out, result, method.resultType());
          return out.toBytes();
        }
        if (method.declares(failure)) {
          out.writeByte(DECLARED);
          serialization.writeException(kryo, out, failure);
          return out.toBytes();
        }
      } catch (RuntimeException e) {
        failure = e; // the value or exception cannot be written: say why instead
      }
      out.reset();
      out.writeByte(FAILURE);
      serialization.writeFailure(kryo, out, failure);
      return out.toBytes();
    } finally {
      serialization.release(kryo);
    }
  }

  /**
   * The outcome of a reply: the value, or throws the failure — a declared exception wrapped in
   * {@link io.typedipc.spi.DeclaredException}, anything else as {@link io.typedipc.RemoteException}.
   */
  Object outcome(MethodDescriptor method, byte[] reply) {
    Kryo kryo = serialization.borrow();
    try {
      Input in = Serialization.frameInput(reply, 1, reply.length - 1);
      switch (reply[0]) {
        case VALUE:
          return serialization.readValue(kryo, in, method.resultType());
        case DECLARED:
          throw new io.typedipc.spi.DeclaredException((Exception) serialization.readException(kryo, in));
        default:
          throw serialization.readFailure(kryo, in);
      }
    } finally {
      serialization.release(kryo);
    }
  }

  /** For the owner of an entry: the state object. */
  Object readState(byte[] state) {
    return readOne(state, Object.class);
  }

  byte[] writeState(Object target) {
    return writeOne(target, Object.class);
  }
}
