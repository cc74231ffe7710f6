package io.typedipc.internal.serial;

import java.nio.charset.StandardCharsets;

/**
 * Stable Kryo class ids.
 *
 * <p>Kryo's own registrations (primitives, their wrappers and {@code String}) keep ids 0–8. The
 * built-in value types of typedipc have fixed ids from {@link #FIRST_DEFAULT_ID} (a table in
 * {@link Serialization}, the same in every process of a typedipc version). Every other class gets
 * an id derived only from its binary name, so two processes that registered different sets of
 * classes still agree on the classes they share: 32-bit FNV-1a of the UTF-8 name, reduced into
 * {@code [FIRST_USER_ID, FIRST_USER_ID + USER_ID_RANGE)}. Kryo writes {@code id + 2} as a varint,
 * which is at most four bytes for these ids.
 */
final class ClassIds {
  /** The id of a reference to a shared object (see {@link SharedReferences}). */
  static final int REFERENCE_ID = 19;
  /** The first id of typedipc's built-in value types. */
  static final int FIRST_DEFAULT_ID = 20;
  /** The first id derived from a class name. */
  static final int FIRST_USER_ID = 1024;
  /** Number of name-derived ids; {@code id + 2} stays below 2^28, a four-byte varint. */
  static final int USER_ID_RANGE = (1 << 28) - 2 - FIRST_USER_ID;

  private ClassIds() {}

  /** The id of {@code type}, derived from its binary name. */
  static int stableId(Class<?> type) {
    return stableId(type.getName());
  }

  /** The id of the class with the given binary name ({@link Class#getName()}). */
  static int stableId(String binaryName) {
    int h = 0x811c9dc5;
    for (byte b : binaryName.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    return FIRST_USER_ID + Integer.remainderUnsigned(h, USER_ID_RANGE);
  }
}
