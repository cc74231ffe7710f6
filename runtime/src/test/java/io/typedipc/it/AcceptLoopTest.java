package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "The accept loop survives any Throwable" (issue 9): a Manager (in its own JVM) that runs out of
 * file descriptors cannot accept for a while, but its accept loop does not end: its clients are
 * served meanwhile, and once descriptors are free again new clients connect.
 */
@Timeout(120)
class AcceptLoopTest {
  private static final int LIMIT = 256;

  @Test
  void aManagerOutOfFileDescriptorsAcceptsAgainWhenSomeAreFree() throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "needs sh and ulimit -n");
    // soft and hard limit both (so the JVM cannot raise it): enough to start, far fewer than the sockets below
    List<String> fewDescriptors = List.of("sh", "-c", "ulimit -n " + LIMIT + " && exec \"$@\"", "sh");
    // each silent socket stays in its handshake for a minute, holding one of the Manager's descriptors
    try (BoundedManager manager = BoundedManager.startUnder(fewDescriptors, "maxHandshakes=5000", "handshakeTimeout=60000");
        HonestClient honest = new HonestClient(manager, "service")) {
      List<SocketChannel> silent = new ArrayList<>();
      Path descriptors = Path.of("/proc/" + manager.jvm.pid() + "/fd");
      try {
        long open = 0;
        for (int i = 0; i < 2000 && open < LIMIT; i++) {
          try {
            silent.add(RawConnection.tcp(manager.port, 0, 0));
          } catch (IOException e) {
            break; // the accept queue is full: the Manager has stopped accepting
          }
          if (i % 8 == 0) {
            open = count(descriptors);
          }
        }
        for (int i = 0; i < 4; i++) { // a few more wait in the accept queue: accepting them fails
          try {
            silent.add(RawConnection.tcp(manager.port, 0, 0));
          } catch (IOException e) {
            break;
          }
        }
        open = count(descriptors);
        System.out.println(silent.size() + " silent sockets; the Manager has " + open + " of its " + LIMIT
            + " file descriptors open");
        assertTrue(open >= LIMIT - 1, "the Manager never ran out of file descriptors: the test proves nothing");
        // out of descriptors for two seconds (some forty failed accepts): that is the condition under test
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() - until < 0) {
          manager.assertAlive();
          honest.assertServedWithin1s(); // an authenticated client needs no new descriptor
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
      } finally {
        for (SocketChannel s : silent) {
          s.close();
        }
      }
      // the handshakes see their sockets end and give their descriptors back: the loop accepts again
      try {
        manager.assertServesSoon();
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("no new client is served once descriptors are free; the Manager's output:\n"
            + BoundedManager.tail(manager.jvm.output()), e);
      }
    }
  }

  private static long count(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.count();
    }
  }
}
