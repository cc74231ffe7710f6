package io.typedipc.it;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import java.util.List;
import org.junit.jupiter.api.TestInfo;

/**
 * Marks a test class that runs its superclass's tests over the shared-memory transport: the
 * superclass's set-up asks {@link #of(TestInfo)} which transport to use, starts its Manager with
 * {@link #managerOptions} and connects with {@link #client}, which checks the client really is on
 * shared memory (a silent fall-back to TCP would otherwise pass unnoticed).
 */
public interface OverSharedMemory {

  /** The system property that turns shared memory on in {@link TestManagerMain}'s Manager. */
  String PROPERTY = "typedipc.test.sharedMemory";

  /** Whether the running test class is a shared-memory variant. */
  static boolean of(TestInfo info) {
    return OverSharedMemory.class.isAssignableFrom(info.getTestClass().orElseThrow());
  }

  /** JVM options for a Manager child JVM: shared memory on or off. */
  static List<String> managerOptions(boolean sharedMemory) {
    return List.of("-D" + PROPERTY + "=" + sharedMemory);
  }

  /** A client of the Manager on {@code port}, on shared memory if {@code sharedMemory}. */
  static ManagerClient client(int port, AuthKey key, boolean sharedMemory) {
    ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key).sharedMemory(sharedMemory).connect();
    if (client.usesSharedMemory() != sharedMemory) {
      client.close();
      throw new AssertionError("the client " + (sharedMemory ? "did not move to" : "moved to") + " shared memory");
    }
    return client;
  }
}
