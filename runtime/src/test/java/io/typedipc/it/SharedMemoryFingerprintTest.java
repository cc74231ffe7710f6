package io.typedipc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.typedipc.AuthKey;
import io.typedipc.ManagerClient;
import io.typedipc.StandaloneManager;
import io.typedipc.VersionMismatchException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * README, section 9: over shared memory "everything works the same", fingerprints included — the
 * one item of that list the shared-memory rerun of the behaviour tests does not cover ({@code
 * VersionMismatchTest} runs over TCP only). As there: a Manager compiled against another version
 * of {@link Versioned} ({@link StandaloneManager}, its own JVM, with {@code --shared-memory true}),
 * and a client that moved to shared memory; the first lookup fails naming the differing methods.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SharedMemoryFingerprintTest {

  @Test
  void overSharedMemoryDifferentInterfaceVersionsFailOnFirstUseNamingTheMethod(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("src/io/typedipc/it");
    Files.createDirectories(src);
    Files.writeString(src.resolve("Versioned.java"), """
        package io.typedipc.it;
        @io.typedipc.annotation.Shared
        public interface Versioned {
          long value();
        }
        """);
    Files.writeString(src.resolve("VersionedV2.java"), """
        package io.typedipc.it;
        public class VersionedV2 implements Versioned {
          public long value() { return 2; }
        }
        """);
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-proc:full", "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
        src.resolve("Versioned.java").toString(), src.resolve("VersionedV2.java").toString());
    assertEquals(0, rc, "compiling version 2 failed");

    AuthKey key = AuthKey.generate();
    String classpath = classes + File.pathSeparator + System.getProperty("java.class.path");
    try (ChildJvm manager = ChildJvm.start(classpath, StandaloneManager.class, key,
        "--port", "0", "--auth-key-env", ChildJvm.KEY_ENV, "--jmx", "false",
        "--shared-memory", "true", "--shared-memory-directory", dir.toString(),
        "--share", "versioned=io.typedipc.it.Versioned:io.typedipc.it.VersionedV2")) {
      String address = manager.awaitLine("typedipc manager listening on", Duration.ofSeconds(30));
      int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
      try (ManagerClient client = ManagerClient.builder().address("127.0.0.1", port).authKey(key)
          .sharedMemory(true).connect()) {
        assertTrue(client.usesSharedMemory(), "the client stayed on TCP");
        VersionMismatchException e = assertThrows(VersionMismatchException.class,
            () -> client.shared(Versioned.class, "versioned"));
        for (String expected : List.of("io.typedipc.it.Versioned", "'int value()' exists only in the client",
            "'long value()' exists only in the Manager")) {
          assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
        assertTrue(client.isConnected(), "a version mismatch is no reason to drop the connection");
      }
    }
  }
}
