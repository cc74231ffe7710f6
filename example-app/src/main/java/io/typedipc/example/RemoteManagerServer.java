package io.typedipc.example;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A Manager server that unrelated programs connect to by address and auth key — the {@code
 * ManagerServer} of the Python seed:
 *
 * <pre>{@code
 * class InfoManager(BaseManager): pass
 * d = DictItem()
 * InfoManager.register('dict', callable=lambda: d)
 *
 * manager = InfoManager(address=('', 6000), authkey=b'aaaaaaaaaaaaaaa')
 * server = manager.get_server()
 * server.serve_forever()
 * }</pre>
 *
 * <p>Usage: {@code RemoteManagerServer --key-file manager.key [--port 6000] [--host 127.0.0.1]}.
 * If the key file does not exist, a random key is generated and written to it, readable by its
 * owner only; give clients the same file. The key never appears on a command line. {@code --port
 * 0} picks a free port. The server listens on loopback unless {@code --host} says otherwise (the
 * seed's {@code ''} means every interface: {@code --host 0.0.0.0}), and serves until stopped with
 * Ctrl-C. See {@link RemoteManagerClient}.
 */
public final class RemoteManagerServer {
  private RemoteManagerServer() {}

  public static void main(String[] args) throws InterruptedException {
    Options options = Options.parse(args, Set.of("host", "port", "key-file"));
    String host = options.string("host", "127.0.0.1");
    int port = options.port("port", 6000);
    Path keyFile = Path.of(options.string("key-file"));

    AuthKey key;
    if (Files.exists(keyFile)) {
      key = AuthKey.fromFile(keyFile);
    } else {
      key = AuthKey.generate();
      key.writeTo(keyFile); // owner-only permissions
      System.out.println("generated a new auth key in " + keyFile.toAbsolutePath());
    }

    // Python: InfoManager.register('dict', callable=lambda: d) ... get_server()
    Manager manager = Manager.builder()
        .address(host, port)
        .authKey(key)
        .share(SharedDict.class, "dict", new SharedDictImpl())
        .share(Counter.class, "visits", new CounterImpl())
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      manager.close(); // lets running calls finish, then closes every connection
      System.out.println("RemoteManagerServer stopped");
    }, "manager-shutdown"));

    System.out.printf("RemoteManagerServer listening on %s:%d (auth key file %s); Ctrl-C stops it%n",
        manager.address().getHostString(), manager.port(), keyFile);
    // Python: server.serve_forever()
    manager.awaitTermination();
  }
}
