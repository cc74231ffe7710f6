package io.typedipc.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;

/**
 * The raw TCP baseline's server: 4-byte big-endian frames, each answered with its value plus one
 * (the socket equivalent of {@code increment}). One thread per connection.
 *
 * <ul>
 *   <li>{@code mode=blocking}: blocking socket streams. Reads whatever has arrived (one frame in a
 *       ping-pong, many when the client pipelines), answers all complete frames with one write —
 *       so a pipelining client gets batched replies without any extra latency for ping-pong.
 *   <li>{@code mode=busypoll}: a non-blocking {@link SocketChannel} spun on {@code read} (see
 *       {@link Spin}), never parking the thread.
 * </ul>
 */
public final class RawServer {

  static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private RawServer() {}

  public static void main(String[] argv) throws Exception {
    ChildSupport.dieWithParent();
    Map<String, String> args = ChildSupport.parse(argv);
    String mode = args.getOrDefault("mode", "blocking");
    InetAddress loopback = InetAddress.getLoopbackAddress();
    switch (mode) {
      case "blocking" -> {
        ServerSocket server = new ServerSocket(0, 50, loopback);
        ChildSupport.ready(server.getLocalPort());
        while (true) {
          Socket s = server.accept();
          s.setTcpNoDelay(true);
          start(() -> echoBlocking(s));
        }
      }
      case "busypoll" -> {
        int yieldEvery = ChildSupport.intArg(args, "yieldEvery", Spin.DEFAULT_YIELD_EVERY);
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(loopback, 0));
        ChildSupport.ready(((InetSocketAddress) server.getLocalAddress()).getPort());
        while (true) {
          SocketChannel ch = server.accept();
          ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
          ch.configureBlocking(false);
          start(() -> echoBusyPoll(ch, yieldEvery));
        }
      }
      default -> throw new IllegalArgumentException("mode=" + mode);
    }
  }

  private interface IoTask {
    void run() throws IOException;
  }

  private static void start(IoTask task) {
    Thread t = new Thread(() -> {
      try {
        task.run();
      } catch (IOException e) {
        // the client went away; nothing to do
      }
    }, "raw-conn");
    t.setDaemon(true);
    t.start();
  }

  static void echoBlocking(Socket s) throws IOException {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] buf = new byte[64 * 1024];
      int have = 0;
      while (true) {
        int n = in.read(buf, have, buf.length - have);
        if (n < 0) {
          return;
        }
        have += n;
        int full = have & ~3;
        for (int i = 0; i < full; i += 4) {
          INT_BE.set(buf, i, (int) INT_BE.get(buf, i) + 1);
        }
        if (full > 0) {
          out.write(buf, 0, full);
        }
        System.arraycopy(buf, full, buf, 0, have - full);
        have -= full;
      }
    }
  }

  static void echoBusyPoll(SocketChannel ch, int yieldEvery) throws IOException {
    try (ch) {
      ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
      int misses = 0;
      while (true) {
        int n = ch.read(buf);
        if (n < 0) {
          return;
        }
        if (n == 0) {
          Spin.idle(++misses, yieldEvery);
          continue;
        }
        misses = 0;
        buf.flip();
        int full = buf.remaining() & ~3;
        for (int i = buf.position(); i < full; i += 4) {
          buf.putInt(i, buf.getInt(i) + 1);
        }
        int limit = buf.limit();
        buf.limit(full);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        buf.limit(limit);
        buf.compact();
      }
    }
  }
}
