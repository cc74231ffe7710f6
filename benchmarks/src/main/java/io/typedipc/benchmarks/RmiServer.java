package io.typedipc.benchmarks;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;

/**
 * The RMI baseline's server: a {@link BenchRemote} exported with {@link UnicastRemoteObject} on
 * the same loopback-only port as its registry, bound as "bench".
 */
public final class RmiServer {

  private RmiServer() {}

  /** Like typedipc's default, one call at a time on the object ({@code synchronized}). */
  static final class Impl implements BenchRemote {
    private int counter;

    @Override
    public synchronized int increment(int delta) {
      counter += delta;
      return counter;
    }
  }

  /** Binds to 127.0.0.1 and remembers the port it got. */
  static final class LoopbackServerSockets implements RMIServerSocketFactory, Serializable {
    private static final long serialVersionUID = 1L;
    transient volatile int lastPort;

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      ServerSocket s = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
      lastPort = s.getLocalPort();
      return s;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LoopbackServerSockets;
    }

    @Override
    public int hashCode() {
      return LoopbackServerSockets.class.hashCode();
    }
  }

  public static void main(String[] args) throws Exception {
    ChildSupport.dieWithParent();
    System.setProperty("java.rmi.server.hostname", "127.0.0.1");
    LoopbackServerSockets ssf = new LoopbackServerSockets();
    Registry registry = LocateRegistry.createRegistry(0, null, ssf);
    int port = ssf.lastPort;
    Impl impl = new Impl();
    BenchRemote stub = (BenchRemote) UnicastRemoteObject.exportObject(impl, port, null, ssf);
    registry.rebind("bench", stub);
    ChildSupport.ready(port);
    synchronized (RmiServer.class) {
      while (true) {
        RmiServer.class.wait(); // keep impl and registry reachable; exit comes from dieWithParent
      }
    }
  }
}
