package io.typedipc.example.cluster;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.TypedIpcException;
import io.typedipc.builtin.SharedMap;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.example.Counter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One client of {@link Failover}, in its own JVM: increments the shared counter, records the value
 * under its own key in the shared map and puts the key to the shared queue, {@code ops} times. When
 * its Manager dies it moves to the next member's address and carries on; an increment whose
 * connection was lost counts as indeterminate (its effect is unknown) and is not retried; the map
 * and queue puts of an acknowledged increment are retried until acknowledged. Arguments: its
 * index, ops, the file it writes what was acknowledged to, the members' typedipc ports.
 * (Once {@code ManagerClient.Builder.addresses} and {@code reconnect} are in, the client moves by
 * itself and the loop below shrinks to the calls.)
 */
public final class FailoverClient {
  private FailoverClient() {}

  private static int at;
  private static ManagerClient client;

  public static void main(String[] args) throws Exception {
    int index = Integer.parseInt(args[0]);
    int ops = Integer.parseInt(args[1]);
    Path report = Path.of(args[2]);
    List<Integer> ports = new ArrayList<>();
    for (String p : args[3].split(",")) {
      ports.add(Integer.parseInt(p));
    }
    AuthKey key = AuthKey.fromEnvironment(Failover.KEY_ENV);
    at = index % ports.size();
    connect(key, ports, false);
    List<String> lines = new ArrayList<>();
    int indeterminate = 0;
    int moves = 0;
    for (int op = 0; op < ops; op++) {
      if (op == ops / 3) {
        System.out.println("THIRD");
        System.out.flush();
      }
      int value;
      try {
        value = client.shared(Counter.class, "hits").increment();
      } catch (TypedIpcException e) {
        indeterminate++;        // lost with its member: it may or may not have counted
        connect(key, ports, true);
        moves++;
        continue;
      }
      lines.add("A " + value);
      String k = "c" + index + "-" + op;
      while (true) {
        try {
          SharedMap<String, Integer> ledger = client.map("ledger");
          ledger.put(k, value);   // idempotent: retried until acknowledged
          break;
        } catch (TypedIpcException e) {
          connect(key, ports, true);
          moves++;
        }
      }
      lines.add("M " + k + " " + value);
      while (true) {
        try {
          SharedQueue<String> work = client.queue("work", String.class);
          work.put(k);            // retried until acknowledged (a lost put may leave a duplicate)
          break;
        } catch (TypedIpcException e) {
          connect(key, ports, true);
          moves++;
        }
      }
      lines.add("Q " + k);
    }
    lines.add("I " + indeterminate);
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(report, StandardCharsets.UTF_8))) {
      lines.forEach(out::println);
    }
    System.out.println("DONE indeterminate=" + indeterminate + " moves=" + moves);
    client.close();
  }

  /** Connects to the member at {@code at}, or (after a loss) to the next ones in turn, until one answers. */
  private static void connect(AuthKey key, List<Integer> ports, boolean next) throws InterruptedException {
    if (client != null) {
      try {
        client.close();
      } catch (RuntimeException ignored) {
        // its Manager is gone
      }
    }
    for (int attempt = 0; ; attempt++) {
      if (next || attempt > 0) {
        at = (at + 1) % ports.size();
      }
      try {
        client = ManagerClient.builder().address("127.0.0.1", ports.get(at)).authKey(key)
            .connectTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(60)).connect();
        return;
      } catch (TypedIpcException | UncheckedIOException e) {
        if (attempt > 30) {
          throw e;
        }
        Thread.sleep(200); // a dead member refuses at once: try the next after a breath
      }
    }
  }
}
