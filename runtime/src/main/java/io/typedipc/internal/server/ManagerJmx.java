package io.typedipc.internal.server;

import io.typedipc.LoggerNames;
import io.typedipc.introspect.ConnectionView;
import io.typedipc.introspect.ManagerMXBean;
import io.typedipc.introspect.ManagerView;
import io.typedipc.introspect.ObjectView;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** A Manager's {@link ManagerMXBean}, registered in the platform MBean server while it runs. */
public final class ManagerJmx implements ManagerMXBean {
  /** The JMX domain of typedipc's MBeans. */
  public static final String DOMAIN = "io.typedipc";

  private static final Logger LOG = System.getLogger(LoggerNames.INTROSPECTION);

  private final ServerIntrospection introspection;
  private volatile ObjectName name;

  private ManagerJmx(ServerIntrospection introspection) {
    this.introspection = introspection;
  }

  /** The object name of the Manager listening on {@code address} ({@code host:port}). */
  public static ObjectName objectName(String address) {
    try {
      return new ObjectName(DOMAIN + ":type=Manager,address=" + ObjectName.quote(address));
    } catch (JMException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * Registers the MXBean of the Manager {@code introspection} belongs to; returns it, or {@code
   * null} (logged as a warning) if it could not be registered — the Manager runs without it.
   */
  public static ManagerJmx register(ServerIntrospection introspection) {
    ManagerJmx bean = new ManagerJmx(introspection);
    ObjectName name = objectName(bean.getAddress());
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      server.registerMBean(bean, name);
      bean.name = name;
      return bean;
    } catch (JMException | RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "cannot register the JMX MBean " + name + " (the Manager runs without it): " + e);
      return null;
    }
  }

  /** Unregisters it; idempotent. */
  public void unregister() {
    ObjectName n = name;
    name = null;
    if (n == null) {
      return;
    }
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(n);
    } catch (JMException | RuntimeException e) {
      LOG.log(Level.WARNING, "cannot unregister the JMX MBean " + n + ": " + e);
    }
  }

  private ManagerView view() {
    return introspection.view();
  }

  @Override
  public String getAddress() {
    return introspection.address();
  }

  @Override
  public String getStarted() {
    return view().started().toString();
  }

  @Override
  public int getObjectCount() {
    return view().objects().size();
  }

  @Override
  public int getConnectionCount() {
    return view().connections().size();
  }

  @Override
  public int getCallsInFlight() {
    return view().callsInFlight();
  }

  @Override
  public int getParkedCalls() {
    return view().parkedCalls();
  }

  @Override
  public long getCalls() {
    return view().calls();
  }

  @Override
  public long getErrors() {
    return view().errors();
  }

  @Override
  public long getAuthenticationFailures() {
    return view().authenticationFailures();
  }

  @Override
  public List<ObjectView> getObjects() {
    return view().objects();
  }

  @Override
  public List<ConnectionView> getConnections() {
    return view().connections();
  }

  @Override
  public String getStatus() {
    return view().toText();
  }
}
