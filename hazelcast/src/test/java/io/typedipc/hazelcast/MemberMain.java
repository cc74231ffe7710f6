package io.typedipc.hazelcast;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Manager that is a Hazelcast member, in its own JVM, for the cluster tests. Arguments: cluster
 * name, this member's Hazelcast port, every member's port (comma-separated), the cluster size to
 * wait for, and optionally {@code single} for a plain Manager without a cluster. Prints {@code READY <typedipc port> <member uuid>}; then answers {@code OWNER <key>}
 * with {@code OWNER <uuid of the key's owner>}; exits when its stdin closes.
 */
public final class MemberMain {
  private MemberMain() {}

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("com.hazelcast").setLevel(java.util.logging.Level.WARNING);
    String cluster = args[0];
    int port = Integer.parseInt(args[1]);
    List<Integer> ports = new ArrayList<>();
    for (String p : args[2].split(",")) {
      ports.add(Integer.parseInt(p));
    }
    int size = Integer.parseInt(args[3]);
    AuthKey key = AuthKey.fromBase64(System.getenv("TYPEDIPC_TEST_KEY"));
    if (args.length > 4 && args[4].equals("single")) { // a plain Manager, for comparison
      Manager single = Manager.builder().address(0).authKey(key).jmx(false)
          .share(Counter.class, "counter", new CounterImpl()).start();
      System.out.println("READY " + single.port() + " single");
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the parent goes
      }
      Runtime.getRuntime().halt(0);
    }
    HazelcastPlacement placement = HazelcastPlacement.member(TestClusters.config(cluster, port, ports));
    Manager manager = Manager.builder()
        .address(0)
        .authKey(key)
        .jmx(false)
        .placement(placement)
        .share(Counter.class, "counter", new CounterImpl())
        .map("orders")
        .lock("lock")
        .queue("jobs", 0)
        .event("go")
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (placement.hazelcast().getCluster().getMembers().size() < size && System.nanoTime() < deadline) {
      Thread.sleep(50); // polling the cluster's size, bounded; nothing to wait on
    }
    System.out.println("READY " + manager.port() + " " + placement.hazelcast().getCluster().getLocalMember().getUuid());
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.startsWith("OWNER ")) {
        String k = line.substring(6).trim();
        System.out.println("OWNER " + placement.hazelcast().getPartitionService().getPartition(k).getOwner().getUuid());
        System.out.flush();
      }
    }
    Runtime.getRuntime().halt(0); // the test is gone: no graceful leave needed
  }
}
