package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.ManagerClient;
import io.typedipc.builtin.SharedList;
import io.typedipc.builtin.SharedQueue;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a hosted object costs the Manager's heap (a 256 MiB Manager in its own JVM). Each method's
 * latency histogram (about 4 KiB) used to be made when the object was hosted: an empty map, with
 * two dozen methods, cost 92 KiB, so a client creating maps by name took the Manager to {@code
 * OutOfMemoryError} with about 3,000 of them (an audit). A histogram is now made by its method's
 * first call.
 */
@Timeout(120)
class ObjectMemoryTest {
  private static final long KiB = 1024;

  @Test
  void anObjectCostsAFewKiBPlusTheHistogramsOfTheMethodsCalled() throws Exception {
    int objects = 2_000;
    try (BoundedManager manager = BoundedManager.start();
        ManagerClient client = TestTransport.connect(manager.port, manager.key)) {
      long grew = manager.heapGrowth(objects, "empty maps", i -> client.map("cost-" + i));
      assertTrue(grew < objects * 4 * KiB, objects + " empty maps cost the Manager " + (grew / KiB) + " KiB");

      // calling one method makes that method's histogram only
      long calledGrew = manager.heapGrowth(objects, "maps with one method called",
          i -> client.<String, Integer>map("cost-" + i).put("k", i));
      assertTrue(calledGrew < objects * 12 * KiB, "one method called on each of " + objects + " maps cost the Manager "
          + (calledGrew / KiB) + " KiB more");
      assertEquals(objects - 1, client.<String, Integer>map("cost-" + (objects - 1)).get("k"));
    }
  }

  /**
   * A removed object is freed even while the clients that used it stay: a built-in registers an
   * action with each client's session (to release what the client holds when it leaves), and those
   * actions kept every removed queue, with its elements, reachable for as long as its clients
   * stayed connected (an audit of the session's disconnect list). Nor is it kept by the handle
   * table of the client's connection: each removed object used to cost about 250 bytes there until
   * the connection closed (about 1 MiB for these 4,000), so a client cycling through creating and
   * removing objects grew the Manager's heap without bound.
   */
  @Test
  void aRemovedObjectIsNotKeptByTheSessionsOfClientsThatUsedIt() throws Exception {
    int queues = 2_000;
    try (BoundedManager manager = BoundedManager.start();
        ManagerClient client = TestTransport.connect(manager.port, manager.key)) {
      long grew = manager.heapGrowth(queues, "queues of 4 KiB and locks used and removed", i -> {
        SharedQueue<byte[]> queue = client.queue("removed-" + i, byte[].class, 0);
        try {
          queue.put(new byte[4096]);
          client.lock("removed-lock-" + i).lock(); // held: its client's departure would release it
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        client.remove("removed-" + i);
        client.remove("removed-lock-" + i);
      });
      assertTrue(grew < queues * KiB / 4, queues + " removed queues of 4 KiB and locks still cost the Manager "
          + (grew / KiB) + " KiB while their client stayed");
    }
  }

  /**
   * The Manager's threads that must not end (the acceptor, the watchdog that closes sockets that
   * never authenticate or fell silent, the promoter) go on after an {@code OutOfMemoryError}: a
   * client filling a small heap killed all three (an audit: the Manager then never accepted nor
   * timed out anything again). The heap is filled for good here, so the threads are looked for
   * in a thread dump.
   */
  @Test
  void theManagersOwnThreadsOutliveAFullHeap() throws Exception {
    try (BoundedManager manager = BoundedManager.start(List.of("-Xmx64m", "-XX:-ExitOnOutOfMemoryError"),
        "handshakeTimeout=1000")) {
      int mib = fill(manager, 1 << 20, 1_000); // 1 GiB: far past the heap
      assertTrue(mib < 1_000, "64 MiB of heap held 1,000 MiB");
      fill(manager, 16 << 10, 10_000); // what is left, in smaller pieces
      // sockets that never authenticate: the acceptor takes them, the watchdog closes them after
      // the handshake timeout, both allocating in a full heap
      List<Socket> silent = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket socket = new Socket();
          silent.add(socket);
          socket.connect(new InetSocketAddress("127.0.0.1", manager.port), 10_000);
        }
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2)); // past the handshake timeout
      } finally {
        for (Socket socket : silent) {
          socket.close();
        }
      }
      manager.assertAlive();
      String threads = threadDump(manager);
      for (String name : List.of("typedipc-manager-accept-", "typedipc-manager-watchdog-", "typedipc-manager-promoter-")) {
        assertTrue(threads.contains("\"" + name + manager.port + "\""), () -> "no thread " + name + manager.port
            + " in the Manager after its heap filled up; it said:\n" + BoundedManager.tail(threads));
      }
    }
  }

  /** Adds arrays of {@code size} bytes to the list "fill" until the Manager fails; returns how many it took. */
  private static int fill(BoundedManager manager, int size, int most) {
    int added = 0;
    try (ManagerClient filler = manager.client(Duration.ofSeconds(2))) { // a call the full Manager cannot take fails soon
      SharedList<byte[]> fill = filler.list("fill");
      while (added < most) {
        fill.add(new byte[size]);
        added++;
      }
    } catch (RuntimeException full) {
      System.out.println("the Manager's heap was full after " + added + " arrays of " + size + " bytes: " + full);
    }
    return added;
  }

  /**
   * The Manager JVM's thread dump, which a {@code SIGQUIT} makes it print to its output. (Attaching
   * {@code jcmd} does not work: the JVM would start its attach listener, a Java thread, in a full
   * heap.)
   */
  private static String threadDump(BoundedManager manager) throws Exception {
    manager.jvm.signal("QUIT");
    manager.jvm.awaitLine("JNI global refs", Duration.ofSeconds(30)); // the dump's last line
    return manager.jvm.output();
  }
}
