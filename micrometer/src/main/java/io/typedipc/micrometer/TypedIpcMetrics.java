package io.typedipc.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.introspect.ManagerView;
import io.typedipc.introspect.MethodView;
import io.typedipc.introspect.ObjectView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Binds a typedipc Manager's {@linkplain ManagerView introspection} to a Micrometer {@link
 * MeterRegistry}:
 *
 * <pre>{@code
 * new TypedIpcMetrics(manager).bindTo(registry);          // in the Manager's JVM
 * new TypedIpcMetrics(client).bindTo(registry);           // or from any client holding the key
 * }</pre>
 *
 * <table>
 *   <caption>Meters (every one tagged {@code manager=host:port})</caption>
 *   <tr><th>name</th><th>type</th><th>more tags</th></tr>
 *   <tr><td>{@code typedipc.objects}</td><td>gauge</td><td></td></tr>
 *   <tr><td>{@code typedipc.connections}</td><td>gauge</td><td></td></tr>
 *   <tr><td>{@code typedipc.calls.in.flight}</td><td>gauge</td><td></td></tr>
 *   <tr><td>{@code typedipc.calls.parked}</td><td>gauge</td><td></td></tr>
 *   <tr><td>{@code typedipc.authentication.failures}</td><td>function counter</td><td></td></tr>
 *   <tr><td>{@code typedipc.calls}</td><td>function counter</td><td>{@code object}, {@code kind},
 *       {@code method}</td></tr>
 *   <tr><td>{@code typedipc.call.errors}</td><td>function counter</td><td>{@code object}, {@code
 *       kind}, {@code method}</td></tr>
 *   <tr><td>{@code typedipc.call.latency}</td><td>time gauge</td><td>{@code object}, {@code kind},
 *       {@code method}, {@code quantile} ({@code 0.5}, {@code 0.9}, {@code 0.99}, {@code
 *       max})</td></tr>
 * </table>
 *
 * <p>Meters of an object that appears later (a built-in a client creates) are registered when the
 * registry next reads the meters, and so reported from the read after that. The view is read at most once per {@code maxAge} (default one
 * second) however many meters a scrape reads; a client-side binding reads it over the
 * connection. A Manager that is gone, where the view can no longer be read (a client-side
 * binding), leaves the meters at their last values; a binding in the JVM of a closed Manager still
 * reads its view, whose connections end with it (0) while its objects and counts stay. The meters of an
 * object the Manager no longer hosts (removed, or returned by a call and released) are removed from
 * the registry when the view is next read (that read still reports their last values, never 0), so the meters follow the objects hosted now and do not
 * pile up with every object a long-running Manager ever hosted; one created again under that name
 * gets new meters, starting from 0, as after a restart. The registry keeps the binder for as long
 * as it has its meters: it needs no reference of yours.
 */
public final class TypedIpcMetrics implements MeterBinder {
  private static final double[] QUANTILES = {0.5, 0.9, 0.99};

  private final Supplier<ManagerView> source;
  private final long maxAgeNanos;
  /** The registries bound to, each with the per-method meters it has; guarded by this. */
  private final List<Binding> bindings = new ArrayList<>();
  /** Every hosted method's latest statistics, by {@link #key}. */
  private final Map<String, MethodView> methods = new ConcurrentHashMap<>();
  /**
   * The last statistics of the methods the latest view no longer has: their meters leave the
   * registry as that view is read, but the scrape that read it still reports them, and must not
   * see a counter drop to 0. Replaced by the next view that drops methods.
   */
  private volatile Map<String, MethodView> retired = Map.of();
  private volatile ManagerView last;
  private volatile long lastAt;

  /** Reads {@code manager.introspect()}, at most once a second. */
  public TypedIpcMetrics(Manager manager) {
    this(Objects.requireNonNull(manager, "manager")::introspect, Duration.ofSeconds(1));
  }

  /** Reads {@code client.introspect()} (over the connection), at most once a second. */
  public TypedIpcMetrics(ManagerClient client) {
    this(Objects.requireNonNull(client, "client")::introspect, Duration.ofSeconds(1));
  }

  /** Reads views from {@code source}, at most once per {@code maxAge}. */
  public TypedIpcMetrics(Supplier<ManagerView> source, Duration maxAge) {
    this.source = Objects.requireNonNull(source, "source");
    this.maxAgeNanos = Objects.requireNonNull(maxAge, "maxAge").toNanos();
  }

  /**
   * A registry bound to, its tag {@code manager=host:port}, and the meters it has of each method, by
   * {@link #key} (object, method).
   */
  private record Binding(MeterRegistry registry, Tags common, Map<String, List<Meter>> bound) {}

  /**
   * Registers the meters in {@code registry}; may be called for several registries. Reads the view
   * first (for the Manager's address in the tag {@code manager}), at most once per {@code maxAge}
   * as ever.
   *
   * @throws RuntimeException what the source throws if no view was read yet and it cannot give one
   *     (a client whose Manager is gone: a {@link io.typedipc.TypedIpcException}); nothing is
   *     registered then
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    ManagerView view = view();
    Binding binding = new Binding(registry, Tags.of("manager", view.address()), new HashMap<>());
    gauge(binding, "typedipc.objects", "objects the Manager hosts", v -> v.objects().size());
    gauge(binding, "typedipc.connections", "authenticated connections", v -> v.connections().size());
    gauge(binding, "typedipc.calls.in.flight", "calls read and not yet answered", ManagerView::callsInFlight);
    gauge(binding, "typedipc.calls.parked", "calls parked in a wait", ManagerView::parkedCalls);
    FunctionCounter.builder("typedipc.authentication.failures", this, m -> m.view().authenticationFailures())
        .tags(binding.common).description("connections that failed to prove the auth key").register(registry);
    synchronized (this) {
      bindings.add(binding);
      bindObjects(binding, last); // the newest view: read again by a gauge meanwhile, perhaps
    }
  }

  private void gauge(Binding binding, String name, String description, ToLongFunction<ManagerView> value) {
    // held strongly: the registry then keeps this binder (and the objects of its function counters,
    // which Micrometer holds weakly) for as long as it has its meters, though no one else refers to it
    Gauge.builder(name, this, m -> value.applyAsLong(m.view())).tags(binding.common).description(description)
        .strongReference(true).register(binding.registry);
  }

  /** Registers, in {@code binding}'s registry, the meters of the methods it has none of yet; holds this. */
  private void bindObjects(Binding binding, ManagerView view) {
    MeterRegistry r = binding.registry;
    for (ObjectView object : view.objects()) {
      for (MethodView method : object.methods()) {
        String key = key(object.name(), method.method());
        if (binding.bound.containsKey(key)) {
          continue;
        }
        List<Meter> meters = new ArrayList<>();
        binding.bound.put(key, meters);
        Tags tags = binding.common.and(Tag.of("object", object.name()), Tag.of("kind", object.kind()),
            Tag.of("method", method.method()));
        String objectName = object.name();
        String methodName = method.method();
        meters.add(FunctionCounter.builder("typedipc.calls", this, m -> m.method(objectName, methodName, MethodView::calls))
            .tags(tags).description("calls of the method since the Manager started").register(r));
        meters.add(FunctionCounter.builder("typedipc.call.errors", this, m -> m.method(objectName, methodName, MethodView::errors))
            .tags(tags).description("failed calls of the method since the Manager started").register(r));
        for (double q : QUANTILES) {
          meters.add(TimeGauge.builder("typedipc.call.latency", this, TimeUnit.NANOSECONDS,
                  m -> m.method(objectName, methodName, v -> quantile(v, q)))
              .tags(tags.and("quantile", Double.toString(q))).strongReference(true)
              .description("latency of the method's calls since the Manager started").register(r));
        }
        meters.add(TimeGauge.builder("typedipc.call.latency", this, TimeUnit.NANOSECONDS,
                m -> m.method(objectName, methodName, MethodView::maxNanos))
            .tags(tags.and("quantile", "max")).strongReference(true).description("the method's longest call")
            .register(r));
      }
    }
  }

  /** Removes, from {@code binding}'s registry, the meters of methods no longer {@code hosted}; holds this. */
  private static void removeGone(Binding binding, Set<String> hosted) {
    Iterator<Map.Entry<String, List<Meter>>> it = binding.bound.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, List<Meter>> e = it.next();
      if (!hosted.contains(e.getKey())) {
        for (Meter meter : e.getValue()) {
          binding.registry.remove(meter);
        }
        it.remove();
      }
    }
  }

  private static long quantile(MethodView v, double q) {
    return q == 0.5 ? v.p50Nanos() : q == 0.9 ? v.p90Nanos() : v.p99Nanos();
  }

  private double method(String object, String method, ToLongFunction<MethodView> value) {
    view(); // read again if old
    String key = key(object, method);
    MethodView m = methods.get(key);
    if (m == null) {
      m = retired.get(key);
    }
    return m == null ? 0 : value.applyAsLong(m);
  }

  private static String key(String object, String method) {
    return object + "\u0000" + method;
  }

  /** The latest view, read again when older than maxAge; the last one if the Manager is gone. */
  ManagerView view() {
    ManagerView v = last;
    long now = System.nanoTime();
    if (v == null || now - lastAt > maxAgeNanos) {
      synchronized (this) {
        if (last == null || System.nanoTime() - lastAt > maxAgeNanos) {
          ManagerView fresh = null;
          try {
            fresh = source.get();
          } catch (RuntimeException e) {
            if (last == null) {
              throw e;
            }
          }
          lastAt = System.nanoTime(); // on failure: keep the last values; try again after maxAge
          if (fresh != null) {
            Set<String> hosted = new HashSet<>();
            for (ObjectView object : fresh.objects()) {
              for (MethodView method : object.methods()) {
                String key = key(object.name(), method.method());
                hosted.add(key);
                methods.put(key, method);
              }
            }
            Map<String, MethodView> gone = new HashMap<>();
            for (Iterator<Map.Entry<String, MethodView>> it = methods.entrySet().iterator(); it.hasNext(); ) {
              Map.Entry<String, MethodView> e = it.next();
              if (!hosted.contains(e.getKey())) {
                gone.put(e.getKey(), e.getValue());
                it.remove();
              }
            }
            if (!gone.isEmpty()) {
              retired = gone;
            }
            last = fresh;
            for (Binding binding : bindings) { // outside the try: a failure here is not the Manager's
              removeGone(binding, hosted);
              bindObjects(binding, fresh);
            }
          }
        }
        v = last;
      }
    }
    return v;
  }
}
