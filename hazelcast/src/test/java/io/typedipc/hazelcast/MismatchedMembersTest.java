package io.typedipc.hazelcast;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import io.typedipc.RemoteException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HazelcastPlacement: "Every member of the cluster must run a Manager with a placement on it,
 * sharing the same objects". Two members in this JVM, one of whose Managers shares nothing: a call
 * whose object's entry the other owns fails saying that, not with the serialisation error of a
 * class that member does not know.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MismatchedMembersTest {
  private static final int OBJECTS = 16;

  @Test
  void aMemberThatDoesNotShareTheObjectsIsNamedAsTheCause() throws Exception {
    AuthKey key = AuthKey.generate();
    String cluster = "typedipc-mismatched-" + UUID.randomUUID();
    int portA = TestClusters.freePort();
    int portB = TestClusters.freePort();
    List<Integer> ports = List.of(portA, portB);
    Manager.Builder sharing = Manager.builder().authKey(key).jmx(false);
    for (int i = 0; i < OBJECTS; i++) {
      sharing.share(Counter.class, "counter-" + i, new CounterImpl());
    }
    try (HazelcastPlacement a = HazelcastPlacement.member(TestClusters.config(cluster, portA, ports));
        Manager full = sharing.placement(a).start();
        HazelcastPlacement b = HazelcastPlacement.member(TestClusters.config(cluster, portB, ports));
        Manager empty = Manager.builder().authKey(key).jmx(false).placement(b).start(); // shares nothing
        ManagerClient client = ManagerClient.connect("127.0.0.1", full.port(), key)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      List<String> failures = new ArrayList<>();
      while (failures.isEmpty()) { // until some entry has moved to the second member
        assertTrue(System.nanoTime() < deadline, "no entry moved to the second member");
        for (int i = 0; i < OBJECTS; i++) {
          try {
            client.shared(Counter.class, "counter-" + i).get();
          } catch (RemoteException e) {
            failures.add(e.getMessage());
          }
        }
      }
      for (String message : failures) {
        assertTrue(message.contains("cannot read the state of 'counter-")
            && message.contains("every member of the cluster must run a Manager that shares the same objects"), message);
      }
    }
  }
}
