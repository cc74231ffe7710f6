package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.PipeEnd;

/**
 * Which transport the behaviour tests run over. The build runs them twice: over TCP, and over
 * same-host shared memory with the system property {@value #PROPERTY} true (a second surefire
 * execution; {@link ChildJvm} passes the property on to the JVMs it starts). Tests build their
 * Managers and clients through here, and {@link #connect} checks that a client really moved to
 * shared memory, so a silent fall-back to TCP cannot pass unnoticed.
 */
public final class TestTransport {

  /** The system property that selects shared memory. */
  public static final String PROPERTY = "typedipc.test.sharedMemory";

  private TestTransport() {}

  /** Whether this run goes over shared memory. */
  public static boolean sharedMemory() {
    return Boolean.getBoolean(PROPERTY);
  }

  /** {@code builder} serving shared memory in a shared-memory run. */
  public static Manager.Builder manager(Manager.Builder builder) {
    return builder.sharedMemory(sharedMemory());
  }

  /** {@code builder} asking for shared memory in a shared-memory run. */
  public static ManagerClient.Builder client(ManagerClient.Builder builder) {
    return builder.sharedMemory(sharedMemory());
  }

  /** A client of the Manager on loopback {@code port}, on this run's transport. */
  public static ManagerClient connect(int port, AuthKey key) {
    return checked(client(ManagerClient.builder().address("127.0.0.1", port).authKey(key)).connect());
  }

  /** {@code end}, after checking it uses this run's transport (closes it if not). */
  public static <S, R> PipeEnd<S, R> checked(PipeEnd<S, R> end) {
    if (end.usesSharedMemory() != sharedMemory()) {
      end.close();
      throw new AssertionError("the pipe " + (sharedMemory() ? "stayed on TCP" : "moved to shared memory")
          + " in a " + (sharedMemory() ? "shared-memory" : "TCP") + " run");
    }
    return end;
  }

  /** {@code client}, after checking it uses this run's transport (closes it if not). */
  public static ManagerClient checked(ManagerClient client) {
    if (client.usesSharedMemory() != sharedMemory()) {
      client.close();
      throw new AssertionError("the client " + (sharedMemory() ? "stayed on TCP" : "moved to shared memory")
          + " in a " + (sharedMemory() ? "shared-memory" : "TCP") + " run");
    }
    return client;
  }
}
