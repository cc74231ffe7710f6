package io.typedipc.example.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.typedipc.AuthKey;
import io.typedipc.Manager;
import io.typedipc.example.Counter;
import io.typedipc.example.CounterImpl;
import io.typedipc.hazelcast.HazelcastPlacement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Manager of {@link Failover}'s cluster, in its own JVM: a Hazelcast member (TCP-IP join on
 * loopback, multicast off) serving the shared counter {@code hits}, the map {@code ledger} and the
 * queue {@code work}. Arguments: cluster name, this member's Hazelcast port, every member's port
 * (comma-separated). Prints {@code READY <typedipc port>} once the whole cluster has formed; exits
 * when its stdin closes (or when killed).
 */
public final class FailoverMember {
  private FailoverMember() {}

  /** The Hazelcast configuration of a member: the usual Java config, small and fast for one host. */
  static Config config(String clusterName, int port, List<Integer> memberPorts) {
    Config config = new Config();
    config.setClusterName(clusterName);
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    List<String> members = new ArrayList<>();
    for (int p : memberPorts) {
      members.add("127.0.0.1:" + p);
    }
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    config.setProperty("hazelcast.logging.type", "none");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.partition.count", "23");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "8");
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    config.setProperty("hazelcast.socket.bind.any", "false");
    return config;
  }

  public static void main(String[] args) throws Exception {
    String cluster = args[0];
    int port = Integer.parseInt(args[1]);
    List<Integer> ports = new ArrayList<>();
    for (String p : args[2].split(",")) {
      ports.add(Integer.parseInt(p));
    }
    AuthKey key = AuthKey.fromEnvironment(Failover.KEY_ENV);
    HazelcastPlacement placement = HazelcastPlacement.member(config(cluster, port, ports));
    Manager manager = Manager.builder()
        .address(0)
        .authKey(key)
        .jmx(false)
        .placement(placement)                                  // the state lives in the cluster
        .share(Counter.class, "hits", new CounterImpl())
        .map("ledger")
        .queue("work", 0)
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (placement.hazelcast().getCluster().getMembers().size() < ports.size() && System.nanoTime() < deadline) {
      Thread.sleep(50); // polling the cluster's size, bounded
    }
    System.out.println("READY " + manager.port());
    System.out.flush();
    while (System.in.read() >= 0) {
      // until the parent goes
    }
    manager.close();
    placement.close();
  }
}
