package io.typedipc.it;

/**
 * A value whose deserialization throws an {@link Error} in a JVM where the system property
 * {@value #PROPERTY} is {@code true}: the Manager of {@code ErrorCleanupTest} sets it, clients do
 * not, so a client sends it fine and the Manager's thread reading it dies of an {@code Error}.
 */
public final class Poison {
  /** The system property that makes constructing a {@code Poison} throw. */
  public static final String PROPERTY = "typedipc.test.poison";

  public String note = "";

  public Poison() {
    if (Boolean.getBoolean(PROPERTY)) {
      throw new AssertionError("a Poison was deserialized: this Error stands for any Error in a connection thread");
    }
  }
}
