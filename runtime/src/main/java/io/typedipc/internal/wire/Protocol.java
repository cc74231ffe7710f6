package io.typedipc.internal.wire;

/**
 * Constants of the typedipc wire protocol, version {@value #VERSION}.
 *
 * <h2>Handshake (fixed-size messages, nothing variable is decoded before both sides are proven)</h2>
 *
 * <pre>
 * Manager → client  HELLO  : magic "TIPC" | u16 version | u32 max frame | 32-byte nonce S
 * client → Manager  PROOF  : magic "TIPC" | u16 version | u32 max frame | 32-byte nonce C
 *                            | HMAC-SHA256(key, "typedipc client" | S | C)
 * Manager → client  VERDICT: u8 status (OK, BAD_KEY, BAD_VERSION, BUSY)
 *                            | if OK: HMAC-SHA256(key, "typedipc server" | C | S)
 * </pre>
 *
 * <p>BUSY: the key was right but the Manager serves its maximum number of connections; it closes
 * the connection after the verdict.
 *
 * <h2>Frames (after the handshake)</h2>
 *
 * <p>{@code u32 length | payload}; the length is checked against the receiver's limit before the
 * payload is read. The payload starts with a message type byte:
 *
 * <pre>
 * OPEN     c→m  varlong id | name | interface | fingerprint | varint n | n × method signature
 * CALL     c→m  varlong id | varint handle | i32 method id | arguments
 * SESSION  c→m  varlong 0 | client id   (first frame, if any: the connections of one client
 *                                        share a session, which ends with the last of them)
 * PING     c→m  varlong n               (n = 0, keep-alive: an idle client sends one every third
 *                                        of the Manager's idle timeout; nothing answers it.
 *                                        n > 0, wake-up: the Manager answers PONG n, whose
 *                                        arrival wakes a client thread blocked in a read)
 * SETTINGS m→c  varlong 0 | varint idle timeout ms (0: none) | varint max calls in flight
 *                                       (first frame from a Manager, right after the verdict)
 * PONG     m→c  varlong n               (answers PING n, n > 0)
 * OPENED   m→c  varlong id | varint handle
 * RESULT   m→c  varlong id | value
 * DECLARED m→c  varlong id | declared checked exception
 * FAILURE  m→c  varlong id | u8 code | message | (code REMOTE: remote failure; code REMOVED:
 *                                        the handle's object is gone, the message says why)
 * NOTICE   m→c  varlong 0 | u8 notice code | message (the Manager is about to close this
 *                                        connection, and why; SHUTDOWN_ALL_ANSWERED: a call
 *                                        unanswered at the end was not run)
 * </pre>
 *
 * <h2>Same-host shared memory (optional, right after SETTINGS, over TCP)</h2>
 *
 * <pre>
 * SHM_REQUEST c→m  varlong 0                      (the client's first frame, if any)
 * SHM_REFUSED m→c  varlong 0 | reason              (stays on TCP)
 * SHM_OFFER   m→c  varlong 0 | file path | varint ring capacity
 * SHM_ACCEPT  c→m  varlong 0 | varint n | n nonce bytes read from the file
 *                                        | varint m | m bytes the client wrote into its mapping
 * SHM_DECLINE c→m  varlong 0 | reason              (stays on TCP)
 * SHM_SWITCH  m→c  varlong 0                      (answers SHM_ACCEPT: the Manager saw the
 *                                        client's bytes in its own mapping; or SHM_REFUSED)
 * </pre>
 *
 * <p>After SHM_SWITCH, every frame in both directions goes through the file's rings; the socket
 * carries only one-byte doorbells and, by closing, tells each side the other is gone.
 */
public final class Protocol {
  private Protocol() {}

  /** Protocol version; both sides must speak the same. */
  public static final int VERSION = 4;

  /** "TIPC" */
  public static final int MAGIC = 0x54495043;

  /** Nonce length in bytes. */
  public static final int NONCE_BYTES = 32;

  /** HMAC-SHA256 length in bytes. */
  public static final int MAC_BYTES = 32;

  /** Default maximum frame size: 16 MiB. */
  public static final int DEFAULT_MAX_FRAME = 16 * 1024 * 1024;

  /** Smallest frame limit a side may configure. */
  public static final int MIN_MAX_FRAME = 1024;

  // verdicts
  public static final byte VERDICT_OK = 0;
  public static final byte VERDICT_BAD_KEY = 1;
  public static final byte VERDICT_BAD_VERSION = 2;
  public static final byte VERDICT_BUSY = 3;

  // message types
  public static final byte OPEN = 1;
  public static final byte CALL = 2;
  public static final byte SESSION = 3;
  public static final byte PING = 4;
  public static final byte OPENED = 20;
  public static final byte RESULT = 21;
  public static final byte DECLARED = 22;
  public static final byte FAILURE = 23;
  public static final byte NOTICE = 24;
  public static final byte SETTINGS = 25;
  /** Answers a wake-up PING (one whose id is not 0). */
  public static final byte PONG = 28;

  // same-host shared memory, negotiated right after SETTINGS, over TCP (see SharedMemoryHandshake)
  /** Client: asks to move this connection's frames to shared memory. */
  public static final byte SHM_REQUEST = 5;
  /** Client: has mapped the offered file; carries the file's nonce and the proof it wrote into it. */
  public static final byte SHM_ACCEPT = 6;
  /** Client: cannot use the offered file (carries why); the connection stays on TCP. */
  public static final byte SHM_DECLINE = 7;
  /** Manager: offers a file of rings (its path and ring capacity). */
  public static final byte SHM_OFFER = 26;
  /** Manager: will not use shared memory on this connection (carries why); it stays on TCP. */
  public static final byte SHM_REFUSED = 27;
  /** Manager: found the client's proof in its mapping; frames go by the rings from now on. */
  public static final byte SHM_SWITCH = 29;

  // notice codes: why the Manager closes a connection
  /** The Manager is shutting down; calls of this connection it read may be unanswered (still running at its close timeout). */
  public static final byte NOTICE_SHUTDOWN = 1;
  /**
   * The Manager is shutting down, and every call it read was answered before this notice: a call
   * still unanswered when the connection ends was never run (it may go to another Manager).
   */
  public static final byte NOTICE_SHUTDOWN_ALL_ANSWERED = 5;
  /** The client broke the protocol (a malformed or oversized frame, an unknown message). */
  public static final byte NOTICE_PROTOCOL_ERROR = 2;
  /** Nothing arrived for longer than the Manager's idle timeout. */
  public static final byte NOTICE_IDLE = 3;
  /**
   * The client did not read its replies. Reserved: today's Manager closes such a connection without
   * a notice, which could not get past the unread replies anyway.
   */
  public static final byte NOTICE_SLOW_READER = 4;

  // failure codes
  public static final byte FAIL_REMOTE = 1;
  public static final byte FAIL_NO_SUCH_OBJECT = 2;
  public static final byte FAIL_VERSION = 3;
  public static final byte FAIL_CLOSED = 4;
  public static final byte FAIL_PROTOCOL = 5;
  public static final byte FAIL_SERIALIZATION = 6;
  /** A bound was reached and the call was refused (e.g. too many parked calls on a connection). */
  public static final byte FAIL_OVERLOADED = 7;
  /**
   * The call's handle names an object the Manager no longer hosts (removed, or released when no
   * client held it); the message says why, the client names the object, which the Manager may
   * have forgotten.
   */
  public static final byte FAIL_REMOVED = 8;
}
