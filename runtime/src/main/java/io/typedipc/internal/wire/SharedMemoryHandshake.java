package io.typedipc.internal.wire;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.typedipc.ManagerClosedException;
import io.typedipc.ProtocolException;
import io.typedipc.internal.serial.Serialization;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Moves an authenticated TCP connection's frames to shared memory when both sides want it and
 * share a host (see {@link Protocol} for the frames). The client asks (only if the Manager's
 * address is one of this host's); the Manager, if the client's address is one of its host's,
 * creates an owner-only file of rings under a random name and announces it on this connection
 * only; the client maps it, echoes the nonce written in it (it sees the very file) and writes
 * random bytes into the header through its mapping, which it also sends; the Manager switches
 * only if it finds those bytes in its own mapping (the two mappings are one memory: the same
 * host, not one file of a network file system seen from two hosts), answers SHM_SWITCH and
 * deletes the file — the mappings stay. The addresses alone cannot tell: a client reached
 * through a tunnel or a port forward looks local. A client that cannot open the file (another
 * host, another user, another mount namespace) declines. Whatever goes wrong before the switch
 * leaves the connection on TCP, with a debug log line; only a peer breaking the protocol fails it.
 */
public final class SharedMemoryHandshake {

  /** Logger of the transport: the shared-memory decisions are logged here at DEBUG. */
  public static final Logger LOG = System.getLogger(io.typedipc.LoggerNames.TRANSPORT);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_REASON = 1000;

  /**
   * How the client maps the offered file: {@code READ_WRITE}; a test sets {@code PRIVATE} (copy
   * on write) in a client JVM to play a client whose mapping is not the Manager's memory.
   */
  static volatile FileChannel.MapMode clientMapMode = FileChannel.MapMode.READ_WRITE;

  private SharedMemoryHandshake() {}

  /** What a Manager offers: where its files go and how large each ring is. */
  public record Settings(Path directory, int ringCapacity) {

    /** Files in {@code directory} (the {@link #defaultDirectory()} if null), rings of the default size. */
    public static Settings in(Path directory) {
      return new Settings(directory != null ? directory : defaultDirectory(), SharedRings.DEFAULT_CAPACITY);
    }
  }

  /** How a side waits on its rings: the spin before sleeping, and the write-stall timeout. */
  public record Waiting(long spinNanos, long writeStallNanos) {}

  /**
   * Client side, right after the Manager's SETTINGS: asks for shared memory if the Manager is on
   * this host, and returns the channel to use from now on — a shared-memory one, or {@code tcp}.
   */
  public static FrameChannel client(FrameChannel tcp, SocketChannel socket, long deadlineNanos,
      Waiting waiting) throws IOException {
    if (tcp.isTls()) {
      LOG.log(Level.DEBUG, "shared memory: not used with TLS; " + tcp.remote() + " stays on TCP");
      return tcp;
    }
    if (!isLocal(socket)) {
      LOG.log(Level.DEBUG, "shared memory: the Manager at " + tcp.remote() + " is on another host; TCP it is");
      return tcp;
    }
    send(tcp, frame(Protocol.SHM_REQUEST));
    Input in = next(tcp, deadlineNanos, "an answer to its shared-memory request");
    try {
      byte type = in.readByte();
      in.readVarLong(true);
      if (type == Protocol.SHM_REFUSED) {
        LOG.log(Level.DEBUG, "shared memory: the Manager at " + tcp.remote() + " refused (" + in.readString()
            + "); TCP it is");
        return tcp;
      }
      if (type != Protocol.SHM_OFFER) {
        throw unexpectedAnswer(tcp, type, in, "request");
      }
      String path = in.readString();
      int capacity = in.readVarInt(true);
      if (path == null) {
        throw new ProtocolException("the Manager at " + tcp.remote() + " offered shared memory without a file");
      }
      SharedRings rings;
      try {
        rings = SharedRings.open(Path.of(path), capacity, clientMapMode);
      } catch (IOException | RuntimeException e) {
        Output decline = frame(Protocol.SHM_DECLINE);
        decline.writeString(truncate("cannot map " + path + ": " + e)); // the exception's class: its message may be the path alone
        send(tcp, decline);
        LOG.log(Level.DEBUG, "shared memory: cannot map the file offered by " + tcp.remote() + " (" + e
            + "); TCP it is");
        return tcp;
      }
      boolean switched = false;
      try {
        Output accept = frame(Protocol.SHM_ACCEPT);
        byte[] nonce = rings.nonce();
        accept.writeVarInt(nonce.length, true);
        accept.writeBytes(nonce);
        byte[] proof = rings.writeProof(RANDOM);
        accept.writeVarInt(proof.length, true);
        accept.writeBytes(proof);
        send(tcp, accept);
        Input answer = next(tcp, deadlineNanos, "an answer to its shared-memory acceptance");
        byte verdict = answer.readByte();
        answer.readVarLong(true);
        if (verdict == Protocol.SHM_REFUSED) {
          LOG.log(Level.DEBUG, "shared memory: the Manager at " + tcp.remote() + " refused after mapping ("
              + answer.readString() + "); TCP it is");
          return tcp;
        }
        if (verdict != Protocol.SHM_SWITCH) {
          throw unexpectedAnswer(tcp, verdict, answer, "acceptance");
        }
        FrameChannel shm = switchTo(tcp, socket, rings, false, waiting);
        switched = true;
        LOG.log(Level.DEBUG, "shared memory: connected to " + shm.remote() + " through " + path);
        return shm;
      } finally {
        if (!switched) {
          rings.close();
        }
      }
    } catch (KryoException e) {
      throw new ProtocolException("malformed shared-memory answer from " + tcp.remote() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Manager side, after reading the client's SHM_REQUEST: offers a file of rings if {@code
   * settings} is not null (shared memory on) and the client is local, and returns the channel to
   * use from now on. The file is deleted before this returns, whatever happens.
   *
   * @throws ProtocolException if the client breaks the negotiation
   */
  public static FrameChannel server(FrameChannel tcp, SocketChannel socket, Settings settings,
      long deadlineNanos, Waiting waiting) throws IOException {
    String refusal = settings == null ? "shared memory is off in this Manager"
        : tcp.isTls() ? "shared memory is not used with TLS"
        : !isLocal(socket) ? "the client is not on the Manager's host"
        : null;
    if (refusal != null) {
      refuse(tcp, refusal);
      return tcp;
    }
    SharedRings.Created created;
    try {
      created = SharedRings.create(settings.directory(), settings.ringCapacity(), RANDOM);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "shared memory: cannot create a file in " + settings.directory() + ": " + e
          + "; the connection from " + tcp.remote() + " stays on TCP");
      refuse(tcp, "the Manager cannot create its file");
      return tcp;
    }
    boolean switched = false;
    try {
      Output offer = frame(Protocol.SHM_OFFER);
      offer.writeString(created.file().toString());
      offer.writeVarInt(created.rings().capacity(), true);
      send(tcp, offer);
      Input in = next(tcp, deadlineNanos, "its answer to the shared-memory offer");
      try {
        byte type = in.readByte();
        in.readVarLong(true);
        if (type == Protocol.SHM_DECLINE) {
          LOG.log(Level.DEBUG, "shared memory: " + tcp.remote() + " declined (" + in.readString() + "); TCP it is");
          return tcp;
        }
        if (type != Protocol.SHM_ACCEPT) {
          throw new ProtocolException("message type " + type + " in answer to a shared-memory offer");
        }
        int n = in.readVarInt(true);
        if (n != SharedRings.NONCE_BYTES || in.limit() - in.position() < n) {
          throw new ProtocolException("a shared-memory acceptance without the file's nonce");
        }
        if (!created.rings().nonceMatches(in.readBytes(n))) {
          throw new ProtocolException("a shared-memory acceptance with the wrong nonce");
        }
        int m = in.readVarInt(true);
        if (m != SharedRings.NONCE_BYTES || in.limit() - in.position() != m) {
          throw new ProtocolException("a shared-memory acceptance without the bytes the client wrote");
        }
        if (!created.rings().proofMatches(in.readBytes(m))) {
          refuse(tcp, "the bytes the client wrote into its mapping are not in the Manager's: not the same memory");
          return tcp;
        }
      } catch (KryoException e) {
        throw new ProtocolException("malformed answer to a shared-memory offer: " + e.getMessage(), e);
      }
      // the client writes to the rings once it reads this; nothing it writes waits on this side's
      // channel (no doorbell is rung before this side's reader parks on it)
      send(tcp, frame(Protocol.SHM_SWITCH));
      FrameChannel shm = switchTo(tcp, socket, created.rings(), true, waiting);
      switched = true;
      LOG.log(Level.DEBUG, "shared memory: serving " + shm.remote() + " through " + created.file());
      return shm;
    } finally {
      if (!switched) {
        created.rings().close();
      }
      Files.deleteIfExists(created.file());
    }
  }

  /**
   * Deletes the files of this user's Managers that are no longer running ({@code typedipc-<pid>-*}
   * whose process is gone): what a crashed Manager left behind between creating a file and its
   * client mapping it. "This user" is the owner of a file this process creates in the directory,
   * compared by numeric id where the file system has one (the {@code user.name} property need not
   * name it: a uid without a passwd entry, as containers often run with, is {@code ?}).
   *
   * @return how many files were deleted
   */
  public static int removeStaleFiles(Path directory) {
    int removed = 0;
    Object me = owner(directory);
    if (me == null) {
      return 0;
    }
    try (var files = Files.newDirectoryStream(directory, SharedRings.FILE_PREFIX + "*")) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        int dash = name.indexOf('-', SharedRings.FILE_PREFIX.length());
        if (dash < 0) {
          continue;
        }
        long pid;
        try {
          pid = Long.parseLong(name.substring(SharedRings.FILE_PREFIX.length(), dash));
        } catch (NumberFormatException e) {
          continue;
        }
        try {
          if (ProcessHandle.of(pid).isEmpty() && me.equals(ownerOf(file)) && Files.deleteIfExists(file)) {
            removed++;
          }
        } catch (IOException | UnsupportedOperationException e) {
          LOG.log(Level.DEBUG, "shared memory: cannot remove stale " + file + ": " + e);
        }
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "shared memory: cannot list " + directory + ": " + e);
    }
    return removed;
  }

  /** Who owns what this process creates in {@code directory} (see {@link #ownerOf}); null if it cannot tell. */
  private static Object owner(Path directory) {
    Path probe = null;
    try {
      probe = Files.createTempFile(directory, "typedipc.owner-", ".probe"); // not a typedipc-<pid>- name
      return ownerOf(probe);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      LOG.log(Level.DEBUG, "shared memory: cannot tell this process's user in " + directory + ": " + e);
      return null;
    } finally {
      if (probe != null) {
        try {
          Files.deleteIfExists(probe);
        } catch (IOException e) {
          LOG.log(Level.DEBUG, "shared memory: cannot remove " + probe + ": " + e);
        }
      }
    }
  }

  /** A file's owner: its numeric user id where the file system has one, else its owner's name. */
  private static Object ownerOf(Path file) throws IOException {
    try {
      return Files.getAttribute(file, "unix:uid");
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return Files.getOwner(file).getName();
    }
  }

  /** The default directory of the files: {@code /dev/shm} where it exists, else the temp directory. */
  public static Path defaultDirectory() {
    return defaultDirectory(Path.of("/dev/shm"), Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** {@code shm} if it is a writable directory (memory-backed where it is {@code /dev/shm}), else {@code temp}. */
  static Path defaultDirectory(Path shm, Path temp) {
    return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : temp;
  }

  /** Whether the peer of {@code socket} is on this host (a loopback or one of this host's addresses). */
  public static boolean isLocal(SocketChannel socket) {
    try {
      InetAddress peer = ((InetSocketAddress) socket.getRemoteAddress()).getAddress();
      return peer.isLoopbackAddress() || peer.isAnyLocalAddress() || NetworkInterface.getByInetAddress(peer) != null;
    } catch (IOException e) {
      return false;
    }
  }

  /** The channel over {@code rings} that takes over from {@code tcp}, which is given up. */
  private static FrameChannel switchTo(FrameChannel tcp, SocketChannel socket, SharedRings rings, boolean managerSide,
      Waiting waiting) throws IOException {
    FrameChannel shm = FrameChannel.sharedMemory(socket, rings, managerSide, waiting.spinNanos(), waiting.writeStallNanos());
    shm.maxInboundFrame(tcp.maxInboundFrame());
    tcp.detach();
    return shm;
  }

  /**
   * The Manager answered this client's shared-memory {@code request} or {@code acceptance} with a
   * frame of another type: a failure or notice says why it ends the connection (a ring it found
   * corrupt, a proof that did not match, a shutdown); anything else breaks the protocol.
   */
  private static RuntimeException unexpectedAnswer(FrameChannel tcp, byte type, Input in, String answering) {
    String manager = "the Manager at " + tcp.remote();
    if (type == Protocol.FAILURE || type == Protocol.NOTICE) {
      byte code = in.readByte();
      String reason = in.readString();
      if (type == Protocol.NOTICE
          && (code == Protocol.NOTICE_SHUTDOWN || code == Protocol.NOTICE_SHUTDOWN_ALL_ANSWERED)) {
        return new ManagerClosedException(manager + " closed the connection: it is shutting down (" + reason + ")");
      }
      return new ProtocolException(manager + " refused this client's shared-memory " + answering
          + " and closed the connection: " + reason);
    }
    return new ProtocolException(manager + " answered a shared-memory " + answering + " with message type " + type);
  }

  private static void refuse(FrameChannel tcp, String reason) throws IOException {
    LOG.log(Level.DEBUG, "shared memory: refused to " + tcp.remote() + ": " + reason);
    Output refused = frame(Protocol.SHM_REFUSED);
    refused.writeString(reason);
    send(tcp, refused);
  }

  private static Output frame(byte type) {
    Output out = new Output(64, Protocol.MIN_MAX_FRAME);
    out.writeInt(0); // the length, set by send
    out.writeByte(type);
    out.writeVarLong(0, true);
    return out;
  }

  private static void send(FrameChannel tcp, Output out) throws IOException {
    FrameChannel.writeInt(out.getBuffer(), 0, out.position() - 4);
    tcp.send(out.getBuffer(), 0, out.position());
  }

  private static Input next(FrameChannel tcp, long deadlineNanos, String what) throws IOException {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0 || !tcp.readFrame(left)) {
      throw new SocketTimeoutException(tcp.remote() + " did not send " + what + " in time");
    }
    return Serialization.frameInput(tcp.frameBuffer(), tcp.frameOffset(), tcp.frameLength());
  }

  private static String truncate(String s) {
    return s.length() > MAX_REASON ? s.substring(0, MAX_REASON) : s;
  }
}
