package io.typedipc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

/**
 * The shared secret that a Manager and its clients prove to each other (HMAC-SHA256
 * challenge-response in both directions) before anything else crosses a connection.
 *
 * <p>A key has at least {@value #MIN_BYTES} bytes; shorter or empty keys are refused. Generate one
 * with {@link #generate()}, save it with {@link #writeTo(Path)} (a file only its owner can read) and
 * hand it to other JVMs as a file path or an environment variable ({@link #fromEnvironment}) —
 * never on a command line, where other users can read it.
 *
 * <p>{@link #toString()} never shows the key.
 */
public final class AuthKey {

  /** The minimum key length in bytes (128 bits). */
  public static final int MIN_BYTES = 16;

  /** The length of keys made by {@link #generate()}, in bytes (256 bits). */
  public static final int GENERATED_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  private AuthKey(byte[] key) {
    if (key.length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "auth key is " + key.length + " bytes; at least " + MIN_BYTES
              + " are required (use AuthKey.generate() for a random one)");
    }
    this.key = key.clone();
  }

  /** A new random key of {@value #GENERATED_BYTES} bytes from a {@link SecureRandom}. */
  public static AuthKey generate() {
    byte[] bytes = new byte[GENERATED_BYTES];
    RANDOM.nextBytes(bytes);
    return new AuthKey(bytes);
  }

  /**
   * A key made of these bytes (copied).
   *
   * @throws IllegalArgumentException if shorter than {@value #MIN_BYTES} bytes
   */
  public static AuthKey fromBytes(byte[] bytes) {
    return new AuthKey(Objects.requireNonNull(bytes, "bytes"));
  }

  /**
   * A key made of the UTF-8 bytes of a passphrase, like Python's {@code authkey=b'...'}.
   *
   * @throws IllegalArgumentException if its UTF-8 form is shorter than {@value #MIN_BYTES} bytes
   */
  public static AuthKey fromPassphrase(String passphrase) {
    return new AuthKey(Objects.requireNonNull(passphrase, "passphrase").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A key from its Base64 form (as written by {@link #toBase64()} and {@link #writeTo}); white space
   * around it is ignored.
   *
   * @throws IllegalArgumentException if it is not Base64, or decodes to fewer than {@value
   *     #MIN_BYTES} bytes
   */
  public static AuthKey fromBase64(String base64) {
    try {
      return new AuthKey(Base64.getDecoder().decode(Objects.requireNonNull(base64, "base64").strip()));
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("auth key is")) {
        throw e;
      }
      throw new IllegalArgumentException("auth key is not valid Base64", e);
    }
  }

  /**
   * Reads a key written by {@link #writeTo(Path)}: one line of Base64.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if it does not hold a valid key
   */
  public static AuthKey fromFile(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read auth key file " + file, e);
    }
    for (byte b : bytes) {
      if (b < 0) { // not ASCII: Files.readString would fail with an IOException, as if unreadable
        throw new IllegalArgumentException("auth key file " + file + " holds non-ASCII bytes, not one line of Base64"
            + (bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF
                ? " (it starts with a byte-order mark: save it as plain text)" : ""));
      }
    }
    return fromBase64(new String(bytes, StandardCharsets.US_ASCII));
  }

  /**
   * Reads the key from an environment variable holding its Base64 form, the way to pass a key to
   * a child JVM without a file and without the command line.
   *
   * @throws IllegalStateException if the variable is not set
   */
  public static AuthKey fromEnvironment(String variable) {
    String value = System.getenv(Objects.requireNonNull(variable, "variable"));
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("environment variable " + variable + " holds no auth key");
    }
    return fromBase64(value);
  }

  /**
   * Writes the key to a new file as one line of Base64. On POSIX file systems the file is created
   * readable and writable by its owner only. To replace an existing key file use {@link
   * #writeTo(Path, boolean)}; to reuse it, {@link #fromFileOrGenerate(Path)}.
   *
   * @throws UncheckedIOException if the file exists or cannot be written
   */
  public Path writeTo(Path file) {
    return writeTo(file, false);
  }

  /**
   * Writes the key to a file as one line of Base64, replacing an existing file if {@code
   * replaceExisting}. On POSIX file systems the file is readable and writable by its owner only,
   * also when it replaces a file with wider permissions. A replacement is written to a new file
   * beside it and then moved over it (atomically where the file system can), so a reader sees the
   * old key or the new one, never part of one. Clients that read the old key no longer pass the
   * handshake of a Manager that uses the new one.
   *
   * @throws UncheckedIOException if the file exists and {@code replaceExisting} is false, or it
   *     cannot be written
   */
  public Path writeTo(Path file, boolean replaceExisting) {
    Objects.requireNonNull(file, "file");
    if (!replaceExisting) {
      try {
        createOwnerOnly(file);
        return file;
      } catch (FileAlreadyExistsException e) {
        throw new UncheckedIOException(
            "auth key file " + file + " already exists (writeTo(file, true) replaces it,"
                + " AuthKey.fromFileOrGenerate(file) reuses it)", e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write auth key file " + file, e);
      }
    }
    Path absolute = file.toAbsolutePath();
    Path temporary = absolute.resolveSibling(absolute.getFileName() + "." + System.nanoTime() + ".tmp");
    try {
      createOwnerOnly(temporary);
      try {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      return file;
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // the write failed already; that is what the caller hears about
      }
      throw new UncheckedIOException("cannot write auth key file " + file, e);
    }
  }

  /**
   * The key in {@code file} if it exists, otherwise a new {@linkplain #generate() random} key,
   * written there first ({@link #writeTo(Path)}): a Manager started again keeps the key its
   * clients already have. If two processes race to create the file, both end up with the key the
   * winner wrote.
   *
   * @throws UncheckedIOException if the file cannot be read or written
   * @throws IllegalArgumentException if an existing file does not hold a valid key
   */
  public static AuthKey fromFileOrGenerate(Path file) {
    Objects.requireNonNull(file, "file");
    if (Files.exists(file)) {
      return fromFile(file);
    }
    AuthKey key = generate();
    Path absolute = file.toAbsolutePath();
    Path temporary = absolute.resolveSibling(absolute.getFileName() + "." + System.nanoTime() + ".tmp");
    try {
      key.createOwnerOnly(temporary);
      // a hard link appears whole or not at all, and fails if the name exists: a racing reader
      // never sees a half-written key
      Files.createLink(absolute, temporary);
      return key;
    } catch (FileAlreadyExistsException e) {
      return fromFile(file);
    } catch (UnsupportedOperationException e) {
      try {
        Files.move(temporary, absolute);
        return key;
      } catch (FileAlreadyExistsException again) {
        return fromFile(file);
      } catch (IOException again) {
        throw new UncheckedIOException("cannot write auth key file " + file, again);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write auth key file " + file, e);
    } finally {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // a stray temporary file holds a key nobody uses; the result stands
      }
    }
  }

  /** Creates {@code file}, which must not exist, holding the key; owner-only on POSIX. */
  private void createOwnerOnly(Path file) throws IOException {
    byte[] text = (toBase64() + "\n").getBytes(StandardCharsets.US_ASCII);
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
      Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
      Files.write(file, text, StandardOpenOption.TRUNCATE_EXISTING);
    } else {
      Files.write(file, text, StandardOpenOption.CREATE_NEW);
    }
  }

  /** The key in Base64, for {@link #fromBase64} and environment variables. Keep it secret. */
  public String toBase64() {
    return Base64.getEncoder().encodeToString(key);
  }

  /** A copy of the key bytes. */
  public byte[] bytes() {
    return key.clone();
  }

  /** Key length in bytes. */
  public int length() {
    return key.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthKey && MessageDigest.isEqual(key, ((AuthKey) o).key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  /** Never reveals the key. */
  @Override
  public String toString() {
    return "AuthKey[" + key.length + " bytes]";
  }
}
