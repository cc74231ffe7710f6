package io.typedipc.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Small, fast Hazelcast configurations for tests: loopback, TCP-IP join, no multicast, short timeouts. */
final class TestClusters {
  private TestClusters() {}

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
    c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    c.setProperty("hazelcast.max.no.heartbeat.seconds", "8");
    c.setProperty("hazelcast.wait.seconds.before.join", "1");
    c.setProperty("hazelcast.max.wait.seconds.before.join", "2");
    c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    c.setProperty("hazelcast.operation.call.timeout.millis", "15000");
    c.setProperty("hazelcast.graceful.shutdown.max.wait", "20");
    c.setProperty("hazelcast.socket.bind.any", "false");
    return c;
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a one-member Hazelcast YAML configuration on {@code port} (TCP-IP join, no multicast) to {@code file}. */
  static Path writeYaml(Path file, String clusterPrefix, int port) throws IOException {
    Files.writeString(file, String.join("\n",
        "hazelcast:",
        "  cluster-name: " + clusterPrefix + UUID.randomUUID(),
        "  properties:",
        "    hazelcast.logging.type: jdk",
        "    hazelcast.phone.home.enabled: false",
        "  network:",
        "    port:",
        "      port: " + port,
        "      auto-increment: false",
        "    join:",
        "      multicast:",
        "        enabled: false",
        "      tcp-ip:",
        "        enabled: true",
        "        member-list:",
        "          - 127.0.0.1:" + port,
        ""));
    return file;
  }
}
