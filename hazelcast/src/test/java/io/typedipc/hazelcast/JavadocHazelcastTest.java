package io.typedipc.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.ManagerClient;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Javadoc of {@link HazelcastPlacement} and {@link ObjectCall}, the sentences other tests do not check. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JavadocHazelcastTest {
  private final AuthKey key = AuthKey.generate();

  private static Config config(String prefix) {
    int port = TestClusters.freePort();
    return TestClusters.config(prefix + UUID.randomUUID(), port, List.of(port));
  }

  /**
   * member(config): the member starts with the Manager (hazelcast() refuses before), serves one
   * Manager, and is shut down by close(); the maps get one synchronous backup.
   */
  @Test
  void aMemberPlacementStartsItsMemberWithTheManagerServesOneManagerAndShutsItDownOnClose() {
    HazelcastPlacement placement = HazelcastPlacement.member(config("typedipc-jd-member-"));
    try {
      IllegalStateException before = assertThrows(IllegalStateException.class, placement::hazelcast);
      assertTrue(before.getMessage().contains("the member starts with the Manager"), before.getMessage());
      HazelcastInstance hz;
      try (Manager manager = Manager.builder().authKey(key).jmx(false).placement(placement)
          .share(Counter.class, "counter", new CounterImpl()).start();
          ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
        hz = placement.hazelcast();
        assertTrue(hz.getLifecycleService().isRunning());
        assertEquals(1, client.shared(Counter.class, "counter").increment());
        for (String map : List.of(HazelcastPlacement.OBJECTS, HazelcastPlacement.SYNC)) {
          MapConfig c = hz.getConfig().getMapConfig(map);
          assertEquals(1, c.getBackupCount(), map);
          assertEquals(0, c.getAsyncBackupCount(), map);
        }
        IllegalStateException second = assertThrows(IllegalStateException.class, () -> Manager.builder().authKey(key)
            .jmx(false).placement(placement).share(Counter.class, "counter", new CounterImpl()).start());
        assertTrue(second.getMessage().contains("serves one Manager"), second.getMessage());
        assertEquals(2, client.shared(Counter.class, "counter").increment(), "the first Manager still serves");
      }
      assertTrue(hz.getLifecycleService().isRunning(), "the Manager does not close its placement");
      placement.close();
      assertFalse(hz.getLifecycleService().isRunning(), "close() shut the member down");
    } finally {
      placement.close();
    }
  }

  /** "The maps ... get one synchronous backup unless the config says otherwise." */
  @Test
  void theConfigsOwnMapSettingsAreKept() {
    Config config = config("typedipc-jd-maps-");
    config.addMapConfig(new MapConfig(HazelcastPlacement.OBJECTS).setBackupCount(0).setAsyncBackupCount(1));
    try (HazelcastPlacement placement = HazelcastPlacement.member(config);
        Manager manager = Manager.builder().authKey(key).jmx(false).placement(placement)
            .share(Counter.class, "counter", new CounterImpl()).start();
        ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
      assertEquals(1, client.shared(Counter.class, "counter").increment());
      MapConfig objects = placement.hazelcast().getConfig().getMapConfig(HazelcastPlacement.OBJECTS);
      assertEquals(0, objects.getBackupCount(), "the config's");
      assertEquals(1, objects.getAsyncBackupCount(), "the config's");
      MapConfig sync = placement.hazelcast().getConfig().getMapConfig(HazelcastPlacement.SYNC);
      assertEquals(1, sync.getBackupCount(), "the default: the config says nothing of it");
      assertEquals(0, sync.getAsyncBackupCount());
    }
  }

  /** member(Path): XML and .yml files as well as .yaml; a file that cannot be read, of another suffix, or invalid. */
  @Test
  void aMemberStartsFromAnXmlOrYmlFileAndAFileThatCannotBeReadOrIsNoConfigurationIsRefused(@TempDir Path dir) throws Exception {
    int xmlPort = TestClusters.freePort();
    Path xml = dir.resolve("hazelcast.xml");
    Files.writeString(xml, String.join("\n",
        "<hazelcast xmlns=\"http://www.hazelcast.com/schema/config\">",
        "  <cluster-name>typedipc-jd-xml-" + UUID.randomUUID() + "</cluster-name>",
        "  <properties><property name=\"hazelcast.logging.type\">jdk</property>",
        "    <property name=\"hazelcast.phone.home.enabled\">false</property></properties>",
        "  <network>",
        "    <port auto-increment=\"false\">" + xmlPort + "</port>",
        "    <join><multicast enabled=\"false\"/><tcp-ip enabled=\"true\"><member>127.0.0.1:" + xmlPort
            + "</member></tcp-ip></join>",
        "  </network>",
        "</hazelcast>", ""));
    int ymlPort = TestClusters.freePort();
    Path yml = TestClusters.writeYaml(dir.resolve("hazelcast.yml"), "typedipc-jd-yml-", ymlPort);
    for (Path file : List.of(xml, yml)) {
      int port = file == xml ? xmlPort : ymlPort;
      try (HazelcastPlacement placement = HazelcastPlacement.member(file);
          Manager manager = Manager.builder().authKey(key).jmx(false).placement(placement)
              .share(Counter.class, "counter", new CounterImpl()).start();
          ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
        assertEquals(1, client.shared(Counter.class, "counter").increment(), file.toString());
        assertEquals(port, placement.hazelcast().getCluster().getLocalMember().getAddress().getPort(), file.toString());
      }
    }
    Path missing = dir.resolve("missing.yaml");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> HazelcastPlacement.member(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    Path txt = Files.writeString(dir.resolve("hazelcast.txt"), "hazelcast:\n");
    assertThrows(IllegalArgumentException.class, () -> HazelcastPlacement.member(txt), "another suffix");
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "hazelcast:\n  network: [\n");
    assertThrows(InvalidConfigurationException.class, () -> HazelcastPlacement.member(bad), "not a configuration");
  }

  /**
   * on(instance): one placement at a time per member. A second one while the first serves its
   * Manager is refused (it would take over the member's entry processors), and nothing of the
   * first is disturbed; once the first is closed, a new one serves.
   */
  @Test
  void aSecondPlacementOnAMemberWhoseFirstStillServesIsRefused() {
    HazelcastInstance hz = Hazelcast.newHazelcastInstance(config("typedipc-jd-on-"));
    try {
      try (HazelcastPlacement first = HazelcastPlacement.on(hz);
          Manager manager = Manager.builder().authKey(key).jmx(false).placement(first)
              .share(Counter.class, "counter", new CounterImpl()).start();
          ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
        assertEquals(1, client.shared(Counter.class, "counter").increment());
        try (HazelcastPlacement second = HazelcastPlacement.on(hz)) {
          IllegalStateException e = assertThrows(IllegalStateException.class, () -> Manager.builder().authKey(key)
              .jmx(false).placement(second).share(Counter.class, "counter", new CounterImpl()).start());
          assertTrue(e.getMessage().contains("one placement at a time per member"), e.getMessage());
        }
        assertEquals(2, client.shared(Counter.class, "counter").increment(), "the first still serves");
      }
      try (HazelcastPlacement later = HazelcastPlacement.on(hz);
          Manager manager = Manager.builder().authKey(key).jmx(false).placement(later)
              .share(Counter.class, "counter", new CounterImpl()).start();
          ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
        assertEquals(3, client.shared(Counter.class, "counter").increment(), "a later placement serves");
      }
    } finally {
      hz.shutdown();
    }
  }

  /**
   * on(instance) leaves the member running: a closed placement must leave nothing registered on it
   * (its listener of synchronizer changes, its membership listener), or every placement used and
   * closed on a long-lived member would stay reachable from it and keep handling its events.
   */
  @Test
  void aClosedPlacementLeavesNoListenerOnItsMember() {
    HazelcastInstance hz = Hazelcast.newHazelcastInstance(config("typedipc-jd-listeners-"));
    try {
      int syncBefore = registrations(hz, "hz:impl:mapService", HazelcastPlacement.SYNC);
      int membershipBefore = registrations(hz, "hz:core:clusterService", "hz:core:clusterService");
      for (int i = 1; i <= 3; i++) {
        try (HazelcastPlacement placement = HazelcastPlacement.on(hz);
            Manager manager = Manager.builder().authKey(key).jmx(false).placement(placement)
                .share(Counter.class, "counter", new CounterImpl()).start();
            ManagerClient client = ManagerClient.connect("127.0.0.1", manager.port(), key)) {
          assertEquals(i, client.shared(Counter.class, "counter").increment());
          assertTrue(registrations(hz, "hz:impl:mapService", HazelcastPlacement.SYNC) > syncBefore,
              "a serving placement listens to its synchronizers");
        }
      }
      assertEquals(syncBefore, registrations(hz, "hz:impl:mapService", HazelcastPlacement.SYNC));
      assertEquals(membershipBefore, registrations(hz, "hz:core:clusterService", "hz:core:clusterService"));
    } finally {
      hz.shutdown();
    }
  }

  /** The member's event registrations of a service and topic (Hazelcast's own bookkeeping). */
  private static int registrations(HazelcastInstance hz, String service, String topic) {
    return ((com.hazelcast.instance.impl.HazelcastInstanceProxy) hz).getOriginal().node.getNodeEngine()
        .getEventService().getRegistrations(service, topic).size();
  }

  /** A counter that counts, outside its state, how many times its method ran in this JVM. */
  public static final class RunCounter implements Counter {
    static final AtomicLong RUNS = new AtomicLong();
    private long value;

    @Override
    public long increment() {
      RUNS.incrementAndGet();
      return ++value;
    }

    @Override
    public long get() {
      return value;
    }
  }

  /**
   * ObjectCall: "The backup receives the new state, not the call, so the method runs once." Two
   * members in this JVM, the entry backed up on the other: each call runs the method once.
   */
  @Test
  void aCallRunsTheMethodOnceNotAgainOnTheBackup() throws InterruptedException {
    int portA = TestClusters.freePort();
    int portB = TestClusters.freePort();
    String name = "typedipc-jd-once-" + UUID.randomUUID();
    RunCounter.RUNS.set(0);
    try (HazelcastPlacement a = HazelcastPlacement.member(TestClusters.config(name, portA, List.of(portA, portB)));
        HazelcastPlacement b = HazelcastPlacement.member(TestClusters.config(name, portB, List.of(portA, portB)));
        Manager managerA = Manager.builder().authKey(key).jmx(false).placement(a)
            .share(Counter.class, "runs", new RunCounter()).start();
        Manager managerB = Manager.builder().authKey(key).jmx(false).placement(b)
            .share(Counter.class, "runs", new RunCounter()).start();
        ManagerClient clientA = ManagerClient.connect("127.0.0.1", managerA.port(), key);
        ManagerClient clientB = ManagerClient.connect("127.0.0.1", managerB.port(), key)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (a.hazelcast().getCluster().getMembers().size() < 2) {
        assertTrue(System.nanoTime() < deadline, "the two members never formed one cluster");
        Thread.sleep(20); // polling with a deadline
      }
      // the entry was put while the first member was alone: wait for its backup on the other
      while (backups(a) + backups(b) < 1 || !a.hazelcast().getPartitionService().isClusterSafe()) {
        assertTrue(System.nanoTime() < deadline, "the entry never got its backup");
        Thread.sleep(20); // polling with a deadline
      }
      Counter viaA = clientA.shared(Counter.class, "runs");
      Counter viaB = clientB.shared(Counter.class, "runs");
      for (int i = 1; i <= 10; i++) {
        assertEquals(2L * i - 1, viaA.increment());
        assertEquals(2L * i, viaB.increment());
      }
      assertEquals(20, RunCounter.RUNS.get(), "each of 20 calls ran the method once, the backup took the state");
      assertEquals(1, a.hazelcast().getMap(HazelcastPlacement.OBJECTS).getLocalMapStats().getOwnedEntryCount()
          + b.hazelcast().getMap(HazelcastPlacement.OBJECTS).getLocalMapStats().getOwnedEntryCount());
      assertEquals(1, backups(a) + backups(b), "one backup");
    }
  }

  private static long backups(HazelcastPlacement p) {
    return p.hazelcast().getMap(HazelcastPlacement.OBJECTS).getLocalMapStats().getBackupEntryCount();
  }
}
