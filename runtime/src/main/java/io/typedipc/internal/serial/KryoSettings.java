package io.typedipc.internal.serial;

/**
 * JVM-wide Kryo settings that must be in place before Kryo's {@code Util} class initializes, i.e.
 * before the first {@code Kryo} is made: {@link Serialization} applies them in its static
 * initializer.
 *
 * <p><b>No {@code sun.misc.Unsafe} on JDK 24 and later.</b> Kryo reads the system property {@code
 * kryo.unsafe} once; unless it is {@code "false"}, it probes {@code sun.misc.Unsafe} and uses it to
 * read and write the fields of value classes. From JDK 24 on, the first such call prints four
 * lines of {@code WARNING: A terminally deprecated method in sun.misc.Unsafe has been called} on
 * every JVM (JEP 498), and later JDKs will refuse it. So on those JDKs typedipc sets {@code
 * kryo.unsafe=false} when nobody has set it, and Kryo uses ReflectASM (public classes) or
 * reflection (the others) instead. On JDK 17 to 23 nothing changes. A user who sets {@code
 * -Dkryo.unsafe=true} keeps Kryo's unsafe paths (and the warnings).
 *
 * <p>Measured (a round trip of a 5-field value through {@link Serialization}, best of 4 runs on a
 * loaded 2-CPU machine, Temurin 25): a public class 84 ns with unsafe, 85 ns without; a
 * package-private class 81 ns with unsafe, 129 ns without. Records and the built-in value types
 * use their own serializers and are not affected.
 */
final class KryoSettings {
  /** The system property Kryo reads. */
  static final String UNSAFE_PROPERTY = "kryo.unsafe";

  /** The first JDK that warns when {@code sun.misc.Unsafe}'s memory access methods are called. */
  static final int FIRST_WARNING_JDK = 24;

  private KryoSettings() {}

  /** Applies the settings; idempotent. */
  static void apply() {
    if (Runtime.version().feature() < FIRST_WARNING_JDK) {
      return;
    }
    try {
      if (System.getProperty(UNSAFE_PROPERTY) == null) {
        System.setProperty(UNSAFE_PROPERTY, "false");
      }
    } catch (SecurityException e) {
      // a security manager forbids it: Kryo then decides for itself
    }
  }
}
