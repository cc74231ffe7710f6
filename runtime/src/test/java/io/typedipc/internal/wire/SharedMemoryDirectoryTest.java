package io.typedipc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where shared-memory files go by default, as the README says: {@code /dev/shm} where it exists,
 * else the temp directory. The choice is tried with stand-ins for both, so that a host without
 * {@code /dev/shm} is covered on one that has it (SharedMemoryTest checks the files land in
 * {@code /dev/shm} on this host).
 */
class SharedMemoryDirectoryTest {

  @Test
  void aWritableShmDirectoryIsChosen(@TempDir Path dir) throws Exception {
    Path shm = Files.createDirectory(dir.resolve("shm"));
    Path temp = Files.createDirectory(dir.resolve("tmp"));
    assertEquals(shm, SharedMemoryHandshake.defaultDirectory(shm, temp));
  }

  @Test
  void withoutOneTheTempDirectoryIsChosen(@TempDir Path dir) throws Exception {
    Path temp = Files.createDirectory(dir.resolve("tmp"));
    assertEquals(temp, SharedMemoryHandshake.defaultDirectory(dir.resolve("no-shm-here"), temp));
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsPassedOver(@TempDir Path dir) throws Exception {
    Path notADirectory = Files.createFile(dir.resolve("shm"));
    Path temp = Files.createDirectory(dir.resolve("tmp"));
    assertEquals(temp, SharedMemoryHandshake.defaultDirectory(notADirectory, temp));
  }
}
