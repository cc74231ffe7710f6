package io.typedipc.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.typedipc.Dispatch;
import io.typedipc.spi.InterfaceDescriptor;
import io.typedipc.Placement;
import io.typedipc.spi.SharedBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Cluster mode: a {@link Placement} that keeps the state of a Manager's objects in a Hazelcast
 * cluster, so that every Manager started with a placement on the same cluster serves the same
 * named objects and the death of one member loses no acknowledged update.
 *
 * <pre>{@code
 * Config config = Config.loadFromFile(new File("hazelcast.yaml"));   // or XML, or Java
 * try (HazelcastPlacement cluster = HazelcastPlacement.member(config);
 *      Manager manager = Manager.builder()
 *          .address(6000)
 *          .authKey(key)
 *          .placement(cluster)
 *          .share(Counter.class, "counter", new CounterImpl())
 *          .lock("orders-lock")
 *          .start()) {
 *   manager.awaitTermination();
 * }
 * }</pre>
 *
 * <p>What lives where:
 *
 * <ul>
 *   <li>Objects shared with {@code share(...)} and the built-in containers (map, list, value,
 *       namespace, arrays): one entry each in the map {@value #OBJECTS}, holding the object's state
 *       serialised by typedipc's allow-listed Kryo. Each call runs as an entry processor on the
 *       member that owns the entry, one at a time per object; the new state is copied to the
 *       backup before the call is answered. The first Manager to share a name puts its initial
 *       state; later Managers keep the cluster's.
 *   <li>Locks, reentrant locks, conditions, semaphores, bounded semaphores, events, barriers,
 *       queues, joinable queues and {@code @Channel} channels: one entry each in the map {@value
 *       #SYNC}, changed by entry processors (which the backup replays); waits park in the Manager
 *       the client is connected to, which retries when the entry changes. What a client, or the
 *       clients of a member, held or waited for is given back when it goes (a lock released, a
 *       condition waiter out of its wait set, a barrier broken), as in a single Manager.
 * </ul>
 *
 * <p>Hazelcast's open-source edition has no CP subsystem since 5.5 (its {@code FencedLock},
 * {@code ISemaphore}, {@code ICountDownLatch} and {@code IAtomicLong} throw "CP subsystem is a
 * licensed feature"), so the synchronizers here are built on map entries: they are as strong as
 * Hazelcast's partition replication (AP), not a consensus protocol — see the README's cluster
 * section for what that means after a network partition.
 *
 * <p>Every member of the cluster must run a Manager with a placement on it, sharing the same
 * objects (the entry processors run on whichever member owns an entry and need its classes).
 */
public final class HazelcastPlacement implements Placement, AutoCloseable {
  /** The map holding the state of shared objects and built-in containers. */
  public static final String OBJECTS = "typedipc.objects";
  /** The map holding the state of locks, conditions, semaphores, events, barriers, queues and channels. */
  public static final String SYNC = "typedipc.sync";

  private final Config config;
  private volatile HazelcastInstance instance;
  private final boolean own;
  private volatile ClusterContext context;

  private HazelcastPlacement(Config config, HazelcastInstance instance) {
    this.config = config;
    this.instance = instance;
    this.own = instance == null;
  }

  /**
   * A placement that starts its own embedded Hazelcast member from {@code config} when the
   * Manager starts (so that it joins the cluster only once it can serve), and shuts it down on
   * {@link #close()}. The maps {@value #OBJECTS} and {@value #SYNC} get one synchronous backup
   * unless the config says otherwise.
   */
  public static HazelcastPlacement member(Config config) {
    return new HazelcastPlacement(Objects.requireNonNull(config, "config"), null);
  }

  /**
   * As {@link #member(Config)}, with Hazelcast's XML or YAML configuration file ({@code .xml},
   * {@code .yaml} or {@code .yml}).
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if its name ends otherwise (Hazelcast's "Unknown configuration
   *     file extension")
   * @throws com.hazelcast.config.InvalidConfigurationException if it is not a valid configuration
   */
  public static HazelcastPlacement member(Path configFile) {
    Objects.requireNonNull(configFile, "configFile");
    try {
      return member(Config.loadFromFile(configFile.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Hazelcast configuration " + configFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * A placement on a Hazelcast member that the application started and shuts down itself. Every
   * member of its cluster must run a Manager with such a placement, one at a time per member: a
   * Manager started with a second placement on a member whose first one is not closed fails to
   * start ({@link IllegalStateException}). Closing it leaves the member running and its state in the
   * cluster; a later placement on the same member may serve a new Manager.
   */
  public static HazelcastPlacement on(HazelcastInstance instance) {
    return new HazelcastPlacement(null, Objects.requireNonNull(instance, "instance"));
  }

  /**
   * The Hazelcast member this placement uses.
   *
   * @throws IllegalStateException if it is a {@link #member} placement whose Manager has not started
   */
  public HazelcastInstance hazelcast() {
    HazelcastInstance hz = instance;
    if (hz == null) {
      throw new IllegalStateException("the member starts with the Manager: Manager.builder().placement(this)...start()");
    }
    return hz;
  }

  @Override
  public synchronized void open(Collection<InterfaceDescriptor> interfaces, Collection<Class<?>> userTypes,
      Collection<Class<?>> stateClasses) {
    if (context != null) {
      throw new IllegalStateException("a HazelcastPlacement serves one Manager; this one is in use already");
    }
    ClusterContext ctx = ClusterContext.create(interfaces, userTypes, stateClasses); // checks the classes first
    if (own) {
      addBackedUpMap(config, OBJECTS, InMemoryFormat.BINARY);
      addBackedUpMap(config, SYNC, InMemoryFormat.OBJECT);
      instance = Hazelcast.newHazelcastInstance(config);
    } else {
      addDynamicMap(instance, OBJECTS, InMemoryFormat.BINARY);
      addDynamicMap(instance, SYNC, InMemoryFormat.OBJECT);
    }
    try {
      ctx.attach(instance);
    } catch (RuntimeException e) {
      ctx.close();
      shutDownOwnMember();
      throw e;
    }
    context = ctx;
  }

  /** A map with one synchronous backup: the death of one member loses no acknowledged update. */
  private static MapConfig backedUpMap(String name, InMemoryFormat format) {
    return new MapConfig(name).setBackupCount(1).setAsyncBackupCount(0).setInMemoryFormat(format);
  }

  private static void addBackedUpMap(Config config, String name, InMemoryFormat format) {
    if (config.getMapConfigOrNull(name) == null) {
      config.addMapConfig(backedUpMap(name, format));
    }
  }

  private static void addDynamicMap(HazelcastInstance hz, String name, InMemoryFormat format) {
    if (hz.getConfig().getMapConfigOrNull(name) == null) {
      try {
        hz.getConfig().addMapConfig(backedUpMap(name, format));
      } catch (RuntimeException e) { // another member added it first, perhaps differently: theirs holds
        ClusterContext.LOG.log(System.Logger.Level.DEBUG, "map config " + name + " not added: " + e);
      }
    }
  }

  private ClusterContext context() {
    ClusterContext ctx = context;
    if (ctx == null) {
      throw new IllegalStateException("the placement is not open: give it to Manager.builder().placement(...)");
    }
    return ctx;
  }

  /**
   * Keeps {@code target}'s state in the cluster: checks that it can be serialised (the error names
   * the first field that cannot), puts it unless the cluster holds state for {@code name} already,
   * and hosts a stand-in whose calls run on the entry's owner.
   */
  @Override
  public Hosted share(String name, SharedBinding binding, Object target, Dispatch dispatch) {
    return new Hosted(context().shareObject(name, binding, target), Dispatch.CONCURRENT);
  }

  @Override
  public Object builtin(String name, String kind, List<Long> parameters) {
    return context().builtin(name, kind, parameters);
  }

  @Override
  public Object channel(String name, String messageType, String fingerprint, int capacity) {
    return context().channel(name, messageType, fingerprint, capacity);
  }

  /** An object created by name through another Manager of the cluster, to be hosted here too. */
  @Override
  public Found find(String name) {
    return context().find(name);
  }

  /**
   * The Manager's start failed after {@link #open}: a {@link #member} placement shuts down the
   * member it started (which joined only to serve that Manager), and either kind can be given to
   * another start.
   */
  @Override
  public synchronized void startFailed() {
    ClusterContext ctx = context;
    context = null;
    if (ctx != null) {
      ctx.close();
    }
    shutDownOwnMember();
  }

  /** Shuts down the member this placement started, which joined for its Manager only; it starts again with the next. */
  private void shutDownOwnMember() {
    HazelcastInstance hz = instance;
    if (own && hz != null) {
      instance = null;
      hz.shutdown();
    }
  }

  /** Shuts down the member if this placement started it; a placement {@link #on} a member leaves it running. */
  @Override
  public void close() {
    ClusterContext ctx = context;
    if (ctx != null) {
      ctx.close();
    }
    HazelcastInstance hz = instance;
    if (own && hz != null) {
      hz.shutdown();
    }
  }

  @Override
  public String toString() {
    HazelcastInstance hz = instance;
    return "HazelcastPlacement[" + (hz == null ? "not started" : hz.getCluster().getLocalMember()) + "]";
  }
}
