package io.typedipc.internal.wire;

import io.typedipc.AuthKey;
import io.typedipc.AuthenticationException;
import io.typedipc.ManagerBusyException;
import io.typedipc.VersionMismatchException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The mutual HMAC-SHA256 challenge-response that opens every connection (see {@link Protocol}).
 * Each side proves it holds the auth key without sending it, and nothing of variable length is
 * decoded before both proofs are checked.
 */
public final class Handshake {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] CLIENT_LABEL = "typedipc client".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SERVER_LABEL = "typedipc server".getBytes(StandardCharsets.US_ASCII);
  private static final int HELLO_BYTES = 4 + 2 + 4 + Protocol.NONCE_BYTES;
  private static final int PROOF_BYTES = HELLO_BYTES + Protocol.MAC_BYTES;

  private Handshake() {}

  /** What the handshake established: the peer's frame limit. */
  public record Result(int peerMaxFrame) {}

  /** Who plays the two parts, for messages: a Manager and its client, or the two ends of a pipe. */
  public enum Parties {
    /** A Manager (server part) and a client. */
    MANAGER("Manager", "client"),
    /** The listening end of a pipe (server part) and the connecting end. */
    PIPE("listening pipe end", "connecting pipe end");

    final String server;
    final String client;

    Parties(String server, String client) {
      this.server = server;
      this.client = client;
    }
  }

  /**
   * The Manager's side. Returns normally only if the client proved the key.
   *
   * @throws AuthenticationException if the client's proof is wrong (the client was told)
   * @throws VersionMismatchException if the client speaks another protocol version (it was told)
   * @throws IOException on I/O failure or timeout; also when the peer is not a typedipc client
   */
  public static Result server(FrameChannel ch, AuthKey key, int maxFrame, long deadlineNanos)
      throws IOException {
    return server(ch, key, maxFrame, deadlineNanos, Parties.MANAGER);
  }

  /** {@link #server(FrameChannel, AuthKey, int, long)}, with messages naming {@code parties}. */
  public static Result server(FrameChannel ch, AuthKey key, int maxFrame, long deadlineNanos, Parties parties)
      throws IOException {
    return server(ch, key, maxFrame, deadlineNanos, parties, () -> true);
  }

  /**
   * {@link #server(FrameChannel, AuthKey, int, long, Parties)}; once the client has proved the key,
   * {@code admit} decides whether it is served: if it answers false the client is told BUSY and
   * this throws {@link ManagerBusyException}.
   */
  public static Result server(FrameChannel ch, AuthKey key, int maxFrame, long deadlineNanos, Parties parties,
      java.util.function.BooleanSupplier admit) throws IOException {
    byte[] serverNonce = nonce();
    ch.writeExactly(hello(serverNonce, maxFrame));
    ByteBuffer proof = ByteBuffer.wrap(ch.readExactly(PROOF_BYTES, deadlineNanos));
    if (proof.getInt() != Protocol.MAGIC) {
      throw new IOException("peer " + ch.remote() + " is not a typedipc client");
    }
    int version = proof.getShort() & 0xffff;
    int clientMaxFrame = proof.getInt();
    byte[] clientNonce = new byte[Protocol.NONCE_BYTES];
    proof.get(clientNonce);
    byte[] mac = new byte[Protocol.MAC_BYTES];
    proof.get(mac);
    if (version != Protocol.VERSION) {
      ch.writeExactly(new byte[] {Protocol.VERDICT_BAD_VERSION});
      throw new VersionMismatchException(
          parties.client + " " + ch.remote() + " speaks typedipc protocol " + version + ", this " + parties.server + " "
              + Protocol.VERSION);
    }
    if (!MessageDigest.isEqual(mac, hmac(key, CLIENT_LABEL, serverNonce, clientNonce))) {
      ch.writeExactly(new byte[] {Protocol.VERDICT_BAD_KEY});
      throw new AuthenticationException(
          parties.client + " " + ch.remote() + " failed authentication: it does not hold this " + parties.server + "'s auth key");
    }
    if (!admit.getAsBoolean()) {
      ch.writeExactly(new byte[] {Protocol.VERDICT_BUSY});
      throw new ManagerBusyException(parties.client + " " + ch.remote() + " refused: the " + parties.server
          + " already serves its maximum number of connections");
    }
    byte[] verdict = new byte[1 + Protocol.MAC_BYTES];
    verdict[0] = Protocol.VERDICT_OK;
    System.arraycopy(hmac(key, SERVER_LABEL, clientNonce, serverNonce), 0, verdict, 1, Protocol.MAC_BYTES);
    ch.writeExactly(verdict);
    return new Result(clientMaxFrame);
  }

  /**
   * The client's side. Returns normally only if the Manager accepted the client's proof and proved
   * the key in turn.
   *
   * @throws AuthenticationException if either proof fails
   * @throws VersionMismatchException if the Manager speaks another protocol version
   * @throws IOException on I/O failure or timeout; also when the peer is not a typedipc Manager
   */
  public static Result client(FrameChannel ch, AuthKey key, int maxFrame, long deadlineNanos)
      throws IOException {
    return client(ch, key, maxFrame, deadlineNanos, Parties.MANAGER);
  }

  /** {@link #client(FrameChannel, AuthKey, int, long)}, with messages naming {@code parties}. */
  public static Result client(FrameChannel ch, AuthKey key, int maxFrame, long deadlineNanos, Parties parties)
      throws IOException {
    String manager = ch.remote();
    ByteBuffer hello = ByteBuffer.wrap(ch.readExactly(HELLO_BYTES, deadlineNanos));
    if (hello.getInt() != Protocol.MAGIC) {
      throw new IOException(manager + " is not a typedipc " + parties.server);
    }
    int version = hello.getShort() & 0xffff;
    int serverMaxFrame = hello.getInt();
    byte[] serverNonce = new byte[Protocol.NONCE_BYTES];
    hello.get(serverNonce);
    if (version != Protocol.VERSION) {
      throw new VersionMismatchException(
          "the " + parties.server + " at " + manager + " speaks typedipc protocol " + version + ", this " + parties.client + " "
              + Protocol.VERSION + "; use the same typedipc version on both sides");
    }
    byte[] clientNonce = nonce();
    ByteBuffer proof = ByteBuffer.allocate(PROOF_BYTES);
    proof.put(hello(clientNonce, maxFrame));
    proof.put(hmac(key, CLIENT_LABEL, serverNonce, clientNonce));
    ch.writeExactly(proof.array());
    byte status = ch.readExactly(1, deadlineNanos)[0];
    if (status == Protocol.VERDICT_BAD_KEY) {
      throw new AuthenticationException(
          "the " + parties.server + " at " + manager + " rejected this " + parties.client + "'s auth key");
    }
    if (status == Protocol.VERDICT_BAD_VERSION) {
      throw new VersionMismatchException(
          "the " + parties.server + " at " + manager + " rejected protocol version " + Protocol.VERSION);
    }
    if (status == Protocol.VERDICT_BUSY) {
      throw new ManagerBusyException("the " + parties.server + " at " + manager
          + " refused the connection: it already serves its maximum number of connections");
    }
    if (status != Protocol.VERDICT_OK) {
      throw new IOException(manager + " sent an unknown handshake verdict " + status);
    }
    byte[] serverMac = ch.readExactly(Protocol.MAC_BYTES, deadlineNanos);
    if (!MessageDigest.isEqual(serverMac, hmac(key, SERVER_LABEL, clientNonce, serverNonce))) {
      throw new AuthenticationException(
          "the " + parties.server + " at " + manager + " could not prove it holds the auth key; not talking to it");
    }
    return new Result(serverMaxFrame);
  }

  private static byte[] hello(byte[] nonce, int maxFrame) {
    ByteBuffer b = ByteBuffer.allocate(HELLO_BYTES);
    b.putInt(Protocol.MAGIC).putShort((short) Protocol.VERSION).putInt(maxFrame).put(nonce);
    return b.array();
  }

  private static byte[] nonce() {
    byte[] n = new byte[Protocol.NONCE_BYTES];
    RANDOM.nextBytes(n);
    return n;
  }

  private static byte[] hmac(AuthKey key, byte[] label, byte[] first, byte[] second) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.bytes(), "HmacSHA256"));
      mac.update(label);
      mac.update(first);
      mac.update(second);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }
}
