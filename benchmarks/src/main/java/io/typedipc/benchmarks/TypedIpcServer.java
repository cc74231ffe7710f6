package io.typedipc.benchmarks;

import io.typedipc.AuthKey;
import io.typedipc.Manager;
import java.nio.file.Path;
import java.util.Map;

/**
 * The typedipc server: a Manager on 127.0.0.1 sharing a {@link BenchServiceImpl} as "bench".
 * It generates a fresh auth key and writes it to {@code keyFile} (a new owner-only file, which
 * the client then reads), so the key never appears on a command line. {@code dispatch=CONCURRENT}
 * shares it with that dispatch instead of the default {@code SERIAL} (to tell the cost of the
 * object's turn from the rest; the benchmark's figures use {@code SERIAL}).
 */
public final class TypedIpcServer {

  private TypedIpcServer() {}

  public static void main(String[] argv) throws Exception {
    ChildSupport.dieWithParent();
    Map<String, String> args = ChildSupport.parse(argv);
    Path keyFile = Path.of(ChildSupport.arg(args, "keyFile"));
    boolean lowLatency = Boolean.parseBoolean(args.getOrDefault("lowLatency", "false"));
    boolean sharedMemory = Boolean.parseBoolean(args.getOrDefault("sharedMemory", "false"));
    AuthKey key = AuthKey.generate();
    key.writeTo(keyFile);
    Manager manager = Manager.builder()
        .address(0)
        .authKey(key)
        .lowLatency(lowLatency)
        .sharedMemory(sharedMemory)
        .share(BenchService.class, "bench", new BenchServiceImpl(),
            io.typedipc.Dispatch.valueOf(args.getOrDefault("dispatch", "SERIAL")))
        .start();
    ChildSupport.ready(manager.port());
    manager.awaitTermination();
    manager.close();
  }
}
