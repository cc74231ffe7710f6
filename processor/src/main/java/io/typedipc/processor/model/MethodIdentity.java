package io.typedipc.processor.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * The algorithms the runtime relies on to recognise a method and an interface version. They must
 * never change without changing the runtime's expectations.
 */
public final class MethodIdentity {
  private MethodIdentity() {}

  /** {@code name(erasure1,erasure2)}, e.g. {@code reserve(java.lang.String,int)}. */
  public static String identity(String name, List<String> erasedParameterTypes) {
    return name + "(" + String.join(",", erasedParameterTypes) + ")";
  }

  /** The first four bytes, big-endian, of the SHA-256 of {@code identity} in UTF-8. */
  public static int id(String identity) {
    return ByteBuffer.wrap(sha256(identity)).getInt();
  }

  /**
   * {@code returnType name(type1, type2) throws E1, E2}; {@code exceptions} must already be sorted
   * and the {@code throws} part is left out when there are none.
   */
  public static String signature(
      String returnType, String name, List<String> parameterTypes, List<String> exceptions) {
    String base = returnType + " " + name + "(" + String.join(", ", parameterTypes) + ")";
    return exceptions.isEmpty() ? base : base + " throws " + String.join(", ", exceptions);
  }

  /** First 16 lowercase hex digits of the SHA-256 of the sorted signatures joined with "\n". */
  public static String fingerprint(Collection<String> signatures) {
    String joined = String.join("\n", signatures.stream().sorted().toList());
    return HexFormat.of().formatHex(sha256(joined)).substring(0, 16);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
