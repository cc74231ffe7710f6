package io.typedipc.internal.wire;

import io.typedipc.ProtocolException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
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

/**
 * Two one-way byte rings in one memory-mapped file, shared by the two ends of a same-host
 * connection: ring 0 carries the client's bytes to the Manager, ring 1 the Manager's to the client.
 * Each ring has one writer and one reader (single-producer, single-consumer); the frames on it are
 * the same length-prefixed frames that TCP carries, as a byte stream.
 *
 * <h2>Layout (native byte order)</h2>
 *
 * <pre>
 *   0      magic (8 bytes), version (4), ring capacity (4), nonce (32)
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
 * dropped their mappings.
 */
public final class SharedRings {

  static final long MAGIC = 0x5459504544495043L; // "TYPEDIPC"
  static final int VERSION = 1;
  static final int NONCE_BYTES = 32;
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

  private final MappedByteBuffer map;
  private final int capacity;
  private final byte[] nonce;

  private SharedRings(MappedByteBuffer map, int capacity, byte[] nonce) {
    this.map = map;
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
    try (fc) {
      MappedByteBuffer map = fc.map(FileChannel.MapMode.READ_WRITE, 0, fileSize(capacity));
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      map.order(ByteOrder.nativeOrder());
      map.putInt(8, VERSION);
      map.putInt(12, capacity);
      map.put(16, nonce);
      LONGS.setRelease(map, 0, MAGIC); // last: a peer that sees the magic sees the rest
      return new Created(file, new SharedRings(map, capacity, nonce));
    } catch (IOException | RuntimeException e) {
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
    if (Integer.bitCount(capacity) != 1 || capacity < MIN_CAPACITY || capacity > MAX_CAPACITY) {
      throw new IOException("the announced ring capacity " + capacity + " is not a power of two from "
          + MIN_CAPACITY + " to " + MAX_CAPACITY);
    }
    try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      if (fc.size() != fileSize(capacity)) {
        throw new IOException(file + " has " + fc.size() + " bytes, not the " + fileSize(capacity) + " announced");
      }
      MappedByteBuffer map = fc.map(FileChannel.MapMode.READ_WRITE, 0, fileSize(capacity));
      map.order(ByteOrder.nativeOrder());
      if ((long) LONGS.getAcquire(map, 0) != MAGIC || map.getInt(8) != VERSION || map.getInt(12) != capacity) {
        throw new IOException(file + " is not a typedipc shared-memory file of this version");
      }
      byte[] nonce = new byte[NONCE_BYTES];
      map.get(16, nonce);
      return new SharedRings(map, capacity, nonce);
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
   * (each side holds one ring to read and the other to write).
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

    /** For the writer: starts from where the ring's writer position says (0 on a new file). */
    Ring asWriter() {
      position = (long) LONGS.getAcquire(map, control + WRITER_AT);
      return this;
    }

    /** For the reader: starts from where the ring's reader position says (0 on a new file). */
    Ring asReader() {
      position = (long) LONGS.getAcquire(map, control + READER_AT);
      return this;
    }

    /**
     * Reader: copies up to {@code max} waiting bytes into {@code dst}; returns how many (0 if none).
     *
     * @throws ProtocolException if the writer's published position is impossible
     */
    int read(byte[] dst, int offset, int max) {
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
      return (long) LONGS.getAcquire(map, control + WRITER_AT) != position;
    }

    /**
     * Writer: copies as many of {@code length} bytes as there is room for; returns how many (0 if
     * the ring is full).
     *
     * @throws ProtocolException if the reader's published position is impossible
     */
    int write(byte[] src, int offset, int length) {
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
      return position - (long) LONGS.getAcquire(map, control + READER_AT) < capacity;
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
      INTS.setVolatile(map, control + at, value);
    }

    /**
     * Whether the other side sleeps (its flag at {@code at} is set), clearing the flag so that it
     * is rung once per sleep. The full fence orders this side's position, published just before,
     * against the flag read after it; the sleeper does the mirror (flag stored, then position read),
     * so one of the two always sees the other.
     */
    private boolean takeFlag(int at) {
      VarHandle.fullFence();
      return (int) INTS.getVolatile(map, control + at) == 1 && INTS.compareAndSet(map, control + at, 1, 0);
    }
  }
}
