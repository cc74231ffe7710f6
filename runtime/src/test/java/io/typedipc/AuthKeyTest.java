package io.typedipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthKeyTest {

  @Test
  void emptyAndShortKeysAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthKey.fromBytes(new byte[0]));
    assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> AuthKey.fromBytes(new byte[15]));
    assertThrows(IllegalArgumentException.class, () -> AuthKey.fromPassphrase("secret"));
    assertEquals(16, AuthKey.fromBytes(new byte[16]).length());
  }

  @Test
  void generatedKeysAreLongAndDifferent() {
    AuthKey a = AuthKey.generate();
    assertEquals(32, a.length());
    assertNotEquals(a, AuthKey.generate());
  }

  @Test
  void fileRoundTripIsOwnerOnlyAndRefusesToOverwrite(@TempDir Path dir) throws Exception {
    AuthKey key = AuthKey.generate();
    Path file = key.writeTo(dir.resolve("manager.key"));
    assertEquals(key, AuthKey.fromFile(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertThrows(UncheckedIOException.class, () -> AuthKey.generate().writeTo(file));
    assertEquals(key, AuthKey.fromBase64(key.toBase64()));
  }

  @Test
  void writeToCanReplaceAnExistingFileAndKeepsItOwnerOnly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("manager.key");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    AuthKey key = AuthKey.generate();
    UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> key.writeTo(file));
    assertTrue(refused.getMessage().contains("writeTo(file, true)"), refused.getMessage());

    assertEquals(file, key.writeTo(file, true));
    assertEquals(key, AuthKey.fromFile(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void fromFileOrGenerateReusesTheKeyOnTheSecondStart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("manager.key");
    AuthKey first = AuthKey.fromFileOrGenerate(file);
    assertEquals(first, AuthKey.fromFile(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(first, AuthKey.fromFileOrGenerate(file));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void racingFromFileOrGenerateAgreesOnOneKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("manager.key");
    int n = 8;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<AuthKey>> keys = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        keys.add(pool.submit(() -> {
          start.await();
          return AuthKey.fromFileOrGenerate(file);
        }));
      }
      start.countDown();
      AuthKey onDisk = null;
      for (var key : keys) {
        AuthKey k = key.get(30, java.util.concurrent.TimeUnit.SECONDS);
        onDisk = onDisk == null ? AuthKey.fromFile(file) : onDisk;
        assertEquals(onDisk, k);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void toStringNeverShowsTheKey() {
    AuthKey key = AuthKey.generate();
    assertFalse(key.toString().contains(key.toBase64()));
    assertEquals("AuthKey[32 bytes]", key.toString());
  }

  @Test
  void missingEnvironmentVariableIsAClearError() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> AuthKey.fromEnvironment("TYPEDIPC_SURELY_NOT_SET_" + System.nanoTime()));
    assertTrue(e.getMessage().contains("holds no auth key"), e.getMessage());
  }

  @Test
  void badBase64IsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthKey.fromBase64("%%%"));
    assertTrue(e.getMessage().contains("Base64"), e.getMessage());
  }

  /**
   * fromBytes: "A key made of these bytes (copied)"; bytes(): "A copy of the key bytes";
   * fromPassphrase counts the UTF-8 bytes, not the characters; fromBase64 reads what toBase64 and
   * writeTo write, around whitespace; equal keys are equal with equal hash codes.
   */
  @Test
  void aKeyKeepsItsOwnCopyOfItsBytes() {
    byte[] bytes = new byte[16];
    bytes[0] = 7;
    AuthKey key = AuthKey.fromBytes(bytes);
    bytes[0] = 8;
    assertEquals(7, key.bytes()[0], "the key copied the bytes it was made of");
    key.bytes()[0] = 9;
    assertEquals(7, key.bytes()[0], "bytes() is a copy");
    AuthKey same = AuthKey.fromBytes(key.bytes());
    assertEquals(key, same);
    assertEquals(key.hashCode(), same.hashCode());
    assertEquals(16, AuthKey.fromPassphrase("\u00e9".repeat(8)).length(), "8 characters, 16 UTF-8 bytes");
    assertThrows(IllegalArgumentException.class, () -> AuthKey.fromPassphrase("\u00e9".repeat(7) + "x"));
    assertEquals(key, AuthKey.fromBase64(" " + key.toBase64() + "\n"));
  }

  /**
   * fromFile: "@throws UncheckedIOException if the file cannot be read; @throws
   * IllegalArgumentException if it does not hold a valid key"; fromFileOrGenerate: the same for an
   * existing file that holds no valid key (it is not replaced); fromEnvironment names a missing
   * variable argument.
   */
  @Test
  void aKeyFileThatCannotBeReadOrHoldsNoKeyIsAClearError(@TempDir Path dir) throws Exception {
    assertThrows(UncheckedIOException.class, () -> AuthKey.fromFile(dir.resolve("missing.key")));
    Path bad = Files.writeString(dir.resolve("bad.key"), "not a key\n");
    assertThrows(IllegalArgumentException.class, () -> AuthKey.fromFile(bad));
    assertThrows(IllegalArgumentException.class, () -> AuthKey.fromFileOrGenerate(bad));
    assertEquals("not a key\n", Files.readString(bad), "an invalid key file is left as it was");
    Path shortKey = Files.writeString(dir.resolve("short.key"), AuthKey.generate().toBase64().substring(0, 8));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthKey.fromFile(shortKey));
    assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
    NullPointerException npe = assertThrows(NullPointerException.class, () -> AuthKey.fromEnvironment(null));
    assertEquals("variable", npe.getMessage());
    assertEquals("file", assertThrows(NullPointerException.class, () -> AuthKey.fromFile(null)).getMessage());
    // not ASCII: no valid key, though the file reads (it was reported as unreadable)
    Path accented = Files.writeString(dir.resolve("accented.key"), "not a key: é\n", StandardCharsets.UTF_8);
    assertThrows(IllegalArgumentException.class, () -> AuthKey.fromFile(accented));
    assertThrows(IllegalArgumentException.class, () -> AuthKey.fromFileOrGenerate(accented));
    Path withBom = Files.writeString(dir.resolve("bom.key"), "\uFEFF" + AuthKey.generate().toBase64() + "\r\n",
        StandardCharsets.UTF_8);
    IllegalArgumentException bom = assertThrows(IllegalArgumentException.class, () -> AuthKey.fromFile(withBom));
    assertTrue(bom.getMessage().contains("byte-order mark"), bom.getMessage());
  }
}
