package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * README, section 9: each connection maps 516 KiB on each side, and "the pages are allocated as
 * bytes first pass through them". A connection that carried a few small calls holds less than
 * half of its pages resident, in the client's JVM and in the Manager's (measured: 128 and 68 kB,
 * the kernel mapping pages around a fault 64 KiB at a time, and the same after 200 calls); once a
 * megabyte has passed through, the rings' pages are all there (which shows the measure sees them).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedMemoryPagesTest {
  private static final long MAPPED_KB = 516;

  @Test
  void aConnectionsPagesAreAllocatedAsBytesFirstPassThroughThem(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/smaps")), "no /proc/self/smaps here");
    AuthKey key = AuthKey.generate();
    try (ChildJvm manager = ChildJvm.start(SharedMemoryManagerMain.class, key, dir.toString())) {
      int port = Integer.parseInt(manager.awaitLine("PORT", Duration.ofSeconds(30)));
      Path managerSmaps = Path.of("/proc/" + manager.pid() + "/smaps");
      try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key).connections(1)
          .sharedMemory(true).connect()) {
        assertTrue(client.usesSharedMemory(), "the client stayed on TCP");
        TestService service = client.shared(TestService.class, "service");
        for (int i = 0; i < 20; i++) {
          assertEquals("small " + i, service.echo("small " + i));
        }
        long clientKb = SharedMemoryTest.residentKb(Path.of("/proc/self/smaps"), dir);
        long managerKb = SharedMemoryTest.residentKb(managerSmaps, dir);
        System.out.println("after 20 small calls: " + clientKb + " kB of the rings resident in the client, "
            + managerKb + " kB in the Manager (" + MAPPED_KB + " KiB mapped on each side)");
        assertTrue(clientKb > 0 && managerKb > 0, "no ring mapping found: the measure is broken");
        assertTrue(clientKb <= MAPPED_KB / 2, clientKb + " kB resident in the client after 20 small calls");
        assertTrue(managerKb <= MAPPED_KB / 2, managerKb + " kB resident in the Manager after 20 small calls");

        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 20; i++) { // 1.25 MiB each way: every page of both rings is written
          assertEquals(chunk.length, service.echoBytes(chunk).length);
        }
        clientKb = SharedMemoryTest.residentKb(Path.of("/proc/self/smaps"), dir);
        managerKb = SharedMemoryTest.residentKb(managerSmaps, dir);
        System.out.println("after 1.25 MiB each way: " + clientKb + " kB resident in the client, " + managerKb
            + " kB in the Manager");
        assertTrue(clientKb >= MAPPED_KB * 3 / 4, "only " + clientKb + " kB resident in the client after 1.25 MiB");
        assertTrue(managerKb >= MAPPED_KB * 3 / 4, "only " + managerKb + " kB resident in the Manager after 1.25 MiB");
      }
    }
  }
}
