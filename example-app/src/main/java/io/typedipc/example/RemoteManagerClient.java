package io.typedipc.example;

import io.typedipc.AuthKey;
import io.typedipc.AuthenticationException;
import io.typedipc.ConnectionLostException;
import io.typedipc.ManagerClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A program unrelated to the server that connects to {@link RemoteManagerServer} by address and
 * auth key — the {@code ManagerClient} of the Python seed:
 *
 * <pre>{@code
 * info_manager = InfoManager(address=('127.0.0.1', 6000), authkey=b'aaaaaaaaaaaaaaa')
 * info_manager.connect()
 * share_dict = info_manager.dict()
 * }</pre>
 *
 * <p>Usage: {@code RemoteManagerClient --key-file manager.key [--port 6000] [--host 127.0.0.1]
 * [--name NAME]}. Run it as many times, from as many terminals, as you like: every run records
 * itself in the shared dict and prints what all runs so far have left there.
 *
 * <p>It also shows the seed's warning — "对client获取的变量修改,不会影响server那边的变量" (changing
 * what a client got does not change the server's data; call the server's methods for that): {@link
 * SharedDict#items()} returns a copy.
 */
public final class RemoteManagerClient {
  private RemoteManagerClient() {}

  public static void main(String[] args) {
    Options options = Options.parse(args, Set.of("host", "port", "key-file", "name"));
    String host = options.string("host", "127.0.0.1");
    int port = options.port("port", 6000);
    AuthKey key = AuthKey.fromFile(Path.of(options.string("key-file")));
    String name = options.string("name", "client-" + ProcessHandle.current().pid());

    // Python: InfoManager(address=..., authkey=...).connect(); share_dict = info_manager.dict()
    try (ManagerClient client = ManagerClient.connect(host, port, key)) {
      SharedDict dict = client.shared(SharedDict.class, "dict");
      Counter visits = client.shared(Counter.class, "visits");

      int visit = visits.increment();
      dict.set(name, "visit #" + visit + " at " + Instant.now());
      boolean first = dict.setIfAbsent("first-visitor", name); // check-then-set, atomic on the Manager
      System.out.printf("%s: visit #%d%s%n", name, visit, first ? " (the first one)" : "");
      System.out.println("dict.get(\"first-visitor\") = " + dict.get("first-visitor").orElse("?"));

      Map<String, String> items = dict.items();
      System.out.println("dict.items() = " + items);

      // A copy: editing it locally does not reach the Manager.
      items.put("local-only", "edited on the client");
      System.out.println("after editing the copy: dict.get(\"local-only\") = " + dict.get("local-only"));
    } catch (AuthenticationException e) {
      System.err.printf("the Manager at %s:%d refused our auth key: is --key-file the server's key file? (%s)%n",
          host, port, e.getMessage());
      System.exit(1);
    } catch (ConnectionLostException e) {
      System.err.printf("no connection to the Manager at %s:%d: is RemoteManagerServer running? (%s)%n", host, port, e.getMessage());
      System.exit(1);
    }
  }
}
