package io.typedipc.internal.wire;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Two blocking sockets connected to each other over loopback, for tests of one connection's ends:
 * {@code a} connected, {@code b} accepted. Closing the pair closes both.
 */
record SocketPair(SocketChannel a, SocketChannel b) implements AutoCloseable {

  static SocketPair open() throws IOException {
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      SocketChannel a = SocketChannel.open(server.getLocalAddress());
      try {
        return new SocketPair(a, server.accept());
      } catch (IOException | RuntimeException e) {
        a.close();
        throw e;
      }
    }
  }

  @Override
  public void close() throws IOException {
    try (a; b) {
      // closes both, b first, and reports the first failure
    }
  }
}
