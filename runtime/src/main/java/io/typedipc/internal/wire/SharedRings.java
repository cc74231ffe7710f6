package io.typedipc.internal.wire;

import io.typedipc.ProtocolException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two one-way byte rings in one memory-mapped file, shared by the two ends of a same-host
 * connection: ring 0 carries the client's bytes to the Manager, ring 1 the Manager's to the client.
 * Each ring has one writer and one reader (single-producer, single-consumer); the frames on it are
 * the same length-prefixed frames that TCP carries, as a byte stream.
 *
 * <h2>Layout (native byte order)</h2>
 *
 * <pre>
 *   0      magic (8 bytes), version (4), ring capacity (4), nonce (32), client's proof (32)
 *   1024   ring 0 control: reader position (8) | 128: writer position (8) | 256: reader parked (4)
 *                          | 384: writer parked (4)
 *   1536   ring 1 control, the same
 *   4096   ring 0 data (capacity bytes), then ring 1 data
 * </pre>
 *
 * <p>Positions only grow; a position's byte is at {@code position & (capacity - 1)}. The writer
 * copies bytes in, then publishes its position with a release store; the reader reads the
 * writer's position with an acquire load, copies the bytes out and publishes its own. Each side
 * keeps its own position in its own memory and only publishes it, so a peer that scribbles on the
 * file cannot make this side read outside the ring: a published position that is behind, or more
 * than a capacity ahead, is a {@link ProtocolException} for that connection.
 *
 * <p>Waiting is not done here: a reader about to sleep sets its ring's <em>parked</em> flag, and a
 * writer that finds it set clears it and rings the reader's doorbell over the connection's socket;
 * a writer that finds the ring full does the mirror with the <em>writer parked</em> flag, which the
 * reader checks after taking bytes (see {@link FrameChannel}).
 *
 * <p>The file is created by the Manager, owner-only, under a random name, and deleted as soon as
 * the client has mapped it (both mappings stay valid); the memory goes when both sides have
 * unmapped it. {@link #close()} unmaps at once — on JDK 22 and later by closing the shared {@code
 * java.lang.foreign.Arena} it was mapped in, on JDK 17 to 21 with {@code
 * sun.misc.Unsafe.invokeCleaner} (which JDK 23 deprecated, hence not used there) — but only once
 * no thread is inside a method of this class: every access to the mapping counts itself in and
 * out, and the last one out after {@code close} unmaps. An access that comes after {@code close}
 * touches nothing and finds an empty ring (reads 0 bytes, writes 0 bytes), so the channel's own
 * closed checks end it. Where neither way of unmapping is available (a JVM without {@code
 * jdk.unsupported} before JDK 22), the mapping goes when the garbage collector frees the buffer.
 */
public final class SharedRings {

  static final long MAGIC = 0x5459504544495043L; // "TYPEDIPC"
  static final int VERSION = 1;
  static final int NONCE_BYTES = 32;
  /** Where the client writes random bytes through its mapping, which the Manager then reads in its own. */
  private static final int PROOF_AT = 48;
  private static final int HEADER_BYTES = 4096;
  private static final int CONTROL_AT = 1024;
  private static final int CONTROL_BYTES = 512;
  private static final int READER_AT = 0;
  private static final int WRITER_AT = 128;
  private static final int PARKED_AT = 256;
  private static final int WRITER_PARKED_AT = 384;
  /** The smallest and largest ring capacities accepted from a peer's file. */
  public static final int MIN_CAPACITY = 4096;
  public static final int MAX_CAPACITY = 64 * 1024 * 1024;
  /** The default capacity of each ring. */
  public static final int DEFAULT_CAPACITY = 256 * 1024;
  /** Prefix of every file's name: {@code typedipc-<pid>-<random>}. */
  public static final String FILE_PREFIX = "typedipc-";

  private static final VarHandle LONGS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final VarHandle INTS =
      MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

  /** In {@link #users}: set by {@link #close()}; the low bits count the threads inside a method. */
  private static final int CLOSED = 1 << 30;

  private final ByteBuffer map;
  /** What unmaps {@link #map}: its {@code Arena} (JDK 22+), the buffer itself (Unsafe), or null. */
  private final Object unmapHandle;
  private final int capacity;
  private final byte[] nonce;
  private final AtomicInteger users = new AtomicInteger();
  private final AtomicBoolean unmapped = new AtomicBoolean();

  private SharedRings(Mapping mapping, int capacity, byte[] nonce) {
    this.map = mapping.buffer();
    this.unmapHandle = mapping.handle();
    this.capacity = capacity;
    this.nonce = nonce;
  }

  /** The size of a file holding two rings of {@code capacity} bytes. */
  static long fileSize(int capacity) {
    return HEADER_BYTES + 2L * capacity;
  }

  /**
   * Creates a new owner-only file of two rings in {@code directory}, named {@code
   * typedipc-<pid>-<random>}, and maps it. The caller deletes it once the peer mapped it.
   *
   * @param capacity bytes per ring, a power of two between {@link #MIN_CAPACITY} and {@link
   *     #MAX_CAPACITY}
   */
  public static Created create(Path directory, int capacity, SecureRandom random) throws IOException {
    if (Integer.bitCount(capacity) != 1 || capacity < MIN_CAPACITY || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException("ring capacity must be a power of two from " + MIN_CAPACITY + " to "
          + MAX_CAPACITY + " bytes: " + capacity);
    }
    byte[] name = new byte[12];
    random.nextBytes(name);
    Path file = directory.resolve(FILE_PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(name));
    FileChannel fc;
    try {
      fc = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      throw new IOException("a shared-memory file of that name exists already: " + file, e);
    }
    Mapping mapping = null;
    try (fc) {
      mapping = Mapping.map(fc, FileChannel.MapMode.READ_WRITE, fileSize(capacity));
      ByteBuffer map = mapping.buffer();
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      map.putInt(8, VERSION);
      map.putInt(12, capacity);
      map.put(16, nonce);
      LONGS.setRelease(map, 0, MAGIC); // last: a peer that sees the magic sees the rest
      return new Created(file, new SharedRings(mapping, capacity, nonce));
    } catch (IOException | RuntimeException e) {
      if (mapping != null) {
        mapping.unmap();
      }
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /** A file just created, and its mapping. */
  public record Created(Path file, SharedRings rings) {}

  /**
   * Maps a file the Manager announced on this connection and checks it is one: its size, magic,
   * version and capacity must be what the announcement said.
   *
   * @throws IOException if it cannot be opened or is not such a file
   */
  public static SharedRings open(Path file, int capacity) throws IOException {
    return open(file, capacity, FileChannel.MapMode.READ_WRITE);
  }

  /**
   * {@link #open(Path, int)} with a map mode: {@code PRIVATE} (copy on write) lets a test map a
   * file whose writes do not reach the other side, as a file on a shared network file system
   * mapped on another host would.
   */
  static SharedRings open(Path file, int capacity, FileChannel.MapMode mode) throws IOException {
    if (Integer.bitCount(capacity) != 1 || capacity < MIN_CAPACITY || capacity > MAX_CAPACITY) {
      throw new IOException("the announced ring capacity " + capacity + " is not a power of two from "
          + MIN_CAPACITY + " to " + MAX_CAPACITY);
    }
    try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      if (fc.size() != fileSize(capacity)) {
        throw new IOException(file + " has " + fc.size() + " bytes, not the " + fileSize(capacity) + " announced");
      }
      Mapping mapping = Mapping.map(fc, mode, fileSize(capacity));
      ByteBuffer map = mapping.buffer();
      if ((long) LONGS.getAcquire(map, 0) != MAGIC || map.getInt(8) != VERSION || map.getInt(12) != capacity) {
        mapping.unmap();
        throw new IOException(file + " is not a typedipc shared-memory file of this version");
      }
      byte[] nonce = new byte[NONCE_BYTES];
      map.get(16, nonce);
      return new SharedRings(mapping, capacity, nonce);
    }
  }

  /**
   * Client: writes {@value #NONCE_BYTES} random bytes into the file's header through this mapping
   * and returns them. The Manager, told them over the socket, finds them in its own mapping only if
   * the two mappings are the same memory — not, for example, one file of a network file system
   * mapped on two hosts, whose writes reach the other host late or never.
   */
  byte[] writeProof(SecureRandom random) {
    byte[] proof = new byte[NONCE_BYTES];
    random.nextBytes(proof);
    if (enter()) {
      try {
        map.put(PROOF_AT, proof);
        VarHandle.fullFence();
      } finally {
        leave();
      }
    }
    return proof;
  }

  /** Manager: whether this mapping holds the bytes the client says it wrote into its own. */
  boolean proofMatches(byte[] proof) {
    byte[] seen = new byte[NONCE_BYTES];
    if (!enter()) {
      return false;
    }
    try {
      VarHandle.fullFence();
      map.get(PROOF_AT, seen);
    } finally {
      leave();
    }
    return proof.length == NONCE_BYTES && MessageDigest.isEqual(seen, proof);
  }

  /**
   * Unmaps the file, at once if no thread is inside a method of this class, else as the last one
   * leaves; from now on the rings read and write nothing. Idempotent.
   */
  public void close() {
    int before = users.getAndUpdate(u -> u | CLOSED);
    if (before == 0) {
      unmap();
    }
  }

  /** Whether the mapping is gone (for tests). */
  boolean isUnmapped() {
    return unmapped.get();
  }

  /** Counts a thread in; false (and counted out again) if closed: then touch nothing. */
  private boolean enter() {
    if ((users.getAndIncrement() & CLOSED) != 0) {
      leave();
      return false;
    }
    return true;
  }

  private void leave() {
    if (users.decrementAndGet() == CLOSED) {
      unmap();
    }
  }

  private void unmap() {
    if (unmapped.compareAndSet(false, true)) {
      new Mapping(map, unmapHandle).unmap();
    }
  }

  /**
   * A mapped file and what unmaps it. Both ways are looked up reflectively, since this code is
   * compiled for JDK 17: {@code FileChannel.map(mode, offset, size, Arena)} from JDK 22 on (the
   * foreign memory API, final there; a shared arena's close waits until no thread accesses the
   * memory, and an access after it throws instead of touching unmapped memory), else {@code
   * sun.misc.Unsafe.invokeCleaner} (JDK 17 to 21 print nothing for it; from JDK 24 on it would
   * warn, but those JDKs take the first way).
   */
  private record Mapping(ByteBuffer buffer, Object handle) {
    private static final Method OF_SHARED;
    private static final Method MAP_IN_ARENA;
    private static final Method AS_BYTE_BUFFER;
    private static final Method CLOSE_ARENA;
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
      Method ofShared = null;
      Method mapInArena = null;
      Method asByteBuffer = null;
      Method closeArena = null;
      Object unsafe = null;
      Method invokeCleaner = null;
      try {
        if (Runtime.version().feature() >= 22) {
          Class<?> arena = Class.forName("java.lang.foreign.Arena");
          ofShared = arena.getMethod("ofShared");
          closeArena = arena.getMethod("close");
          mapInArena = FileChannel.class.getMethod("map", FileChannel.MapMode.class, long.class, long.class, arena);
          asByteBuffer = Class.forName("java.lang.foreign.MemorySegment").getMethod("asByteBuffer");
        } else {
          Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
          Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
          theUnsafe.setAccessible(true);
          unsafe = theUnsafe.get(null);
          invokeCleaner = unsafeClass.getMethod("invokeCleaner", ByteBuffer.class);
        }
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        SharedMemoryHandshake.LOG.log(Level.DEBUG, "shared memory: cannot unmap early on this JVM ("
            + e + "); the garbage collector unmaps closed connections' rings");
        ofShared = null;
        unsafe = null;
      }
      OF_SHARED = ofShared;
      MAP_IN_ARENA = mapInArena;
      AS_BYTE_BUFFER = asByteBuffer;
      CLOSE_ARENA = closeArena;
      UNSAFE = unsafe;
      INVOKE_CLEANER = invokeCleaner;
    }

    /** Maps {@code size} bytes of {@code fc} from its start, in native byte order. */
    static Mapping map(FileChannel fc, FileChannel.MapMode mode, long size) throws IOException {
      Mapping mapping;
      if (OF_SHARED != null) {
        Object arena = invoke(OF_SHARED, null);
        try {
          Object segment = invoke(MAP_IN_ARENA, fc, mode, 0L, size, arena);
          mapping = new Mapping((ByteBuffer) invoke(AS_BYTE_BUFFER, segment), arena);
        } catch (IOException | RuntimeException e) {
          invoke(CLOSE_ARENA, arena);
          throw e;
        }
      } else {
        ByteBuffer buffer = fc.map(mode, 0, size);
        mapping = new Mapping(buffer, UNSAFE != null ? buffer : null);
      }
      mapping.buffer().order(ByteOrder.nativeOrder());
      return mapping;
    }

    /** Unmaps now if this JVM can; nothing may touch the buffer afterwards. */
    void unmap() {
      try {
        if (handle == null) {
          return;
        }
        if (OF_SHARED != null) {
          invoke(CLOSE_ARENA, handle);
        } else {
          invoke(INVOKE_CLEANER, UNSAFE, handle);
        }
      } catch (IOException | RuntimeException e) {
        SharedMemoryHandshake.LOG.log(Level.DEBUG, "shared memory: cannot unmap (" + e
            + "); the garbage collector will");
      }
    }

    private static Object invoke(Method method, Object target, Object... args) throws IOException {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw new IOException(cause);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The random bytes written into the file: a peer that echoes them has mapped this very file. */
  public byte[] nonce() {
    return nonce.clone();
  }

  /** Whether {@code echoed} is this file's nonce (compared in constant time). */
  public boolean nonceMatches(byte[] echoed) {
    return MessageDigest.isEqual(nonce, echoed);
  }

  /** Bytes per ring. */
  public int capacity() {
    return capacity;
  }

  /** Ring {@code index}: 0 carries the client's bytes, 1 the Manager's. */
  public Ring ring(int index) {
    if (index != 0 && index != 1) {
      throw new IllegalArgumentException("ring " + index);
    }
    return new Ring(index);
  }

  /**
   * One direction. A {@code Ring} object is used by one side only: its reader or its writer
   * (each side holds one ring to read and the other to write). After {@link SharedRings#close()}
   * its methods touch nothing: the ring looks empty to its reader, full of room but taking nothing
   * to its writer, and nobody is parked.
   */
  public final class Ring {
    private final int control;
    private final ByteBuffer data;
    private final int mask;
    /** This side's own position: the reader's if it reads this ring, the writer's if it writes. */
    private long position;

    private Ring(int index) {
      this.control = CONTROL_AT + index * CONTROL_BYTES;
      this.data = map.slice(HEADER_BYTES + index * capacity, capacity);
      this.mask = capacity - 1;
    }

    /** The rings this one is part of (to {@link SharedRings#close()} them). */
    public SharedRings owner() {
      return SharedRings.this;
    }

    /** For the writer: starts from where the ring's writer position says (0 on a new file). */
    Ring asWriter() {
      return startAt(WRITER_AT);
    }

    /** For the reader: starts from where the ring's reader position says (0 on a new file). */
    Ring asReader() {
      return startAt(READER_AT);
    }

    private Ring startAt(int at) {
      if (enter()) {
        try {
          position = (long) LONGS.getAcquire(map, control + at);
        } finally {
          leave();
        }
      }
      return this;
    }

    /**
     * Reader: copies up to {@code max} waiting bytes into {@code dst}; returns how many (0 if none).
     *
     * @throws ProtocolException if the writer's published position is impossible
     */
    int read(byte[] dst, int offset, int max) {
      if (!enter()) {
        return 0;
      }
      try {
        return readEntered(dst, offset, max);
      } finally {
        leave();
      }
    }

    private int readEntered(byte[] dst, int offset, int max) {
      long written = (long) LONGS.getAcquire(map, control + WRITER_AT);
      long available = written - position;
      if (available < 0 || available > capacity) {
        throw new ProtocolException("corrupt shared-memory ring: the writer claims " + available
            + " bytes waiting in a ring of " + capacity);
      }
      int n = (int) Math.min(available, max);
      if (n == 0) {
        return 0;
      }
      int at = (int) (position & mask);
      int first = Math.min(n, capacity - at);
      data.get(at, dst, offset, first);
      if (first < n) {
        data.get(0, dst, offset + first, n - first);
      }
      position += n;
      LONGS.setRelease(map, control + READER_AT, position);
      return n;
    }

    /** Reader: whether bytes are waiting (an acquire load, for spinning). */
    boolean hasData() {
      if (!enter()) {
        return false;
      }
      try {
        return (long) LONGS.getAcquire(map, control + WRITER_AT) != position;
      } finally {
        leave();
      }
    }

    /**
     * Writer: copies as many of {@code length} bytes as there is room for; returns how many (0 if
     * the ring is full).
     *
     * @throws ProtocolException if the reader's published position is impossible
     */
    int write(byte[] src, int offset, int length) {
      if (!enter()) {
        return 0;
      }
      try {
        return writeEntered(src, offset, length);
      } finally {
        leave();
      }
    }

    private int writeEntered(byte[] src, int offset, int length) {
      long read = (long) LONGS.getAcquire(map, control + READER_AT);
      long used = position - read;
      if (used < 0 || used > capacity) {
        throw new ProtocolException("corrupt shared-memory ring: the reader claims " + used
            + " bytes not yet read in a ring of " + capacity);
      }
      int n = (int) Math.min(capacity - used, length);
      if (n == 0) {
        return 0;
      }
      int at = (int) (position & mask);
      int first = Math.min(n, capacity - at);
      data.put(at, src, offset, first);
      if (first < n) {
        data.put(0, src, offset + first, n - first);
      }
      position += n;
      LONGS.setRelease(map, control + WRITER_AT, position);
      return n;
    }

    /** Writer: whether there is room for at least one byte. */
    boolean hasRoom() {
      if (!enter()) {
        return true; // nobody should sleep waiting for room in a closed ring
      }
      try {
        return position - (long) LONGS.getAcquire(map, control + READER_AT) < capacity;
      } finally {
        leave();
      }
    }

    /** Writer: announces it is about to sleep until the reader makes room and rings. */
    void parkWriter() {
      setFlag(WRITER_PARKED_AT, 1);
    }

    /** Writer: is awake again. */
    void unparkWriter() {
      setFlag(WRITER_PARKED_AT, 0);
    }

    /** Reader, after taking bytes: whether the writer sleeps waiting for room and must be rung. */
    boolean takeWriterParked() {
      return takeFlag(WRITER_PARKED_AT);
    }

    /** Reader: announces it is about to sleep until the writer rings. */
    void park() {
      setFlag(PARKED_AT, 1);
    }

    /** Reader: is awake again. */
    void unpark() {
      setFlag(PARKED_AT, 0);
    }

    /** Writer, after publishing bytes: whether the reader sleeps and must be rung. */
    boolean takeParked() {
      return takeFlag(PARKED_AT);
    }

    /** A volatile store of a parked flag: ordered before the sleeper's last look at the ring. */
    private void setFlag(int at, int value) {
      if (enter()) {
        try {
          INTS.setVolatile(map, control + at, value);
        } finally {
          leave();
        }
      }
    }

    /**
     * Whether the other side sleeps (its flag at {@code at} is set), clearing the flag so that it
     * is rung once per sleep. The full fence orders this side's position, published just before,
     * against the flag read after it; the sleeper does the mirror (flag stored, then position read),
     * so one of the two always sees the other.
     */
    private boolean takeFlag(int at) {
      if (!enter()) {
        return false;
      }
      try {
        VarHandle.fullFence();
        return (int) INTS.getVolatile(map, control + at) == 1 && INTS.compareAndSet(map, control + at, 1, 0);
      } finally {
        leave();
      }
    }
  }
}
