package io.typedipc.internal.wire;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.it.ChildJvm;
import io.typedipc.it.TestService;
import java.nio.channels.FileChannel;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A client JVM asking for shared memory from the Manager on loopback port {@code args[0]}: prints
 * every record of the typedipc loggers ({@code LOG <level> <logger> <message>}, DEBUG included), then
 * {@code SHM true|false} and the echo of a call ({@code ECHO ...}), and waits for its stdin to
 * close. With {@code private} as second argument it maps the offered file copy-on-write (the
 * package-private seam {@link SharedMemoryHandshake#clientMapMode}): its writes do not reach the
 * Manager's memory, as for a client on another host mapping one file of a network file system.
 */
public final class SharedMemoryClientMain {
  private static final Logger TYPEDIPC = Logger.getLogger("io.typedipc"); // held: JUL keeps loggers weakly

  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentGoes();
    TYPEDIPC.setLevel(Level.ALL);
    TYPEDIPC.setUseParentHandlers(false);
    TYPEDIPC.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        System.out.println("LOG " + record.getLevel() + " " + record.getLoggerName() + " " + record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
    if (args.length > 1 && args[1].equals("private")) {
      SharedMemoryHandshake.clientMapMode = FileChannel.MapMode.PRIVATE;
    }
    ManagerClient client = ManagerClient.builder()
        .address("127.0.0.1", Integer.parseInt(args[0]))
        .authKey(AuthKey.fromEnvironment(ChildJvm.KEY_ENV))
        .connections(1)
        .sharedMemory(true)
        .connect();
    System.out.println("SHM " + client.usesSharedMemory());
    System.out.println("ECHO " + client.shared(TestService.class, "service").echo("from afar"));
    Thread.sleep(Long.MAX_VALUE); // until the parent closes stdin
  }
}
