package io.typedipc.example.cluster;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.ReconnectPolicy;
import io.typedipc.TypedIpcException;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.example.Counter;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One client of {@link Failover}, in its own JVM: increments the shared counter, records the value
 * under its own key in the shared map and puts the key to the shared queue, {@code ops} times. It
 * knows every member's address ({@code ManagerClient.Builder.addresses}, starting with its own
 * member): when its Manager dies it moves to the next one by itself, through the same proxies. An
 * increment that was in flight then fails ({@code ConnectionLostException}): it counts as
 * indeterminate (its effect is unknown) and is not retried; the map and queue puts of an
 * acknowledged increment are retried until acknowledged. Arguments: its index, ops, the file it
 * writes what was acknowledged to, the members' typedipc ports.
 */
public final class FailoverClient {
  private FailoverClient() {}

  public static void main(String[] args) throws Exception {
    int index = Integer.parseInt(args[0]);
    int ops = Integer.parseInt(args[1]);
    Path report = Path.of(args[2]);
    List<InetSocketAddress> members = new ArrayList<>();
    for (String p : args[3].split(",")) {
      members.add(new InetSocketAddress("127.0.0.1", Integer.parseInt(p)));
    }
    Collections.rotate(members, -(index % members.size())); // the clients start on different members
    AuthKey key = AuthKey.fromEnvironment(Failover.KEY_ENV);
    List<String> lines = new ArrayList<>();
    int indeterminate = 0;
    try (ManagerClient client = ManagerClient.builder().addresses(members).authKey(key)
        .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 60))
        .connectTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(60)).connect()) {
      InetSocketAddress first = client.managerAddress();
      Counter hits = client.shared(Counter.class, "hits");
      SharedMap<String, Integer> ledger = client.map("ledger");
      SharedQueue<String> work = client.queue("work", String.class);
      for (int op = 0; op < ops; op++) {
        if (op == ops / 3) {
          System.out.println("THIRD");
          System.out.flush();
        }
        int value;
        try {
          value = hits.increment();
        } catch (TypedIpcException e) { // ConnectionLostException, or the cluster's own "outcome unknown"
          indeterminate++; // lost with its member: it may or may not have counted
          continue;
        }
        lines.add("A " + value);
        String k = "c" + index + "-" + op;
        while (true) {
          try {
            ledger.put(k, value); // idempotent: retried until acknowledged
            break;
          } catch (TypedIpcException e) {
            // the client is moving to another member: the same proxy works there
          }
        }
        lines.add("M " + k + " " + value);
        while (true) {
          try {
            work.put(k); // retried until acknowledged (a lost put may leave a duplicate)
            break;
          } catch (TypedIpcException e) {
            // as above
          }
        }
        lines.add("Q " + k);
      }
      lines.add("I " + indeterminate);
      try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(report, StandardCharsets.UTF_8))) {
        lines.forEach(out::println);
      }
      System.out.println("DONE indeterminate=" + indeterminate + " moved=" + !client.managerAddress().equals(first));
    }
  }
}
