package io.typedipc.hazelcast;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: the cost of a cluster object's call beside a single Manager's, in one run. A
 * single-object sync call ({@code Counter.increment}) from one client, and the aggregate of four
 * clients (one thread each, spread over the members), against a plain Manager, a 1-member cluster
 * and a 3-member cluster, each member in its own JVM on loopback. Run after {@code mvn -pl
 * hazelcast -am test-compile}:
 *
 * <pre>
 * mvn -B -q -pl hazelcast dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp hazelcast/target/test-classes:hazelcast/target/classes:$(cat /tmp/cp.txt) io.typedipc.hazelcast.ClusterBench [seconds]
 * </pre>
 */
public final class ClusterBench {
  private ClusterBench() {}

  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 3;
    AuthKey key = AuthKey.generate();
    double[] single = run(key, 1, true, seconds);
    double[] one = run(key, 1, false, seconds);
    double[] three = run(key, 3, false, seconds);
    System.out.printf("%-22s %14s %18s%n", "setup", "sync call (µs)", "4 clients (calls/s)");
    print("single Manager", single, single);
    print("1-member cluster", one, single);
    print("3-member cluster", three, single);
  }

  private static void print(String name, double[] r, double[] base) {
    System.out.printf("%-22s %8.0f (x%.1f) %10.0f (x%.2f)%n", name, r[0], r[0] / base[0], r[1], r[1] / base[1]);
  }

  /** {mean µs of one client's sync call, calls/s of four clients}. */
  private static double[] run(AuthKey key, int size, boolean single, long seconds) throws Exception {
    String cluster = "typedipc-bench-" + UUID.randomUUID();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(TestClusters.freePort());
    }
    List<MemberJvm> members = new ArrayList<>();
    try {
      for (int port : ports) {
        members.add(MemberJvm.start(key, cluster, port, ports, single));
      }
      for (MemberJvm m : members) {
        m.awaitReady(Duration.ofSeconds(150));
      }
      double latency;
      try (ManagerClient c = client(key, members.get(0))) {
        Counter counter = c.shared(Counter.class, "counter");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < end) {
          counter.increment(); // warm-up
        }
        long n = 0;
        long start = System.nanoTime();
        end = start + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
          counter.increment();
          n++;
        }
        latency = (System.nanoTime() - start) / 1000.0 / n;
      }
      AtomicLong calls = new AtomicLong();
      CountDownLatch done = new CountDownLatch(4);
      List<ManagerClient> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        clients.add(client(key, members.get(i % members.size())));
      }
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      for (ManagerClient c : clients) {
        Thread t = new Thread(() -> {
          Counter counter = c.shared(Counter.class, "counter");
          long n = 0;
          while (System.nanoTime() < end) {
            counter.increment();
            n++;
          }
          calls.addAndGet(n);
          done.countDown();
        });
        t.start();
      }
      done.await();
      double rate = calls.get() / ((System.nanoTime() - start) / 1e9);
      for (ManagerClient c : clients) {
        c.close();
      }
      return new double[] {latency, rate};
    } finally {
      for (MemberJvm m : members) {
        m.close();
      }
    }
  }

  private static ManagerClient client(AuthKey key, MemberJvm member) {
    return ManagerClient.builder().address("127.0.0.1", member.port).authKey(key).connect();
  }
}
