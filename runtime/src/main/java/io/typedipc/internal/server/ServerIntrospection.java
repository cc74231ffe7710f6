package io.typedipc.internal.server;

import io.typedipc.Dispatch;
import io.typedipc.internal.Bindings;
import io.typedipc.internal.builtin.BuiltinKind;
import io.typedipc.internal.builtin.BuiltinKinds;
import io.typedipc.internal.builtin.ManagerControl;
import io.typedipc.internal.channel.ChannelQueue;
import io.typedipc.introspect.ConnectionView;
import io.typedipc.introspect.ManagerView;
import io.typedipc.introspect.MethodView;
import io.typedipc.introspect.ObjectView;
import io.typedipc.spi.Dispatcher;
import io.typedipc.spi.InterfaceDescriptor;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a Manager shows of itself: builds {@link ManagerView}s from the Manager's objects and
 * connections, and meters every hosted object's dispatcher ({@link MeteredDispatcher}). The
 * Manager's own code calls it in two places only: {@link #meter} when it hosts an object, and
 * {@link #export} at start.
 */
public final class ServerIntrospection {
  private final ManagerServer server;
  private final Instant started = Instant.now();

  ServerIntrospection(ManagerServer server) {
    this.server = server;
  }

  /**
   * The system property that turns per-method call statistics off ({@code false}); on by
   * default. Objects, connections and parked calls are shown either way.
   */
  public static final String CALL_STATISTICS_PROPERTY = "typedipc.callStatistics";

  private static final boolean CALL_STATISTICS =
      !"false".equals(System.getProperty(CALL_STATISTICS_PROPERTY));

  /** The dispatcher to host: {@code dispatcher}, metered unless call statistics are off. */
  static Dispatcher meter(InterfaceDescriptor descriptor, Dispatcher dispatcher) {
    return CALL_STATISTICS ? new MeteredDispatcher(descriptor, dispatcher) : dispatcher;
  }

  /** Hosts the {@link IntrospectionService} clients read the view through. */
  public void export(Bindings bindings) {
    IntrospectionService service = this::view;
    server.export(IntrospectionService.NAME, bindings.of(IntrospectionService.class), service, Dispatch.CONCURRENT);
  }

  /** The address the Manager listens on, {@code host:port}. */
  public String address() {
    InetSocketAddress address = server.address();
    return address.getHostString() + ":" + address.getPort();
  }

  /** A snapshot of the Manager now. */
  public ManagerView view() {
    List<ObjectView> objects = new ArrayList<>();
    for (ExportedObject o : server.exportedObjects()) {
      objects.add(object(o));
    }
    objects.sort(Comparator.comparing(ObjectView::name));
    List<ConnectionView> connections = new ArrayList<>();
    for (ServerConnection c : server.liveConnections()) {
      if (c.isAuthenticated()) {
        connections.add(new ConnectionView(c.clientId(), c.remoteAddress(), Instant.ofEpochMilli(c.since),
            c.callsInFlightNow(), c.parkedCallsNow()));
      }
    }
    connections.sort(Comparator.comparing(ConnectionView::since).thenComparing(ConnectionView::address));
    return new ManagerView(address(), started, Instant.now(),
        List.copyOf(objects), List.copyOf(connections), server.authenticationFailures());
  }

  private static ObjectView object(ExportedObject o) {
    List<MethodView> methods = new ArrayList<>();
    if (o.dispatcher instanceof MeteredDispatcher metered) {
      for (int i = 0; i < metered.methods.length; i++) {
        LatencyHistogram h = metered.histogramIfCalled(i);
        if (h == null) {
          methods.add(new MethodView(metered.methods[i].identity(), 0, 0, 0, 0, 0, 0));
          continue;
        }
        long[] q = h.quantiles(0.5, 0.9, 0.99);
        methods.add(new MethodView(metered.methods[i].identity(), h.calls(), h.errors(), q[0], q[1], q[2], h.max()));
      }
    }
    methods.sort(Comparator.comparing(MethodView::method));
    String type = o.descriptor.name();
    String kind;
    if (o.name.equals(ManagerControl.NAME) || o.name.equals(IntrospectionService.NAME)) {
      kind = "system";
    } else if (o.target instanceof ChannelQueue channel) {
      kind = "channel";
      type = channel.messageType();
    } else if (o.target instanceof io.typedipc.internal.channel.ChannelService channel) { // a placement's
      kind = "channel";
      type = channel.state().messageType();
    } else if (o.name.startsWith(ManagerServer.ANONYMOUS_PREFIX)) {
      kind = "returned";
    } else if (o.descriptor.type().getPackageName().startsWith("io.typedipc.builtin")
        || o.descriptor.type().getPackageName().equals("io.typedipc.internal.builtin")) {
      kind = "builtin";
      // a lock, semaphore, event, barrier or queue travels as an internal wire interface: show
      // the public one its users hold (its methods stay the wire's: those are what run here)
      BuiltinKind facade = BuiltinKinds.facadeByWire(type);
      if (facade != null) {
        type = facade.heldType().getName();
      }
    } else {
      kind = "shared";
    }
    return new ObjectView(o.name, kind, type, o.dispatch().name(), o.queuedCalls(), List.copyOf(methods));
  }
}
