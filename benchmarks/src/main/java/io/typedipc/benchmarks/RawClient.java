package io.typedipc.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Map;

/**
 * The raw TCP baseline's client ({@link RawServer} answers each 4-byte frame with value + 1).
 *
 * <ul>
 *   <li>{@code case=pingpong}: blocking sockets, DataOutput/DataInput over buffered socket streams,
 *       TCP_NODELAY, one frame out, flush, one frame back.
 *   <li>{@code case=busypoll}: non-blocking {@link SocketChannel}, write, then spin on read.
 *   <li>{@code case=pipelined}: one connection, a writer thread sending batches of frames with at
 *       most {@code window} unanswered, a reader thread counting and checking the replies.
 *   <li>{@code case=threads}: {@code threads} connections, one thread each, blocking ping-pong.
 * </ul>
 */
public final class RawClient {

  private RawClient() {}

  public static void main(String[] argv) {
    ChildSupport.dieWithParent();
    try {
      Map<String, String> args = ChildSupport.parse(argv);
      int port = Integer.parseInt(ChildSupport.arg(args, "port"));
      Measure.Settings s = Measure.Settings.from(args);
      switch (ChildSupport.arg(args, "case")) {
        case "pingpong" -> Measure.latency(pingPong(port), s);
        case "busypoll" -> Measure.latency(
            busyPoll(port, ChildSupport.intArg(args, "yieldEvery", Spin.DEFAULT_YIELD_EVERY)), s);
        case "pipelined" -> pipelined(port, ChildSupport.intArg(args, "window", 10_000),
            ChildSupport.intArg(args, "batch", 1024), s);
        case "threads" -> Measure.threads(ChildSupport.intArg(args, "threads", 4), t -> {
          try {
            return pingPong(port);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, s);
        default -> throw new IllegalArgumentException("case=" + args.get("case"));
      }
      System.exit(0);
    } catch (Throwable t) {
      ChildSupport.fail(t);
      System.exit(1);
    }
  }

  static Measure.IntCall pingPong(int port) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setTcpNoDelay(true);
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 512));
    DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 512));
    return x -> {
      out.writeInt(x);
      out.flush();
      int r = in.readInt();
      if (r != x + 1) {
        throw new IllegalStateException("sent " + x + ", got " + r);
      }
      return r;
    };
  }

  static Measure.IntCall busyPoll(int port, int yieldEvery) throws IOException {
    SocketChannel ch = SocketChannel.open(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    ch.configureBlocking(false);
    ByteBuffer wbuf = ByteBuffer.allocateDirect(4);
    ByteBuffer rbuf = ByteBuffer.allocateDirect(4);
    return x -> {
      wbuf.clear();
      wbuf.putInt(0, x);
      while (wbuf.hasRemaining()) {
        ch.write(wbuf);
      }
      rbuf.clear();
      int misses = 0;
      while (rbuf.hasRemaining()) {
        int n = ch.read(rbuf);
        if (n < 0) {
          throw new IOException("server closed the connection");
        }
        if (n == 0) {
          Spin.idle(++misses, yieldEvery);
        }
      }
      int r = rbuf.getInt(0);
      if (r != x + 1) {
        throw new IllegalStateException("sent " + x + ", got " + r);
      }
      return r;
    };
  }

  /**
   * Pipelined echo: frame i carries i, its reply must be i + 1. The writer keeps at most
   * {@code window} frames unanswered and writes up to {@code batch} frames per write call.
   */
  static void pipelined(int port, int window, int batch, Measure.Settings s) throws Exception {
    Socket sock = new Socket(InetAddress.getLoopbackAddress(), port);
    sock.setTcpNoDelay(true);
    OutputStream out = sock.getOutputStream();
    InputStream in = sock.getInputStream();
    Counters c = new Counters();
    Throwable[] failure = new Throwable[2];

    Thread reader = new Thread(() -> {
      byte[] buf = new byte[64 * 1024];
      int have = 0;
      long expect = 0;
      try {
        while (true) {
          int n = in.read(buf, have, buf.length - have);
          if (n < 0) {
            return;
          }
          have += n;
          int full = have & ~3;
          for (int i = 0; i < full; i += 4) {
            int r = (int) RawServer.INT_BE.get(buf, i);
            if (r != (int) expect + 1) {
              throw new IllegalStateException("reply " + expect + " is " + r);
            }
            expect++;
          }
          System.arraycopy(buf, full, buf, 0, have - full);
          have -= full;
          c.received = expect;
        }
      } catch (Throwable e) {
        if (!c.stopped) { // after the stop, main closes the socket under us
          failure[1] = e;
          c.stopped = true;
        }
      }
    }, "raw-pipelined-reader");

    Thread writer = new Thread(() -> {
      byte[] buf = new byte[batch * 4];
      long sent = 0;
      int misses = 0;
      try {
        while (!c.stopped) {
          long room = window - (sent - c.received);
          if (room < Math.min(batch, window / 2)) {
            Spin.idle(++misses, 1);
            continue;
          }
          misses = 0;
          int k = (int) Math.min(room, batch);
          for (int i = 0; i < k; i++) {
            RawServer.INT_BE.set(buf, i * 4, (int) (sent + i));
          }
          out.write(buf, 0, k * 4);
          sent += k;
          c.sent = sent;
        }
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "raw-pipelined-writer");

    reader.start();
    writer.start();
    Thread.sleep((long) (s.warmSeconds() * 1000));
    long t0 = System.nanoTime();
    long r0 = c.received;
    Thread.sleep((long) (s.measureSeconds() * 1000));
    long r1 = c.received;
    long t1 = System.nanoTime();
    c.stopped = true;
    writer.join();
    long drainDeadline = System.nanoTime() + 10_000_000_000L;
    while (c.received != c.sent && failure[1] == null && System.nanoTime() < drainDeadline) {
      Thread.sleep(1);
    }
    boolean drained = c.received == c.sent;
    sock.close();
    reader.join();
    if (!drained && failure[1] == null) {
      throw new IllegalStateException("only " + c.received + " of " + c.sent + " replies arrived");
    }
    for (Throwable f : failure) {
      if (f != null) {
        throw new RuntimeException(f);
      }
    }
    double seconds = (t1 - t0) / 1e9;
    ChildSupport.result("type=throughput threads=1 window=" + window + " ops=" + (r1 - r0)
        + " seconds=" + ChildSupport.fmt(seconds) + " rate=" + ChildSupport.fmt((r1 - r0) / seconds));
  }

  private static final class Counters {
    volatile long sent;
    volatile long received;
    volatile boolean stopped;
  }
}
