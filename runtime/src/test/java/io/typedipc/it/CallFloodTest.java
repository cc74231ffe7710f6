package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Output;
import io.typedipc.AuthKey;
import io.typedipc.AuthenticationException;
import io.typedipc.ManagerBusyException;
import io.typedipc.ManagerClient;
import io.typedipc.SerializationException;
import io.typedipc.internal.wire.Protocol;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that sends calls faster than the Manager answers them, or to an object that is stuck,
 * is pushed back by TCP (the Manager stops reading it) or dropped: the Manager's memory stays
 * bounded (a 256 MiB Manager that exits on {@code OutOfMemoryError}) and others are served.
 */
@Timeout(120)
class CallFloodTest {
  private static final long MiB = 1024 * 1024;

  /**
   * One connection writes small asynchronous calls ({@code incrementAsync}, a future completed at
   * once) as fast as its non-blocking socket takes them, for up to 10 s, and never reads a reply.
   * The replies have nowhere to go but the Manager's bounded reply queue, so the Manager must stop
   * reading the flood or drop it; its heap stays bounded and the object serves others meanwhile.
   */
  @Test
  void aFloodOfSmallCallsIsPushedBackAndCostsBoundedMemory() throws Exception {
    try (BoundedManager manager = BoundedManager.start(
            "maxFrameSize=" + MiB, "maxReplyBytes=" + MiB, "maxCallBytesInFlight=" + MiB);
        HonestClient honest = new HonestClient(manager, "service");
        RawConnection attacker = RawConnection.authenticated(manager.port, manager.key, 64 * 1024, 0)) {
      long baseline = manager.stats(true).heap();
      int handle = attacker.openService("service");
      int increment = RawConnection.method("incrementAsync").id();
      AtomicLong id = new AtomicLong(1);
      long maxCalls = 10_000_000;
      Supplier<ByteBuffer> calls = () -> {
        if (id.get() > maxCalls) {
          return null;
        }
        Output o = new Output(64 * 1024);
        while (o.position() < 64 * 1024 - 32 && id.get() <= maxCalls) {
          int start = o.position();
          o.setPosition(start + 4);
          o.writeByte(Protocol.CALL);
          o.writeVarLong(id.getAndIncrement(), true);
          o.writeVarInt(handle, true);
          o.writeInt(increment);
          putLength(o.getBuffer(), start, o.position() - start - 4);
        }
        return ByteBuffer.wrap(o.getBuffer(), 0, o.position());
      };
      HeapWatch heap = HeapWatch.start(manager);
      Flood flood = flood(attacker.socket, calls, Duration.ofSeconds(10), Duration.ofSeconds(2));
      long worstHeap = heap.stop();
      String report = flood + ", " + (id.get() - 1) + " calls written, Manager heap after GC at most "
          + ((worstHeap - baseline) / MiB) + " MiB above its baseline";
      System.out.println("small-call flood: " + report);
      manager.assertAlive();
      honest.assertServedWithin1s();
      assertTrue(worstHeap - baseline < 64 * MiB, "the Manager's heap grew too much: " + report);
      assertTrue(flood.closed() || flood.stalledMillis() >= 2_000,
          "the flood was neither pushed back nor dropped: " + report);
      manager.assertServes();
    }
  }

  /**
   * One connection stalls the object (a 20 s call on it); another floods calls with 64 KiB
   * arguments to that object. The calls cannot run, so the Manager must stop reading the flood once
   * it holds maxCallBytesInFlight of them: what the flood gets accepted is bounded by that plus the
   * sockets' buffers.
   */
  @Test
  void callsToAStalledObjectArePushedBack() throws Exception {
    long inFlight = 8 * MiB;
    try (BoundedManager manager = BoundedManager.start("maxFrameSize=" + MiB, "maxCallBytesInFlight=" + inFlight);
        HonestClient honest = new HonestClient(manager, "other");
        RawConnection staller = RawConnection.authenticated(manager.port, manager.key);
        RawConnection attacker = RawConnection.authenticated(manager.port, manager.key, 0, 64 * 1024)) {
      long baseline = manager.stats(true).heap();
      staller.send(RawConnection.call(2, staller.openService("service"), "sleep", 20_000L));
      int handle = attacker.openService("service");
      byte[] arguments = argumentBytes(new byte[64 * 1024]);
      Supplier<ByteBuffer> calls = calls(handle, "echoBytes", arguments, new AtomicLong(2));
      HeapWatch heap = HeapWatch.start(manager);
      Flood flood = flood(attacker.socket, calls, Duration.ofSeconds(8), Duration.ofSeconds(2));
      long worstHeap = heap.stop();
      long socketBuffers = maxReceiveBuffer() + attacker.socket.getOption(StandardSocketOptions.SO_SNDBUF);
      long bound = inFlight + socketBuffers + MiB;
      String report = flood + ", Manager heap after GC at most " + ((worstHeap - baseline) / MiB)
          + " MiB above its baseline; bound on accepted bytes " + (bound / MiB) + " MiB (calls in flight "
          + (inFlight / MiB) + " MiB + socket buffers " + (socketBuffers / MiB) + " MiB + 1 MiB)";
      System.out.println("flood of a stalled object: " + report);
      manager.assertAlive();
      honest.assertServedWithin1s();
      assertTrue(flood.accepted() < bound, "the Manager took too many calls for a stalled object: " + report);
      assertTrue(worstHeap - baseline < 64 * MiB, "the Manager's heap grew too much: " + report);
      manager.assertServes("other"); // "service" is still stuck in its 20 s call
    }
  }

  /**
   * One connection stalls the object; another floods it with calls whose arguments are maps of
   * 200,000 small entries: a 2 MB frame each, which decodes to about 20 MB of heap. Counted by their
   * frames, 32 MiB of such calls in flight took the 256 MiB Manager to OutOfMemoryError (an audit
   * saw it with six calls of 6 MB frames). Counted by their decoded arguments, the Manager holds
   * one or two of them and stops reading the flood.
   */
  @Test
  void callsWhoseArgumentsDecodeLargeAreBoundedByTheirHeapNotTheirFrames() throws Exception {
    try (BoundedManager manager = BoundedManager.start("maxFrameSize=" + 4 * MiB);
        HonestClient honest = new HonestClient(manager, "other");
        RawConnection staller = RawConnection.authenticated(manager.port, manager.key);
        RawConnection attacker = RawConnection.authenticated(manager.port, manager.key, 0, 64 * 1024)) {
      long baseline = manager.stats(true).heap();
      staller.send(RawConnection.call(2, staller.openService("service"), "sleep", 20_000L));
      int handle = attacker.openService("service");
      Map<String, Integer> stock = new HashMap<>();
      for (int i = 0; i < 200_000; i++) {
        stock.put("sku-" + i, i);
      }
      byte[] arguments = argumentBytes("items", stock);
      AtomicLong id = new AtomicLong(2);
      Supplier<ByteBuffer> calls = calls(handle, "items", arguments, id);
      HeapWatch heap = HeapWatch.start(manager);
      Flood flood = flood(attacker.socket, calls, Duration.ofSeconds(8), Duration.ofSeconds(2));
      long worstHeap = heap.stop();
      // what the Manager may take: calls whose estimates reach 32 MiB (two of these) and the one read
      // then, besides what the sockets buffer (the kernel grows a receive buffer up to tcp_rmem's
      // maximum, 32 MiB here, so the flood may go on slowly for a while)
      long socketBuffers = maxReceiveBuffer() + attacker.socket.getOption(StandardSocketOptions.SO_SNDBUF);
      long bound = 3L * arguments.length + socketBuffers + MiB;
      String report = flood + " (" + (id.get() - 2) + " calls of " + (arguments.length / 1024) + " KiB begun), "
          + "Manager heap after GC at most " + ((worstHeap - baseline) / MiB) + " MiB above its baseline; bound on"
          + " accepted bytes " + (bound / MiB) + " MiB";
      System.out.println("flood of large decoded arguments: " + report);
      manager.assertAlive();
      honest.assertServedWithin1s();
      assertTrue(worstHeap - baseline < 128 * MiB, "the Manager's heap grew too much: " + report);
      assertTrue(flood.accepted() < bound, "the Manager took too many calls: " + report);
      manager.assertServes("other"); // "service" is still stuck in its 20 s call
    }
  }

  /**
   * A call whose arguments would decode to more than maxArgumentBytes fails with a {@link
   * SerializationException} that says so, without running; the same connection goes on with the
   * client's next calls.
   */
  @Test
  void aCallWhoseArgumentsDecodeTooLargeFailsAloneAndItsConnectionGoesOn() throws Exception {
    try (BoundedManager manager = BoundedManager.start("maxArgumentBytes=" + MiB);
        ManagerClient client = manager.client()) {
      TestService service = client.shared(TestService.class, "service");
      Map<String, Integer> stock = new HashMap<>();
      for (int i = 0; i < 100_000; i++) {
        stock.put("sku-" + i, i);
      }
      SerializationException e = assertThrows(SerializationException.class, () -> service.items(stock));
      assertTrue(e.getMessage().startsWith("the arguments of " + RawConnection.method("items").signature()
              + " would take more than 1048576 bytes of the Manager's heap once decoded (its maxArgumentBytes;"),
          e.getMessage());
      assertTrue(e.getMessage().endsWith("so it was not run"), e.getMessage());
      assertEquals(0, itemsCalls(client), "the refused call ran");
      assertEquals(1, service.increment(), "the connection did not go on");
      assertEquals(2, service.items(Map.of("apple", 3, "tongs", 1)).size());
      Map<String, Integer> fits = new HashMap<>();
      for (int i = 0; i < 5_000; i++) { // about 700 KB, as estimated
        fits.put("sku-" + i, i);
      }
      assertEquals(5_000, service.items(fits).size());
      assertEquals(2, itemsCalls(client));
    }
  }

  /** How many calls of "service"'s items(Map) have run in the Manager, by its introspection. */
  private static long itemsCalls(ManagerClient client) {
    return client.introspect().object("service").methods().stream()
        .filter(m -> m.method().startsWith("items("))
        .mapToLong(m -> m.calls())
        .sum();
  }

  /**
   * Calls parked in the Manager (here: futures that complete in 20 s) are bounded per connection:
   * beyond maxParkedCalls a call fails at once with {@link ManagerBusyException}.
   */
  @Test
  void parkedCallsBeyondTheBoundAreRefused() throws Exception {
    try (BoundedManager manager = BoundedManager.start("maxParkedCalls=10");
        HonestClient honest = new HonestClient(manager, "other");
        ManagerClient client = manager.client()) {
      TestService service = client.withTimeout(client.shared(TestService.class, "service"), Duration.ofSeconds(30));
      List<CompletableFuture<String>> parked = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        parked.add(service.later(20_000, "late"));
      }
      assertEquals(1, service.increment(), "the connection still runs calls that do not park");
      CompletableFuture<String> refused = service.later(20_000, "one too many");
      ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS),
          "the 11th parked call was not refused");
      assertTrue(e.getCause() instanceof ManagerBusyException, "refused with " + e.getCause());
      parked.forEach(f -> assertTrue(!f.isDone(), "a parked call ended early: " + f));
      honest.assertServedWithin1s();
      manager.assertServes();
    }
  }

  /**
   * Parked calls are bounded in the whole Manager too: one client parking maxParkedCalls on each of
   * many connections took a 256 MiB Manager to OutOfMemoryError (an audit: 10,000 queue gets on
   * each of 70 connections). Beyond the first maxParkedCallsTotal / maxConnections calls of each
   * connection (here 20 / 10 = 2), parked calls draw on a pool of maxParkedCallsTotal; a call that
   * finds it used up is refused, while a client parking no more than its first calls is served.
   */
  @Test
  void parkedCallsAreBoundedInTheWholeManager() throws Exception {
    try (BoundedManager manager = BoundedManager.start("maxParkedCalls=15", "maxParkedCallsTotal=20", "maxConnections=10");
        HonestClient honest = new HonestClient(manager, "other");
        ManagerClient first = manager.client(Duration.ofSeconds(30));
        ManagerClient second = manager.client(Duration.ofSeconds(30));
        ManagerClient modest = manager.client(Duration.ofSeconds(30))) {
      List<CompletableFuture<String>> parked = new ArrayList<>();
      TestService a = first.shared(TestService.class, "service");
      for (int i = 0; i < 15; i++) { // its first 2, then 13 of the pool's 20
        parked.add(a.later(20_000, "first"));
      }
      assertEquals(1, a.increment(), "read after the parked calls: they are counted");
      TestService b = second.shared(TestService.class, "service");
      for (int i = 0; i < 9; i++) { // its first 2, then the pool's last 7
        parked.add(b.later(20_000, "second"));
      }
      assertEquals(2, b.increment());
      CompletableFuture<String> refused = b.later(20_000, "the pool is used up");
      ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS),
          "a parked call beyond the pool was not refused");
      assertTrue(e.getCause() instanceof ManagerBusyException, "refused with " + e.getCause());
      assertTrue(e.getCause().getMessage().contains("maxParkedCallsTotal"), e.getCause().getMessage());
      // another connection parking no more than its first 2 calls is served
      TestService c = modest.shared(TestService.class, "service");
      CompletableFuture<String> waiting = c.later(20_000, "modest");
      assertEquals("quick", c.later(50, "quick").get(10, TimeUnit.SECONDS));
      parked.add(waiting);
      parked.forEach(f -> assertTrue(!f.isDone(), "a parked call ended early: " + f));
      honest.assertServedWithin1s();
      manager.assertServes();
    }
  }

  /**
   * The README: a call to one of your own CompletableFuture methods "counts until its future
   * completes, even after its client left ... though never a connection's own first share". A
   * client that parked the whole pool and left keeps it while the futures are pending; a new
   * connection still parks its first 2 (20 / 10) and is refused beyond them.
   */
  @Test
  void callsToAnObjectsFuturesCountUntilTheyCompleteEvenAfterTheirClientLeft() throws Exception {
    try (BoundedManager manager = BoundedManager.start("maxParkedCalls=25", "maxParkedCallsTotal=20", "maxConnections=10")) {
      try (ManagerClient leaving = manager.client(Duration.ofSeconds(30))) {
        TestService a = leaving.shared(TestService.class, "service");
        for (int i = 0; i < 22; i++) { // its first 2, then the whole pool of 20
          a.later(60_000, "left");
        }
        assertEquals(1, a.increment(), "read after the parked calls: they are counted");
      }
      try (ManagerClient next = manager.client(Duration.ofSeconds(30))) {
        TestService b = next.shared(TestService.class, "service");
        List<CompletableFuture<String>> own = List.of(b.later(60_000, "one"), b.later(60_000, "two"));
        CompletableFuture<String> beyond = b.later(60_000, "three");
        ExecutionException e = assertThrows(ExecutionException.class, () -> beyond.get(10, TimeUnit.SECONDS),
            "the pool came back when the client that filled it left");
        assertTrue(e.getCause() instanceof ManagerBusyException, "refused with " + e.getCause());
        assertTrue(e.getCause().getMessage().contains("maxParkedCallsTotal"), e.getCause().getMessage());
        own.forEach(f -> assertTrue(!f.isDone(), "a call within the connection's first share ended: " + f));
      }
      manager.assertServes();
    }
  }

  /**
   * The failure table's "the Manager logs it": failed authentications, which need no key, are
   * logged at most once a second, counting those left out, so a flood of them does not flood the
   * Manager's log (an audit made 7,077 lines in 10 s).
   */
  @Test
  void failedAuthenticationsAreLoggedAtMostOnceASecond() throws Exception {
    try (BoundedManager manager = BoundedManager.start()) {
      AuthKey wrong = AuthKey.generate();
      long start = System.nanoTime();
      for (int i = 0; i < 40; i++) {
        assertThrows(AuthenticationException.class, () -> ManagerClient.connect("127.0.0.1", manager.port, wrong).close());
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      manager.awaitOutput("failed authentication", Duration.ofSeconds(30));
      long lines = manager.jvm.output().lines().filter(l -> l.contains("failed authentication")).count();
      assertTrue(lines <= seconds + 2, lines + " lines for 40 failures in " + seconds + " s");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!manager.jvm.output().contains("more connections failed authentication since the last such line")) {
        assertTrue(System.nanoTime() < deadline, "the left-out failures were never counted:\n" + manager.jvm.output());
        assertThrows(AuthenticationException.class, () -> ManagerClient.connect("127.0.0.1", manager.port, wrong).close());
        Thread.sleep(100); // polling with a deadline: the next line comes a second after the last
      }
      manager.assertServes();
    }
  }

  // ------------------------------------------------------------------ helpers

  /** What a flood achieved. */
  record Flood(long accepted, boolean closed, long stalledMillis, long elapsedMillis) {
    @Override
    public String toString() {
      return (accepted / MiB) + " MiB accepted in " + elapsedMillis + " ms, "
          + (closed ? "then the connection was closed" : "no progress in the last " + stalledMillis + " ms");
    }
  }

  /**
   * Writes what {@code frames} supplies (until it returns null) to {@code socket}, non-blocking, as
   * fast as the socket takes it, for up to {@code duration}, or until the socket takes nothing for
   * {@code stallLimit}, or the Manager closes it.
   */
  static Flood flood(SocketChannel socket, Supplier<ByteBuffer> frames, Duration duration, Duration stallLimit)
      throws IOException {
    socket.configureBlocking(false);
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long lastProgress = start;
    long accepted = 0;
    boolean closed = false;
    try (Selector selector = Selector.open()) {
      socket.register(selector, SelectionKey.OP_WRITE);
      ByteBuffer buffer = frames.get();
      while (buffer != null) {
        long now = System.nanoTime();
        if (now - end > 0 || now - lastProgress > stallLimit.toNanos()) {
          break;
        }
        int n;
        try {
          n = socket.write(buffer);
        } catch (IOException e) {
          closed = true;
          break;
        }
        if (n > 0) {
          accepted += n;
          lastProgress = System.nanoTime();
          if (!buffer.hasRemaining()) {
            buffer = frames.get();
          }
        } else {
          selector.select(50);
          selector.selectedKeys().clear();
        }
      }
    }
    long now = System.nanoTime();
    return new Flood(accepted, closed, closed ? 0 : TimeUnit.NANOSECONDS.toMillis(now - lastProgress),
        TimeUnit.NANOSECONDS.toMillis(now - start));
  }

  /** Samples the Manager's heap after GC every half second on a thread of its own. */
  static final class HeapWatch {
    private final Thread thread;
    private volatile boolean stop;
    private volatile long worst;

    private HeapWatch(BoundedManager manager) {
      thread = new Thread(() -> {
        while (!stop && manager.jvm.isAlive()) {
          try {
            worst = Math.max(worst, manager.stats(true).heap());
          } catch (InterruptedException | AssertionError e) {
            return; // the Manager died: the test says so
          }
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
      }, "heap-watch");
      thread.setDaemon(true);
    }

    static HeapWatch start(BoundedManager manager) {
      HeapWatch watch = new HeapWatch(manager);
      watch.thread.start();
      return watch;
    }

    /** Stops sampling; returns the most heap seen. */
    long stop() throws InterruptedException {
      stop = true;
      thread.join(TimeUnit.SECONDS.toMillis(35));
      return worst;
    }
  }

  /**
   * Endless CALL frames of {@code method} on {@code handle} with these argument bytes (see {@link
   * #argumentBytes}), one a buffer, numbered from {@code ids}.
   */
  private static Supplier<ByteBuffer> calls(int handle, String method, byte[] arguments, AtomicLong ids) {
    int methodId = RawConnection.method(method).id();
    return () -> {
      Output o = new Output(arguments.length + 32);
      o.setPosition(4);
      o.writeByte(Protocol.CALL);
      o.writeVarLong(ids.getAndIncrement(), true);
      o.writeVarInt(handle, true);
      o.writeInt(methodId);
      o.writeBytes(arguments);
      putLength(o.getBuffer(), 0, o.position() - 4);
      return ByteBuffer.wrap(o.getBuffer(), 0, o.position());
    };
  }

  private static byte[] argumentBytes(byte[] value) {
    return argumentBytes("echoBytes", (Object) value);
  }

  /** The bytes of a CALL frame of {@code method} after its method id: its arguments. */
  private static byte[] argumentBytes(String method, Object... args) {
    byte[] frame = RawConnection.call(0, 0, method, args);
    int header = 4 + 1 + 1 + 1 + 4; // length, CALL, id 0, handle 0, method id
    byte[] arguments = new byte[frame.length - header];
    System.arraycopy(frame, header, arguments, 0, arguments.length);
    return arguments;
  }

  private static void putLength(byte[] b, int offset, int length) {
    b[offset] = (byte) (length >>> 24);
    b[offset + 1] = (byte) (length >>> 16);
    b[offset + 2] = (byte) (length >>> 8);
    b[offset + 3] = (byte) length;
  }

  /** The most a TCP receive buffer may grow to on this system (the Manager's included). */
  private static long maxReceiveBuffer() {
    try {
      // by lines: Files.readString stops short on /proc files
      String[] fields = String.join(" ", Files.readAllLines(Path.of("/proc/sys/net/ipv4/tcp_rmem"))).trim().split("\\s+");
      return Long.parseLong(fields[2]);
    } catch (IOException | RuntimeException e) {
      return 8 * MiB;
    }
  }
}
