package io.typedipc.benchmarks;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.Pipe;
import io.typedipc.PipeEnd;
import io.typedipc.PipeListener;
import io.typedipc.Producer;
import io.typedipc.Subscription;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

/**
 * One side of one messaging case, in its own JVM: {@code role=consumer|producer case=raw|kryo|pipe|pipe-shm|pipe-excl|pipe-shm-excl|channel|channel-shm
 * seconds=N warmup=W [port=P]}. Consumers print {@code READY port} (pipe: {@code TOKEN t}), then {@code
 * RESULT msgs=.. measured=.. nanos=.. heapStart=.. heapEnd=..}: every message received, and those
 * received after the first {@code W} seconds (counted from the first message) in {@code nanos}.
 * Producers send for {@code W + seconds}, then end the stream.
 */
public final class MessagingChild {
  /** The string every benchmark message carries: 20 ASCII characters. */
  static final String TAG = "order-placed:EU-0042";
  /** {@link #TAG} as the pipe and channel messages encode it (see {@link #encodeTag}). */
  static final byte[] TAG_WIRE = encodeTag(TAG);
  /** The pipe/channel format of {@code tick(long, String)}: length, method id, long, string. */
  static final int MESSAGE_BYTES = 4 + 4 + 8 + TAG_WIRE.length;

  /**
   * The bytes of a short ASCII string in a typedipc message, as {@code MessageCodec} writes them
   * ({@code FrameOutput.writeLengthPrefixedString}): a one-byte header, {@code (length << 2) + 1},
   * then one byte a character.
   */
  static byte[] encodeTag(String ascii) {
    if (ascii.length() > 31) {
      throw new IllegalArgumentException("the raw case encodes strings of up to 31 characters");
    }
    byte[] chars = ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] b = new byte[1 + chars.length];
    b[0] = (byte) ((chars.length << 2) + 1);
    System.arraycopy(chars, 0, b, 1, chars.length);
    return b;
  }

  /**
   * Counts received messages and cuts the warm-up off the measurement: the measured interval
   * starts at the first count at least {@code warmup} after the first message (checked every 1,024
   * messages) and ends at {@link #end()}.
   */
  static final class Meter {
    private final long warmupNanos;
    long count;
    private long firstNanos;
    private long startNanos;
    private long startCount = -1;
    private long startCpu;

    Meter(double warmupSeconds) {
      this.warmupNanos = (long) (warmupSeconds * 1e9);
    }

    /** Counts a message whose string is {@code tag} (checked, so that decoding it cannot be skipped). */
    void tick(String tag) {
      if (tag.length() != TAG.length()) {
        throw new IllegalStateException("received a tag of " + tag.length() + " characters, not " + TAG.length());
      }
      if ((++count & 1023) == 0 || count == 1) {
        check();
      }
    }

    void add(long n) {
      long before = count;
      count += n;
      if (before == 0 || (before >>> 10) != (count >>> 10)) {
        check();
      }
    }

    private void check() {
      if (startCount >= 0) {
        return;
      }
      long now = System.nanoTime();
      if (firstNanos == 0) {
        firstNanos = now;
      }
      if (now - firstNanos >= warmupNanos) {
        startNanos = now;
        startCount = count;
        startCpu = cpuNanos();
      }
    }

    /** The result fields: every message, those measured, and the measured time. */
    String end() {
      long now = System.nanoTime();
      long cpu = cpuNanos();
      if (startCount < 0) { // shorter than the warm-up: everything counts
        startNanos = firstNanos;
        startCount = 0;
      }
      long measured = count - startCount;
      return "msgs=" + count + " measured=" + measured + " nanos=" + (now - startNanos)
          + " cpuPerMsg=" + (measured == 0 ? 0 : (cpu - startCpu) / measured);
    }
  }

  /**
   * The producer's sending time: {@code warmup + seconds} in all; the CPU this JVM uses per
   * message is measured after the warm-up.
   */
  static final class Window {
    private final long warmEnd;
    private final long end;
    private long cpu0 = -1;
    private long n0;
    private long cpu1;
    private long n1;

    Window(double warmupSeconds, double totalSeconds) {
      long now = System.nanoTime();
      warmEnd = now + (long) (warmupSeconds * 1e9);
      end = now + (long) (totalSeconds * 1e9);
    }

    /** Whether to send more, {@code n} messages having been sent. */
    boolean more(long n) {
      long now = System.nanoTime();
      if (cpu0 < 0 && now >= warmEnd) {
        cpu0 = cpuNanos();
        n0 = n;
      }
      if (now < end) {
        return true;
      }
      cpu1 = cpuNanos();
      n1 = n;
      return false;
    }

    String fields() {
      return " cpuPerMsg=" + (cpu0 < 0 || n1 == n0 ? 0 : (cpu1 - cpu0) / (n1 - n0));
    }
  }

  /** CPU time this JVM has used, all threads. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** A message class for the bare Kryo stream. */
  public static final class Tick {
    public long n;
    public String tag;
  }

  public static void main(String[] argv) throws Exception {
    ChildSupport.dieWithParent();
    Map<String, String> a = ChildSupport.parse(argv);
    String role = ChildSupport.arg(a, "role");
    String kase = ChildSupport.arg(a, "case");
    int seconds = ChildSupport.intArg(a, "seconds", 5);
    double warmup = ChildSupport.doubleArg(a, "warmup", 0);
    try {
      if (role.equals("consumer")) {
        consume(kase, a, warmup);
      } else {
        produce(kase, a, warmup, warmup + seconds);
      }
    } catch (Throwable t) {
      ChildSupport.fail(t);
      System.exit(1);
    }
  }

  static long heapUsed() {
    System.gc();
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  private static void consume(String kase, Map<String, String> a, double warmup) throws Exception {
    long heapStart = heapUsed();
    Meter meter = new Meter(warmup);
    switch (kase) {
      case "raw" -> {
        try (ServerSocket server = new ServerSocket()) {
          server.bind(new InetSocketAddress("127.0.0.1", 0));
          ChildSupport.ready(server.getLocalPort());
          try (Socket s = server.accept(); DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16))) {
            byte[] frame = new byte[1 << 20];
            int length = in.readInt();
            while (length > 0) {
              in.readFully(frame, 0, length);
              int n = 0;
              for (int at = 5; at < length; ) { // walk the messages as a receiver must
                int len = (frame[at] & 0xff) | (frame[at + 1] & 0xff) << 8 | (frame[at + 2] & 0xff) << 16 | (frame[at + 3] & 0xff) << 24;
                at += 4 + len;
                n++;
              }
              meter.add(n);
              length = in.readInt();
            }
          }
        }
      }
      case "kryo" -> {
        try (ServerSocket server = new ServerSocket()) {
          server.bind(new InetSocketAddress("127.0.0.1", 0));
          ChildSupport.ready(server.getLocalPort());
          try (Socket s = server.accept(); Input in = new Input(s.getInputStream(), 1 << 16)) {
            Kryo kryo = kryo();
            for (Object o = kryo.readClassAndObject(in); o != null; o = kryo.readClassAndObject(in)) {
              meter.tick(((Tick) o).tag);
            }
          }
        }
      }
      case "pipe", "pipe-shm", "pipe-excl", "pipe-shm-excl" -> {
        PipeListener<Void, BenchEvents> listener = Pipe.listen(key(), Void.class, BenchEvents.class)
            .sharedMemory(kase.startsWith("pipe-shm"));
        System.out.println("TOKEN " + listener.token());
        System.out.flush();
        try (PipeEnd<Void, BenchEvents> end = listener.accept(Duration.ofSeconds(60))) {
          BenchEvents counter = (n, tag) -> meter.tick(tag);
          end.drain(counter);
        }
      }
      default -> {
        try (ManagerClient client = connect(a)) {
          Subscription s = client.consume(BenchEvents.class, "bench", (n, tag) -> meter.tick(tag));
          ChildSupport.ready(0);
          while (!s.awaitEnd(Duration.ofSeconds(600))) {
            // wait
          }
          if (s.failure() != null) {
            throw new IllegalStateException(s.failure());
          }
        }
      }
    }
    String measured = meter.end();
    long heapEnd = heapUsed();
    ChildSupport.result(measured + " heapStart=" + heapStart + " heapEnd=" + heapEnd);
  }

  /** A client of the Manager on {@code port}; on shared memory for the {@code channel-shm} case. */
  private static ManagerClient connect(Map<String, String> a) {
    boolean sharedMemory = ChildSupport.arg(a, "case").endsWith("-shm");
    ManagerClient client = ManagerClient.builder().address("127.0.0.1", ChildSupport.intArg(a, "port", 0)).authKey(key())
        .sharedMemory(sharedMemory).connect();
    if (client.usesSharedMemory() != sharedMemory) {
      client.close();
      throw new IllegalStateException("the client did not get the transport it asked for (shared memory: " + sharedMemory + ")");
    }
    return client;
  }

  private static AuthKey key() {
    return AuthKey.fromEnvironment("TYPEDIPC_BENCH_KEY");
  }

  private static Kryo kryo() {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    kryo.register(Tick.class, 100);
    return kryo;
  }

  private static void produce(String kase, Map<String, String> a, double warmup, double seconds) throws Exception {
    long heapStart = heapUsed();
    Window w = new Window(warmup, seconds);
    long n = 0;
    switch (kase) {
      case "raw" -> {
        int perFrame = 4096;
        byte[] frame = new byte[4 + 1 + 4 + perFrame * MESSAGE_BYTES];
        int length = frame.length - 4;
        frame[0] = (byte) (length >>> 24);
        frame[1] = (byte) (length >>> 16);
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
        frame[4] = 1; // DATA
        frame[5] = (byte) perFrame; // message count, little-endian
        frame[6] = (byte) (perFrame >>> 8);
        int id = BenchEvents_Binding.TICK.id(); // the method id, as the pipe's frames carry it
        for (int i = 0, at = 9; i < perFrame; i++, at += MESSAGE_BYTES) {
          frame[at] = (byte) (MESSAGE_BYTES - 4); // length of id + long + string, little-endian
          for (int b = 0; b < 4; b++) {
            frame[at + 4 + b] = (byte) (id >>> (8 * b));
          }
        }
        try (Socket s = new Socket("127.0.0.1", ChildSupport.intArg(a, "port", 0))) {
          s.setTcpNoDelay(true);
          OutputStream out = s.getOutputStream();
          while (w.more(n)) {
            for (int i = 0, at = 9; i < perFrame; i++, at += MESSAGE_BYTES) { // encode as a sender must
              long v = n++;
              for (int b = 0; b < 8; b++) {
                frame[at + 8 + b] = (byte) (v >>> (8 * b));
              }
              System.arraycopy(TAG_WIRE, 0, frame, at + 16, TAG_WIRE.length);
            }
            out.write(frame);
          }
          out.write(new byte[4]);
        }
      }
      case "kryo" -> {
        try (Socket s = new Socket("127.0.0.1", ChildSupport.intArg(a, "port", 0));
            Output out = new Output(new BufferedOutputStream(s.getOutputStream(), 1 << 16), 1 << 16)) {
          s.setTcpNoDelay(true);
          Kryo kryo = kryo();
          Tick t = new Tick();
          while (w.more(n)) {
            for (int i = 0; i < 1000; i++) {
              t.n = n++;
              t.tag = TAG;
              kryo.writeClassAndObject(out, t);
            }
          }
          kryo.writeClassAndObject(out, null);
        }
      }
      case "pipe", "pipe-shm", "pipe-excl", "pipe-shm-excl" -> {
        try (PipeEnd<BenchEvents, Void> pipe = Pipe.connect(ChildSupport.arg(a, "token"), key(), BenchEvents.class, Void.class)) {
          if (pipe.usesSharedMemory() != kase.startsWith("pipe-shm")) {
            throw new IllegalStateException("the pipe did not get the transport it asked for");
          }
          BenchEvents out = kase.endsWith("-excl") ? pipe.exclusiveSender() : pipe.sender();
          while (w.more(n)) {
            for (int i = 0; i < 1000; i++) {
              out.tick(n++, TAG);
            }
          }
        }
      }
      default -> {
        try (ManagerClient client = connect(a)) {
          Producer<BenchEvents> producer = client.producer(BenchEvents.class, "bench");
          BenchEvents out = producer.send();
          while (w.more(n)) {
            for (int i = 0; i < 1000; i++) {
              out.tick(n++, TAG);
            }
          }
          producer.close();
          client.channel(BenchEvents.class, "bench").close();
        }
      }
    }
    long heapEnd = heapUsed();
    ChildSupport.result("sent=" + n + " heapStart=" + heapStart + " heapEnd=" + heapEnd + w.fields());
  }
}
