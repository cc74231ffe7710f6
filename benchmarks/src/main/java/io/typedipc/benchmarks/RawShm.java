package io.typedipc.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The shared-memory baseline: two JVMs spinning on one memory-mapped file, the floor of any
 * same-host round trip. The client stores {@code i} in the "ping" word and spins until the "pong"
 * word (on another cache line) holds {@code i + 1}; the server spins on "ping" and answers. Both
 * spin with {@link Spin#idle} (a yield every poll when pinned to one CPU), never park.
 *
 * <p>{@code role=server file=...} creates the file and prints {@code READY 0}; {@code role=client
 * file=...} maps it and measures like the other latency cases.
 */
public final class RawShm {
  private static final VarHandle LONGS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final int PING = 0;
  private static final int PONG = 128;
  private static final int SIZE = 4096;

  private RawShm() {}

  public static void main(String[] argv) throws Exception {
    ChildSupport.dieWithParent();
    Map<String, String> args = ChildSupport.parse(argv);
    Path file = Path.of(ChildSupport.arg(args, "file"));
    int yieldEvery = ChildSupport.intArg(args, "yieldEvery", Spin.DEFAULT_YIELD_EVERY);
    if (ChildSupport.arg(args, "role").equals("server")) {
      MappedByteBuffer map = map(file, true);
      ChildSupport.ready(0);
      long seen = 0;
      int misses = 0;
      while (true) {
        long ping = (long) LONGS.getAcquire(map, PING);
        if (ping == seen) {
          Spin.idle(++misses, yieldEvery);
          continue;
        }
        misses = 0;
        seen = ping;
        LONGS.setRelease(map, PONG, ping + 1);
      }
    }
    try {
      MappedByteBuffer map = map(file, false);
      long[] next = {0};
      Measure.latency(x -> {
        long i = ++next[0];
        LONGS.setRelease(map, PING, i);
        int misses = 0;
        while ((long) LONGS.getAcquire(map, PONG) != i + 1) {
          Spin.idle(++misses, yieldEvery);
        }
        return (int) i;
      }, Measure.Settings.from(args));
      System.exit(0);
    } catch (Throwable t) {
      ChildSupport.fail(t);
      System.exit(1);
    }
  }

  private static MappedByteBuffer map(Path file, boolean create) throws Exception {
    try (FileChannel fc = create
        ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
        : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer map = fc.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
      if (create) {
        file.toFile().deleteOnExit();
      }
      return map;
    } finally {
      if (!create) {
        Files.deleteIfExists(file); // both have it mapped: nothing needs the name any more
      }
    }
  }
}
