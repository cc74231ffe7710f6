package io.typedipc.benchmarks.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.hazelcast.HazelcastPlacement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server JVM of {@link ClusterBench}: a plain Manager ({@code single}) or a Manager that is a
 * Hazelcast member (loopback, TCP-IP join, multicast off), sharing {@link BenchCounter} as
 * "counter". Arguments: {@code single}, or cluster name, this member's port, every member's port
 * (comma-separated). The auth key comes in {@code TYPEDIPC_BENCH_KEY}. Prints {@code READY <port>}
 * once the cluster has every member and no partition is migrating; exits when its stdin closes.
 */
public final class ClusterMember {
  private ClusterMember() {}

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("com.hazelcast").setLevel(java.util.logging.Level.WARNING);
    AuthKey key = AuthKey.fromBase64(System.getenv("TYPEDIPC_BENCH_KEY"));
    Manager.Builder builder = Manager.builder().address(0).authKey(key).jmx(false)
        .share(BenchCounter.class, "counter", new BenchCounterImpl());
    HazelcastPlacement placement = null;
    List<Integer> ports = new ArrayList<>();
    if (!args[0].equals("single")) {
      for (String p : args[2].split(",")) {
        ports.add(Integer.parseInt(p));
      }
      placement = HazelcastPlacement.member(config(args[0], Integer.parseInt(args[1]), ports));
      builder.placement(placement);
    }
    Manager manager = builder.start();
    if (placement != null) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (placement.hazelcast().getCluster().getMembers().size() < ports.size() && System.nanoTime() < deadline) {
        Thread.sleep(50); // polling the cluster's size, bounded
      }
      // partitions migrate to a member that joined: calls on a migrating partition are retried
      // after pauses, which would be measured as call time
      while (!placement.hazelcast().getPartitionService().isClusterSafe() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }
    System.out.println("READY " + manager.port());
    System.out.flush();
    while (System.in.read() >= 0) {
      // until the driver goes
    }
    Runtime.getRuntime().halt(0); // the driver is done: no graceful leave needed
  }

  /** Loopback, TCP-IP join with the given members, no multicast; as the cluster tests. */
  static Config config(String clusterName, int port, List<Integer> memberPorts) {
    Config c = new Config();
    c.setClusterName(clusterName);
    NetworkConfig n = c.getNetworkConfig();
    n.setPort(port).setPortAutoIncrement(false);
    n.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig j = n.getJoin();
    j.getMulticastConfig().setEnabled(false);
    j.getAutoDetectionConfig().setEnabled(false);
    List<String> members = new ArrayList<>();
    for (int p : memberPorts) {
      members.add("127.0.0.1:" + p);
    }
    j.getTcpIpConfig().setEnabled(true).setMembers(members).setConnectionTimeoutSeconds(2);
    c.setProperty("hazelcast.logging.type", "jdk");
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.partition.count", "23");
    c.setProperty("hazelcast.wait.seconds.before.join", "1");
    c.setProperty("hazelcast.max.wait.seconds.before.join", "2");
    c.setProperty("hazelcast.socket.bind.any", "false");
    return c;
  }
}
